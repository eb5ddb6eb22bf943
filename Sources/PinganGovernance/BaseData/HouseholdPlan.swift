import Foundation
import PinganKernel

/// What a household import will write, decided one household (all rows of one 户号) at a time:
/// a household with any bad row is left out whole, so a valid row never half-imports a family.
struct HouseholdPlan {
    struct KnownHouse {
        var id: String
        var number: String?
        var address: String
        var gridCode: String
        var gridPath: String
    }

    struct KnownHousehold {
        var id: String
        var headID: String?
        var headName: String?
        var houseID: String?
        var gridCode: String
        var gridPath: String
    }

    /// Records on record inside the importer's scope, as loaded before planning.
    struct Known {
        var people: [String: KnownPerson] = [:]
        var houses: [KnownHouse] = []
        var households: [String: [KnownHousehold]] = [:]
        /// Household numbers on record outside the scope (number → id, path): never matched for writing.
        var outside: [String: (id: String, path: String)] = [:]
    }

    /// A person's new household link: nil fields stay as they are.
    struct MemberUpdate {
        var personID: String
        var householdID: String?
        var relation: String?
        var houseID: String?
        var version: Int
        var fields: [String]
    }

    let known: Known
    let leaves: [String: ImportScope.Leaf]
    let source: ImportSource
    private let housesByNumber: [String: [KnownHouse]]
    private let housesByAddress: [String: [KnownHouse]]

    var ids: RecordIDs
    var inserts: [HouseholdRecord] = []
    var givenFields: [String: [String]] = [:]
    var householdUpdates: [(id: String, changed: [String: String])] = []
    var updatedHouseholds = Set<String>()
    var unchanged = 0
    var memberUpdates: [MemberUpdate] = []
    var householdAsides: [(id: String, field: String, value: String)] = []
    var memberAsides: [(id: String, field: String, value: String)] = []
    /// Households whose number is another's outside the scope: checked like new ones, written nowhere.
    var held: [ImportMerges.Draft] = []
    /// Person id → (row, 户号) of the file row that placed them, so one person joins one household.
    private var placed: [String: (row: Int, number: String)] = [:]

    init(known: Known, leaves: [String: ImportScope.Leaf], source: ImportSource, at now: Date) {
        self.ids = RecordIDs(prefix: "hh-", at: now)
        self.known = known
        self.leaves = leaves
        self.source = source
        housesByNumber = Dictionary(grouping: known.houses.filter { $0.number != nil }, by: { $0.number! })
        housesByAddress = Dictionary(grouping: known.houses, by: { $0.gridPath + "|" + ImportText.addressKey($0.address) })
    }

    mutating func add(number: String, rows: [MemberRow], notes: inout ImportNotes) {
        var local = ImportNotes()
        let resolved = resolve(number: number, rows: rows, notes: &local)
        notes.conflicts += local.conflicts
        notes.rejected.formUnion(local.rejected)
        guard let resolved else {
            // One bad row keeps its whole household out; say so on the household's other rows.
            let first = local.rejected.min() ?? 0
            for r in rows where !local.rejected.contains(r.row) {
                notes.reject(r.row, "householdNumber", number, "同一户（户号 \(number)）第 \(first) 行有误，整户未导入")
            }
            return
        }
        if resolved.existing == nil, let other = known.outside[number] {
            // Answered exactly as a new household: planned as one on a copy, for the same notes and
            // counts, and written nowhere; held for the centre that covers both.
            var asNew = self
            asNew.plan(resolved, number: number, notes: &notes)
            placed = asNew.placed
            unchanged = asNew.unchanged
            updatedHouseholds = asNew.updatedHouseholds
            let rowFields = rows.map(\.fields)
            held.append(ImportMerges.Draft(kind: "household", recordID: other.id, recordPath: other.path,
                                           incomingPath: leaves[resolved.gridCode]!.path, fields: rowFields[0], row: rows[0].row,
                                           otherRows: Array(rowFields.dropFirst())))
            return
        }
        plan(resolved, number: number, notes: &notes)
    }

    typealias MemberRow = HouseholdImporter.MemberRow

    /// A household the rows agree on: head, members (person, relation, row), house and grid.
    struct Resolved {
        var head: KnownPerson
        var headRow: Int
        var members: [(person: KnownPerson, relation: String?, row: Int)]
        var house: KnownHouse?
        var houseRow: Int
        var gridCode: String
        var gridRow: Int
        var existing: KnownHousehold?
    }

