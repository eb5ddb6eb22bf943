import PinganKernel

/// Rows held back by imports, and the binding of an account's import source, in the OpenAPI document.
extension APICatalogue {
    static let imports: [APIOperation] = [
        .init(method: "GET", path: "/api/v1/imports/merges", summary: "待合并的导入行：证件号码、信用代码等属于管辖范围外记录的行，由同时覆盖两者的最低一级中心处理",
              tag: "基础数据", access: .session,
              responses: [200: ("待合并行（证件号码与电话已脱敏）与已有记录", ["type": "object", "properties": [
                  "items": ["type": "array", "items": ["type": "object", "properties": [
                      "id": ["type": "string"], "kind": ["type": "string"], "row": ["type": "integer"], "importer": ["type": "string"],
                      "source": ["type": "string"], "createdAt": ["type": "string"], "status": ["type": "string"],
                      "incoming": ["type": "object"], "existing": ["type": "object"]]]]]]),
                          403: ("无合并权限", problem)]),
        .init(method: "POST", path: "/api/v1/imports/merges/{id}", summary: "处理待合并行：merge 按导入来源的字段权威写入已有记录，reject 不写入；均留审计",
              tag: "基础数据", access: .session, parameters: [.p("id", "待合并行编号")],
              requestBody: ["type": "object", "required": ["decision"], "properties": ["decision": ["type": "string", "enum": ["merge", "reject"]]]],
              responses: [200: ("处理结果（merge 时含导入报告）", object), 400: ("decision 无效", problem), 403: ("无合并权限", problem),
                          404: ("不存在、已处理或不在管辖范围内", problem), 409: ("记录已移出管辖范围，或该行未能写入", problem)]),
        .init(method: "PUT", path: "/api/v1/users/{username}/import-source", summary: "绑定账户的导入数据来源（安全管理员）：如 公安户籍、住建局；null 解除",
              tag: "用户", access: .session, parameters: [.p("username", "用户名")],
              requestBody: ["type": "object", "properties": ["source": ["type": ["string", "null"]]]],
              responses: [200: ("已绑定", object), 403: ("仅安全管理员", problem), 404: ("无此用户", problem)]),
    ]
}
