import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

extension BaseDataRecords {
    public func household(id: String, for identity: Identity, client: String) async throws -> HouseholdView {
        try identity.require(.peopleRead)
        let (row, members, house) = try await database.read { db in
            let row = try await visibleRow("households", id: id, for: identity, on: db)
            let members = try await db.raw("SELECT id, name, relation, doc_number, phone, residency FROM people WHERE household_id = \(bind: id) ORDER BY (relation = '户主') DESC, birth_date").all().map { m in
                HouseholdView.Member(id: try m.decode(column: "id", as: String.self), name: try m.decode(column: "name", as: String.self),
                                     relationToHead: try m.decode(column: "relation", as: String?.self),
                                     residentId: try m.decode(column: "doc_number", as: String?.self).map(Masking.documentNumber),
                                     phone: try m.decode(column: "phone", as: String?.self).map(Masking.phone),
                                     residency: try m.decode(column: "residency", as: String.self))
            }
            let house = try await (try row.decode(column: "house_id", as: String?.self)).asyncMap { hid in
                try await db.raw("SELECT id, address FROM houses WHERE id = \(bind: hid)").first().map {
                    HouseRef(id: try $0.decode(column: "id", as: String.self), address: try $0.decode(column: "address", as: String.self))
                }
            } ?? nil
            return (row, members, house)
        }
        let headID = try row.decode(column: "head_person_id", as: String?.self)
        let head = headID.flatMap { h in members.first { $0.id == h } }.map { Ref(id: $0.id, name: $0.name) }
        let view = HouseholdView(id: id, number: try row.decode(column: "number", as: String?.self), head: head, members: members, house: house,
                                 grid: try await gridRef(path: try row.decode(column: "grid_path", as: String.self)))
        try await openAudit(identity, "households.open", "household:\(id)", client: client)
        return view
    }

    public func house(id: String, for identity: Identity, client: String) async throws -> HouseView {
        try identity.require(.peopleRead)
        let (row, households, orgs, residents) = try await database.read { db in
            let row = try await visibleRow("houses", id: id, for: identity, on: db)
            let households = try await db.raw("""
                SELECT h.id, h.number, p.name AS head_name, (SELECT COUNT(*) FROM people m WHERE m.household_id = h.id) AS members
                FROM households h LEFT JOIN people p ON p.id = h.head_person_id WHERE h.house_id = \(bind: id) ORDER BY h.id
                """).all().map { r in
                HouseView.HouseholdRow(id: try r.decode(column: "id", as: String.self), number: try r.decode(column: "number", as: String?.self),
                                       headName: try r.decode(column: "head_name", as: String?.self), memberCount: try r.decode(column: "members", as: Int.self))
            }
            let orgs = try await db.raw("SELECT id, name, kind FROM organisations WHERE house_id = \(bind: id) ORDER BY name").all().map { r in
                HouseView.OrganisationRow(id: try r.decode(column: "id", as: String.self), name: try r.decode(column: "name", as: String.self),
                                          kindName: OrganisationKind(rawValue: try r.decode(column: "kind", as: String.self))?.chineseName ?? "")
            }
            let residents = try await db.raw("SELECT COUNT(*) AS n FROM people WHERE house_id = \(bind: id)").first()?.decode(column: "n", as: Int.self) ?? 0
            return (row, households, orgs, residents)
        }
        let point = GeoPoint(lat7: try row.decode(column: "lat7", as: Int64.self), lng7: try row.decode(column: "lng7", as: Int64.self))
        let use = HouseUse(rawValue: try row.decode(column: "use", as: String.self)) ?? .residential
        let view = HouseView(id: id, number: try row.decode(column: "number", as: String?.self), address: try row.decode(column: "address", as: String.self), lat: point.latitude, lng: point.longitude,
                             use: use.rawValue, useName: use.chineseName, ownerName: try row.decode(column: "owner_name", as: String?.self),
                             floors: try row.decode(column: "floors", as: Int?.self), households: households, organisations: orgs, residents: residents,
                             grid: try await gridRef(path: try row.decode(column: "grid_path", as: String.self)))
        try await openAudit(identity, "houses.open", "house:\(id)", client: client)
        return view
    }