    private mutating func resolve(number: String, rows: [MemberRow], notes: inout ImportNotes) -> Resolved? {
        // Head: the member whose relation is 户主, or the head column; they must agree.
        var heads: [(number: String, row: Int, field: String)] = []
        for r in rows {
            if let m = r.member, r.relation == "户主" { heads.append((m, r.row, "residentId")) }
            if let h = r.head { heads.append((h, r.row, "headResidentId")) }
        }
        guard let headEntry = heads.first else {
            notes.reject(rows[0].row, "relationToHead", "", "户号 \(number) 未指明户主（与户主关系为“户主”的成员，或户主身份证号）")
            return nil
        }
        for other in heads where other.number != headEntry.number {
            notes.reject(other.row, other.field, other.number, "与第 \(headEntry.row) 行的户主不是同一人：一户只有一个户主")
        }
        func person(_ id: String, _ row: Int, _ field: String) -> KnownPerson? {
            guard let p = known.people[id] else {
                notes.reject(row, field, id, "证件号码 \(Masking.documentNumber(id)) 对应的人员尚未登记（或不在管辖范围内），请先导入人员")
                return nil
            }
            return p
        }
        let head = person(headEntry.number, headEntry.row, headEntry.field)
        // Members: every row's member, and the head.
        var members: [(person: KnownPerson, relation: String?, row: Int)] = []
        var inHousehold: [String: Int] = [:]
        for r in rows {
            guard let m = r.member else { continue }
            if let first = inHousehold[m] { notes.reject(r.row, "residentId", m, "与第 \(first) 行是同一成员（重复）"); continue }
            inHousehold[m] = r.row
            guard let p = person(m, r.row, "residentId") else { continue }
            if let other = placed[p.id] {
                notes.reject(r.row, "residentId", m, "此人已在第 \(other.row) 行列入户号 \(other.number)：一人只能属于一户")
                continue
            }
            members.append((p, r.relation, r.row))
        }
        if let head, inHousehold[headEntry.number] == nil {
            if let other = placed[head.id] {
                notes.reject(headEntry.row, headEntry.field, headEntry.number, "此人已在第 \(other.row) 行列入户号 \(other.number)：一人只能属于一户")
            }
            members.append((head, "户主", headEntry.row))
        }
        // House and grid: any row may carry them; rows that carry them must agree.
        var house: KnownHouse? = nil
        var houseRow = 0
        let grids = rows.compactMap { r in r.grid.map { ($0, r.row) } }
        for g in grids where g.0 != grids[0].0 { notes.reject(g.1, "grid", g.0, "与第 \(grids[0].1) 行的网格编码不同：一户只在一个网格") }
        let gridHint = grids.first?.0 ?? head.map { String($0.gridPath.split(separator: "/").last ?? "") }
        let places = rows.compactMap { r -> (String, String, Int)? in
            if let n = r.houseNumber { return ("houseNumber", n, r.row) }
            if let a = r.address, !a.isEmpty { return ("address", a, r.row) }
            return nil
        }
        for p in places where (p.0, p.1) != (places[0].0, places[0].1) {
            notes.reject(p.2, p.0, p.1, "与第 \(places[0].2) 行的房屋不同：一户只住一处房屋")
        }
        if let (field, value, row) = places.first {
            houseRow = row
            var found: [KnownHouse]
            if field == "houseNumber" {
                found = housesByNumber[value] ?? []
            } else {
                let path = gridHint.flatMap { leaves[$0]?.path } ?? ""
                found = housesByAddress[path + "|" + ImportText.addressKey(value)] ?? []
            }
            if let g = grids.first?.0 { found = found.filter { $0.gridCode == g } }
            if found.isEmpty {
                notes.reject(row, field, value, field == "houseNumber" ? "房屋编号 \(value) 尚未登记（或不在管辖范围内），请先导入房屋"
                                                                       : "网格内找不到地址为“\(value)”的房屋，请先导入房屋或留空")
            } else if found.count > 1 {
                notes.reject(row, field, value, "对应 \(found.count) 处房屋，请改填房屋编号")
            } else {
                house = found[0]
            }
        }
        let existing = known.households[number] ?? []
        if existing.count > 1 { notes.reject(rows[0].row, "householdNumber", number, "户号 \(number) 已对应 \(existing.count) 户，请先核对") }
        guard notes.rejected.isEmpty, let head else { return nil }
        let gridCode = grids.first?.0 ?? house?.gridCode ?? gridHint ?? ""
        guard leaves[gridCode] != nil else {
            notes.reject(rows[0].row, "grid", gridCode, "户的网格 \(gridCode) 不在管辖范围内")
            return nil
        }
        return Resolved(head: head, headRow: headEntry.row, members: members, house: house, houseRow: houseRow, gridCode: gridCode,
                        gridRow: grids.first?.1 ?? rows[0].row, existing: existing.first)
    }

