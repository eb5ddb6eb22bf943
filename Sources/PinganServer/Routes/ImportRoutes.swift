import Foundation
import Hummingbird
import PinganAccess
import PinganGovernance
import PinganKernel

/// `POST /api/v1/imports`: a department file (CSV or XLSX) as the raw body; a dry run by default.
struct ImportRoutes {
    let people: PeopleImporter
    let organisations: OrganisationImporter
    let households: HouseholdImporter
    let houses: HouseImporter
    let audit: AuditLog
    let clock: any PinganClock

    static let limit = 256 << 20

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("imports") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.importsWrite)
            let q = request.uri.queryParameters
            guard let kind = ImportKind(rawValue: q.get("kind") ?? "") else {
                throw Problem.invalid("kind", "kind 须为 people、households、houses 或 organisations")
            }
            guard let dryRun = Bool(q.get("dryRun") ?? "true") else { throw Problem.invalid("dryRun", "须为 true 或 false") }
            guard let keepValid = Bool(q.get("keepValid") ?? "false") else { throw Problem.invalid("keepValid", "须为 true 或 false") }
            var mapping: [String: String] = [:]
            if let m = q.get("mapping"), !m.isEmpty {
                guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(m.utf8)) else {
                    throw Problem.invalid("mapping", "须为 JSON 对象：{\"文件表头\":\"字段名\"}")
                }
                mapping = decoded
            }
            let source = ImportSource(name: q.get("source").flatMap { $0.isEmpty ? nil : $0 } ?? identity.displayName)
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: Self.limit) } catch { throw Problem.tooLarge(limit: Self.limit) }
            let data = Data(buffer.readableBytesView)
            guard !data.isEmpty else { throw Problem.invalid("body", "请上传 CSV 或 XLSX 文件内容") }
            let report: ImportReport
            let options = PeopleImporter.Options(dryRun: dryRun, keepValid: keepValid, mapping: mapping, source: source)
            switch kind {
            case .people:
                report = try await people.run(data, options: options, for: identity, client: context.client)
            case .organisations:
                report = try await organisations.run(data, options: options, for: identity)
            case .households:
                report = try await households.run(data, options: options, for: identity)
            case .houses:
                report = try await houses.run(data, options: options, for: identity)
            }
            if report.applied {
                try await audit.recordAndWait(AuditEntry(
                    at: clock.now(), username: identity.username, action: "import.\(kind.rawValue)", target: "import:\(report.importId ?? "")",
                    client: context.client,
                    detail: ["source": .string(source.name), "imported": .int(Int64(report.imported)), "updated": .int(Int64(report.updated)),
                             "unchanged": .int(Int64(report.unchanged)), "rejected": .int(Int64(report.rejected)),
                             "conflicts": .int(Int64(report.conflicts.count))]))
            } else {
                // A dry run changes nothing but reads the file against the records (conflicts show stored values).
                await audit.record(AuditEntry(
                    at: clock.now(), username: identity.username, action: "import.\(kind.rawValue).check", target: "import",
                    client: context.client,
                    detail: ["source": .string(source.name), "imported": .int(Int64(report.imported)), "rejected": .int(Int64(report.rejected)),
                             "conflicts": .int(Int64(report.conflicts.count))]))
            }
            return try JSONResponse.make(report)
        }
    }
}
