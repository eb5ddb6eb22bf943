import PinganKernel

/// The OpenAPI 3.1 document, built from `APICatalogue`. What every route shares is added here,
/// once: paging bounds, 401/400/405, 413/415 on bodies, and Open311's own error format.
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
                     "schema": bounded($0), "description": .string($0.description)]
                })
            }
            if let body = op.requestBody {
                operation["requestBody"] = ["required": true, "content": .object([op.requestContentType: ["schema": body]])]
            }
            operation["responses"] = .object(responses(op))
            var item: [String: JSONValue] = [:]
            if case .object(let existing)? = paths[op.path] { item = existing }
            item[op.method.lowercased()] = .object(operation)
            paths[op.path] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "平安 Pingan API", "version": "1.0.0",
                     "description": "县（区）社会治理与公共安全平台接口。错误均为 RFC 9457 problem+json，detail 为中文（Open311 接口除外，沿用其错误数组）。JSON 请求体须声明 Content-Type: application/json（否则 415），同一对象内字段不得重复；请求体超过接口上限为 413；已知地址的未知方法为 405（含 Allow）。列表以 limit（1–500）与 offset 翻页。"],
            "servers": [["url": "/"]],
            "paths": .object(paths),
            "security": [["bearer": []]],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "POST /api/v1/session 返回的令牌"]],
                "schemas": schemas,
            ],
        ]
    }

    static func responses(_ op: APIOperation) -> [String: JSONValue] {
        let open311 = op.path.hasPrefix("/open311/")
        func error(_ description: String) -> JSONValue {
            // Open311 keeps the GeoReport v2 error array (JSON or XML), never problem+json.
            open311 ? ["description": .string(description), "content": ["application/json": ["schema": APIOperation.ref("Open311Errors")],
                                                                       "text/xml": ["schema": ["type": "string"]]]]
                : ["description": .string(description), "content": ["application/problem+json": ["schema": APIOperation.ref("Problem")]]]
        }
        var responses: [String: JSONValue] = [:]
        for (status, r) in op.responses {
            if status >= 400 && (open311 || r.schema == APIOperation.ref("Problem")) {
                responses[String(status)] = error(r.description)
                continue
            }
            var response: [String: JSONValue] = ["description": .string(r.description)]
            if let schema = r.schema {
                let type = status >= 400 && status != 422 ? "application/problem+json" : "application/json"
                response["content"] = .object([type: ["schema": schema]])
            }
            responses[String(status)] = .object(response)
        }
        if op.access == .session { responses["401"] = error("未登录或会话已过期") }
        responses["400"] = responses["400"] ?? error("请求无效")
        if op.requestBody != nil && !open311 {
            responses["413"] = responses["413"] ?? error("请求体超过此接口的上限")
            if op.requestContentType == "application/json" { responses["415"] = responses["415"] ?? error("Content-Type 不是 application/json") }
        }
        // The shared 405 (an unknown method on a known path) is problem+json on every path.
        responses["405"] = ["description": "该地址不支持此请求方法", "headers": ["Allow": ["description": "该地址支持的方法", "schema": ["type": "string"]]],
                            "content": ["application/problem+json": ["schema": APIOperation.ref("Problem")]]]
        return responses
    }

    /// A paging parameter's schema states the bounds the server enforces.
    static func bounded(_ p: APIOperation.Parameter) -> JSONValue {
        guard p.location == "query", case .object(var schema) = p.schema else { return p.schema }
        switch p.name {
        case "limit":
            schema["minimum"] = .int(Int64(BaseDataRoutes.limits.lowerBound))
            schema["maximum"] = .int(Int64(BaseDataRoutes.limits.upperBound))
        case "offset":
            schema["minimum"] = .int(Int64(BaseDataRoutes.offsets.lowerBound))
            schema["maximum"] = .int(Int64(BaseDataRoutes.offsets.upperBound))
        case "before":
            schema["minimum"] = 1
        default: break
        }
        return .object(schema)
    }

    static func operationID(_ op: APIOperation) -> String {
        op.method.lowercased() + op.path.split(whereSeparator: { "/.{}".contains($0) })
            .filter { $0 != "api" && $0 != "v1" }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static let schemas: JSONValue = [
        "Open311Errors": ["type": "array", "description": "GeoReport v2 错误数组", "items": ["type": "object", "required": ["code", "description"],
                                                                                           "properties": ["code": ["type": "integer"], "description": ["type": "string"]]]],
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