    private mutating func plan(_ r: Resolved, number: String, notes: inout ImportNotes) {
        let householdID: String
        var changedHousehold = false
        // Where the household lives after this import, and whether that changed.
        var houseID = r.house?.id
        var houseMoved = false
        var headSetAside = false
        if let old = r.existing {
            householdID = old.id
            var changed: [String: String] = [:]
            let values: [(field: String, new: String?, old: String?, row: Int, shown: String, oldShown: String)] = [
                ("head", r.head.id, old.headID, r.headRow, r.head.name, old.headName ?? "无"),
                ("house", r.house?.id, old.houseID, r.houseRow, r.house?.address ?? "", known.houses.first { $0.id == old.houseID }?.address ?? "另一处房屋"),
                ("grid", r.gridCode, old.gridCode, r.gridRow, r.gridCode, old.gridCode),
            ]
            for v in values {
                guard let new = v.new, new != v.old else { continue }
                if v.old == nil || source.authoritativeFields.contains(v.field) {
                    changed[v.field] = new
                } else {
                    notes.note(v.row, v.field, v.shown, ImportNotes.asideMessage(field: v.field, existing: v.oldShown, source: source.name))
                    householdAsides.append((old.id, v.field, new))
                    if v.field == "head" { headSetAside = true }
                }
            }
            if !changed.isEmpty {
                householdUpdates.append((old.id, changed))
                changedHousehold = true
            }
            houseID = changed["house"] ?? old.houseID
            houseMoved = changed["house"] != nil
        } else {
            householdID = ids.make()
            let leaf = leaves[r.gridCode]!
            inserts.append(HouseholdRecord(id: householdID, number: number, headPersonID: r.head.id, houseID: r.house?.id,
                                           gridCode: r.gridCode, gridPath: leaf.path))
            givenFields[householdID] = ["householdNumber", "head"] + (r.house == nil ? [] : ["house"]) + ["grid"]
        }
        // Members: join (or move to) this household; the register is the authority on moves.
        var changedMembers = false
        for m in r.members {
            // A head the source may not name does not join as 户主 either.
            if headSetAside && m.person.id == r.head.id { continue }
            placed[m.person.id] = (m.row, number)
            var update = MemberUpdate(personID: m.person.id, version: m.person.version + 1, fields: [])
            if m.person.householdID != householdID {
                if m.person.householdID == nil || source.authoritativeFields.contains("householdNumber") {
                    update.householdID = householdID
                    update.fields.append("householdNumber")
                    if let rel = m.relation { update.relation = rel; update.fields.append("relationToHead") }
                    if let houseID, m.person.houseID != houseID { update.houseID = houseID; update.fields.append("house") }
                } else {
                    notes.note(m.row, "householdNumber", number, "此人已属于另一户，\(source.name)不是户籍的权威来源，已另存为冲突")
                    memberAsides.append((m.person.id, "householdNumber", number))
                    continue
                }
            } else {
                if let rel = m.relation, rel != m.person.relation {
                    if m.person.relation == nil || source.authoritativeFields.contains("relationToHead") {
                        update.relation = rel
                        update.fields.append("relationToHead")
                    } else {
                        notes.note(m.row, "relationToHead", rel, ImportNotes.asideMessage(field: "relationToHead", existing: m.person.relation ?? "", source: source.name))
                        memberAsides.append((m.person.id, "relationToHead", rel))
                    }
                }
                // The household moved house (or gained one): its members live there now.
                if houseMoved, let houseID, m.person.houseID != houseID {
                    update.houseID = houseID
                    update.fields.append("house")
                }
            }
            if !update.fields.isEmpty {
                memberUpdates.append(update)
                changedMembers = true
            }
        }
        if r.existing != nil {
            if changedHousehold || changedMembers { updatedHouseholds.insert(householdID) } else { unchanged += 1 }
        }
    }
}
