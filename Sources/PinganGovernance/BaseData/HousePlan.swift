import Foundation
import PinganKernel

// Deciding what a house import writes, row by row, once each row's house is known: the fields a
// row changes, those it may not change (kept aside as conflicts) and the new houses.
extension HouseImporter {
    /// What an import writes: new houses, changed fields of known ones, conflicts kept aside.
    struct Plan {
        var ids: RecordIDs
        var inserts: [HouseRecord] = []
        var givenFields: [String: [String]] = [:]
        var updates: [(id: String, changed: [String: String], path: String?)] = []
        var unchanged = 0
        var asides: [(id: String, field: String, value: String)] = []

        mutating func add(_ c: Candidate, match: Existing?, ownerID: String?, source: ImportSource, notes: inout ImportNotes) {
            let location = c.point.map { "\($0.lat7),\($0.lng7)" }
            let values: [String: String?] = ["houseNumber": c.number, "address": c.address, "use": c.use?.rawValue, "ownerName": c.ownerName,
                                             "ownerResidentId": ownerID, "floors": c.floors.map(String.init), "grid": c.gridCode, "location": location]
            guard let old = match else {
                let point = c.point ?? c.leaf.labelPoint
                let id = ids.make()
                inserts.append(HouseRecord(id: id, number: c.number, address: c.address, point: point, use: c.use ?? .residential,
                                           ownerName: c.ownerName, ownerPersonID: ownerID, floors: c.floors, gridCode: c.gridCode, gridPath: c.leaf.path))
                givenFields[id] = values.filter { $0.value != nil }.keys.sorted()
                return
            }
            var changed: [String: String] = [:]
            for (field, value) in values.sorted(by: { $0.key < $1.key }) {
                guard let newValue = value, old.values[field] != newValue else { continue }
                // The address is how this row found the house: a spelling variant is no change.
                if field == "address", ImportText.addressKey(newValue) == old.addressKey { continue }
                if old.values[field] == nil || source.authoritativeFields.contains(field) {
                    changed[field] = newValue
                } else {
                    notes.note(c.row, field, HouseImporter.shown(field, newValue, c), ImportNotes.asideMessage(field: field, existing: HouseImporter.shown(field, old.values[field]!, nil),
                                                                                                    source: source.name))
                    asides.append((old.id, field, newValue))
                }
            }
            if changed.isEmpty { unchanged += 1 } else {
                updates.append((old.id, changed, changed["grid"] == nil ? nil : c.leaf.path))
            }
        }
    }

    /// A compared value as a person reads it: degrees for a location, the file's ID for an owner
    /// (another owner on record shows as 另一登记人员, never their ID).
    static func shown(_ field: String, _ value: String, _ row: Candidate?) -> String {
        switch field {
        case "location":
            let parts = value.split(separator: ",").compactMap { Int64($0) }
            guard parts.count == 2 else { return value }
            let p = GeoPoint(lat7: parts[0], lng7: parts[1])
            return String(format: "%.6f,%.6f", p.latitude, p.longitude)
        case "ownerResidentId": return row?.ownerNumber ?? "另一登记人员"
        default: return value
        }
    }
}