    public func organisation(id: String, for identity: Identity, client: String) async throws -> OrganisationView {
        try identity.require(.peopleRead)
        let (row, house, employees) = try await database.read { db in
            let row = try await visibleRow("organisations", id: id, for: identity, on: db)
            let house = try await (try row.decode(column: "house_id", as: String?.self)).asyncMap { hid in
                try await db.raw("SELECT id, address FROM houses WHERE id = \(bind: hid)").first().map {
                    HouseRef(id: try $0.decode(column: "id", as: String.self), address: try $0.decode(column: "address", as: String.self))
                }
            } ?? nil
            let employees = try await db.raw("SELECT COUNT(*) AS n FROM people WHERE workplace_id = \(bind: id)").first()?.decode(column: "n", as: Int.self) ?? 0
            return (row, house, employees)
        }
        let kind = OrganisationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .enterprise
        let view = OrganisationView(id: id, name: try row.decode(column: "name", as: String.self), creditCode: try row.decode(column: "credit_code", as: String?.self),
                                    kind: kind.rawValue, kindName: kind.chineseName,
                                    legalRepresentative: try row.decode(column: "legal_representative", as: String?.self),
                                    phone: try row.decode(column: "phone", as: String?.self).map(Masking.phone),
                                    address: try row.decode(column: "address", as: String.self), house: house, employees: employees,
                                    grid: try await gridRef(path: try row.decode(column: "grid_path", as: String.self)))
        try await openAudit(identity, "organisations.open", "organisation:\(id)", client: client)
        return view
    }

    public func place(id: String, for identity: Identity, client: String) async throws -> PlaceView {
        try identity.require(.gridsRead)
        let row = try await database.read { db in try await visibleRow("places", id: id, for: identity, on: db) }
        let point = GeoPoint(lat7: try row.decode(column: "lat7", as: Int64.self), lng7: try row.decode(column: "lng7", as: Int64.self))
        let view = PlaceView(id: id, name: try row.decode(column: "name", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                             lat: point.latitude, lng: point.longitude, grid: try await gridRef(path: try row.decode(column: "grid_path", as: String.self)))
        try await openAudit(identity, "places.open", "place:\(id)", client: client)
        return view
    }

    /// Records of one kind inside a grid's subtree, as search items, with the total.
    public func contents(of code: String, kind: RecordKind, limit: Int, offset: Int, for identity: Identity) async throws -> (total: Int, items: [SearchItem]) {
        try identity.require(.peopleRead)
        guard kind != .grid else { throw Problem.invalid("kind", "kind 须为 person、household、house、organisation 或 place") }
        guard let node = try await grids.summaries(layer: .governance, codes: [code], at: clock.now()).first,
              identity.scope.contains(path: node.path) else { throw Problem.notFound }
        return try await listSearchRows(kind: kind, where: "s.grid_path >= \(bind: node.path) AND s.grid_path < \(bind: String(node.path.dropLast()) + "0")",
                                        limit: limit, offset: offset)
    }

    /// A page of search rows of `kind` matching `condition` (over `search_index s`), people masked.
    func listSearchRows(kind: RecordKind, where condition: SQLQueryString, join: SQLQueryString = "", limit: Int, offset: Int) async throws -> (total: Int, items: [SearchItem]) {
        try await database.read { db in
            let base: SQLQueryString = "FROM search_index s " + join + " WHERE s.kind = \(bind: kind.rawValue) AND " + condition
            let total = try await db.raw("SELECT COUNT(*) AS n " + base).first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw("SELECT s.id, s.grid_path, s.title, s.subtitle " + base
                                        + " ORDER BY s.grid_path, s.id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))").all()
            var items = try rows.map { r in
                let path = try r.decode(column: "grid_path", as: String.self)
                return SearchItem(kind: kind.rawValue, id: try r.decode(column: "id", as: String.self), title: try r.decode(column: "title", as: String.self),
                                  subtitle: try r.decode(column: "subtitle", as: String.self),
                                  gridCode: path.split(separator: "/").last.map(String.init) ?? "", gridPath: path)
            }
            if kind == .person { items = try await Self.maskPeople(items, on: db) }
            return (total, try await Self.addPlaces(items, on: db))
        }
    }
}
