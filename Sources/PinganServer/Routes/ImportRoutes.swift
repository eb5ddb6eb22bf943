import Foundation
import Hummingbird
import PinganAccess
import PinganGovernance
import PinganKernel

/// Department imports: `POST /api/v1/imports` (a CSV or XLSX file as the raw body; a dry run by
/// default), the rows held back for a merge and their decision, and the security administrator's
/// binding of an account's import source.
struct ImportRoutes {
    let imports: ImportService
    let bindings: ImportSourceBindings

    func add(to group: RouterGroup<AppRequestContext>) {
        group.post("imports", use: importFile)
        group.get("imports/merges", use: pendingMerges)
        group.post("imports/merges/:id", use: decideMerge)
        group.put("users/:username/import-source", use: bindSource)
    }

    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.importsWrite)
        let q = request.uri.queryParameters
        guard let kind = ImportKind(rawValue: q.get("kind") ?? "") else {
            throw Problem.invalid("kind", "kind 须为 people、households、houses 或 organisations")
        }
        guard q.get("source") == nil else {
            throw Problem.invalid("source", "数据来源由账户绑定（安全管理员设置），不能在请求中指定")
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
        let buffer = try await request.collectBody(.fileImport)
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw Problem.invalid("body", "请上传 CSV 或 XLSX 文件内容") }
        let report = try await imports.run(data, .init(kind: kind, dryRun: dryRun, keepValid: keepValid, mapping: mapping),
                                           for: identity, client: context.client)
        return try JSONResponse.make(report)
    }

    struct MergesOut: Encodable { var items: [ImportMerges.Item] }

    @Sendable func pendingMerges(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSONResponse.make(MergesOut(items: try await imports.pendingMerges(for: identity, client: context.client)))
    }

    struct DecisionIn: StrictDecodable { var decision: String; static let fields: Set<String> = ["decision"] }
    struct DecisionOut: Encodable { var id: String; var decision: String; var report: ImportReport? }

    @Sendable func decideMerge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.importsMerge)
        let id = context.parameters.get("id") ?? ""
        let body = try await StrictJSON.decode(DecisionIn.self, from: request, limit: .small)
        guard let decision = ImportService.Decision(rawValue: body.decision) else {
            throw Problem.invalid("decision", "decision 须为 merge（合并）或 reject（不合并）")
        }
        let report = try await imports.decide(id, decision, for: identity, client: context.client)
        return try JSONResponse.make(DecisionOut(id: id, decision: decision.rawValue, report: report))
    }

    struct SourceIn: StrictDecodable { var source: String?; static let fields: Set<String> = ["source"] }

    @Sendable func bindSource(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.rolesManage)
        let body = try await StrictJSON.decode(SourceIn.self, from: request, limit: .small)
        try await bindings.bind(username: context.parameters.get("username") ?? "", source: body.source, by: identity, client: context.client)
        struct Out: Encodable { var username: String; var source: String? }
        return try JSONResponse.make(Out(username: context.parameters.get("username") ?? "", source: body.source))
    }
}
