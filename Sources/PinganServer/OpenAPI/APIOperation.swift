import PinganKernel

/// One documented route. The OpenAPI document is generated from this catalogue, and a test
/// checks the catalogue against the router's real route table in both directions.
struct APIOperation: Sendable {
    enum Access: Sendable { case open, session }
    struct Parameter: Sendable {
        var name: String
        var location: String  // "path" | "query"
        var required: Bool
        var schema: JSONValue
        var description: String
    }

    var method: String         // "GET", "POST", …
    var path: String           // OpenAPI style: /api/v1/grids/{code}
    var summary: String
    var tag: String
    var access: Access
    var parameters: [Parameter] = []
    var requestBody: JSONValue? = nil        // a schema
    var requestContentType = "application/json"
    var responses: [Int: (description: String, schema: JSONValue?)]

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
}

extension APIOperation.Parameter {
    static func q(_ name: String, _ type: String, _ description: String, required: Bool = false) -> APIOperation.Parameter {
        APIOperation.Parameter(name: name, location: "query", required: required, schema: ["type": .string(type)], description: description)
    }

    static func p(_ name: String, _ description: String) -> APIOperation.Parameter {
        APIOperation.Parameter(name: name, location: "path", required: true, schema: ["type": "string"], description: description)
    }
}
