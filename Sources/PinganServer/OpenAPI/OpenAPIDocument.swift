import PinganKernel

/// The OpenAPI 3.1 document, built from `APICatalogue`.
enum OpenAPIDocument {
    static let json: String = build().canonical

    static func build() -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for op in APICatalogue.operations {
            var operation: [String: JSONValue] = [
                "summary": .string(op.summary),
                "tags": [.string(op.tag)],
                "operationId": .string(operationID(op)),
            ]
            if op.access == .open { operation["security"] = [] }
            if !op.parameters.isEmpty {
                operation["parameters"] = .array(op.parameters.map {
                    ["name": .string($0.name), "in": .string($0.location), "required": .bool($0.required),
                     "schema": $0.schema, "description": .string($0.description)]
                })
            }
            if let body = op.requestBody {
                operation["requestBody"] = ["required": true, "content": .object([op.requestContentType: ["schema": body]])]
            }
            var responses: [String: JSONValue] = [:]
            for (status, r) in op.responses {
                var response: [String: JSONValue] = ["description": .string(r.description)]
                if let schema = r.schema {
                    let type = status >= 400 && status != 422 ? "application/problem+json" : "application/json"
                    response["content"] = .object([type: ["schema": schema]])
                }
                responses[String(status)] = .object(response)
            }
            if op.access == .session { responses["401"] = ["description": "未登录或会话已过期", "content": ["application/problem+json": ["schema": APIOperation.ref("Problem")]]] }
            responses["400"] = responses["400"] ?? ["description": "请求无效", "content": ["application/problem+json": ["schema": APIOperation.ref("Problem")]]]
            operation["responses"] = .object(responses)
            var item: [String: JSONValue] = [:]
            if case .object(let existing)? = paths[op.path] { item = existing }
            item[op.method.lowercased()] = .object(operation)
            paths[op.path] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "平安 Pingan API", "version": "1.0.0",
                     "description": "县（区）社会治理与公共安全平台接口。错误均为 RFC 9457 problem+json，detail 为中文。"],
            "servers": [["url": "/"]],
            "paths": .object(paths),
            "security": [["bearer": []]],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "POST /api/v1/session 返回的令牌"]],
                "schemas": schemas,
            ],
        ]
    }

    static func operationID(_ op: APIOperation) -> String {
        op.method.lowercased() + op.path.split(whereSeparator: { "/.{}".contains($0) })
            .filter { $0 != "api" && $0 != "v1" }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static let schemas: JSONValue = [
        "Problem": ["type": "object", "required": ["type", "title", "status", "detail"], "properties": [
            "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"], "detail": ["type": "string"],
            "errors": ["type": "array", "items": ["type": "object", "properties": ["field": ["type": "string"], "message": ["type": "string"]]]],
        ]],
        "LoginRequest": ["type": "object", "required": ["username", "password"], "additionalProperties": false, "properties": [
            "username": ["type": "string"], "password": ["type": "string"]]],
        "Session": ["type": "object", "properties": ["token": ["type": "string"], "idleTimeoutSeconds": ["type": "integer"],
                                                      "user": ["type": "object"]]],
        "GridChild": ["type": "object", "properties": ["code": ["type": "string"], "name": ["type": "string"],
                                                        "level": ["type": "integer"], "levelName": ["type": "string"]]],
        "GridNode": ["type": "object", "properties": [
            "code": ["type": "string"], "name": ["type": "string"], "level": ["type": "integer"], "levelName": ["type": "string"],
            "layer": ["type": "string"], "parentCode": ["type": ["string", "null"]],
            "path": ["type": "array", "items": ["type": "object"]], "childCounts": ["type": "object"],
            "children": ["type": "array", "items": ["$ref": "#/components/schemas/GridChild"]],
            "workers": ["type": "array", "items": ["type": "object"]], "validFrom": ["type": "string", "format": "date-time"],
            "validTo": ["type": ["string", "null"]], "labelPoint": ["type": "object"], "bbox": ["type": "array", "items": ["type": "number"]],
        ]],
        "SearchResult": ["type": "object", "properties": [
            "query": ["type": "string"],
            "groups": ["type": "array", "items": ["type": "object", "properties": [
                "kind": ["type": "string", "enum": ["grid", "person", "household", "house", "organisation", "place"]],
                "kindName": ["type": "string"], "count": ["type": "integer"],
                "items": ["type": "array", "items": ["type": "object", "properties": [
                    "id": ["type": "string"], "title": ["type": "string"], "subtitle": ["type": "string"], "kind": ["type": "string"],
                    "gridCode": ["type": "string"], "gridPath": ["type": "string"],
                    "residentId": ["type": "string", "description": "脱敏"], "phone": ["type": "string", "description": "脱敏"]]]],
            ]]],
        ]],
        "GridLocation": ["type": "object", "properties": [
            "code": ["type": "string"], "name": ["type": "string"], "level": ["type": "integer"], "levelName": ["type": "string"],
            "layer": ["type": "string"], "parentCode": ["type": ["string", "null"]],
            "path": ["type": "array", "items": ["type": "object"]], "labelPoint": ["type": "object"], "bbox": ["type": "array", "items": ["type": "number"]],
        ]],
        "GridImportReport": ["type": "object", "properties": [
            "dryRun": ["type": "boolean"], "features": ["type": "integer"], "created": ["type": "integer"],
            "replaced": ["type": "integer"], "unchanged": ["type": "integer"],
            "rejected": ["type": "array", "items": ["type": "object", "properties": [
                "feature": ["type": ["integer", "null"]], "code": ["type": ["string", "null"]], "field": ["type": "string"], "message": ["type": "string"]]]],
        ]],
    ]
}
