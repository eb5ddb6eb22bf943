import Foundation
import PinganKernel

extension AuditEntry {
    /// A search or list request's entry: the query as asked, with identity numbers and phones masked
    /// as answers mask them (the audit log must not become the place full IDs can be read back), and
    /// the ids returned.
    public static func list(at: Date, username: String, action: String, target: String = "list", client: String,
                            query: String, queryKey: String = "query", ids: [String]) -> AuditEntry {
        AuditEntry(at: at, username: username, action: action, target: target, client: client,
                   detail: [queryKey: .string(maskedQuery(query)), "ids": .array(ids.map(JSONValue.string))])
    }

    /// Parameters that hold grid codes: digits, never personal, and what the auditor needs to read.
    static let gridParameters: Set<String> = ["grid", "parent", "code"]

    /// A request URI (`/api/v1/x?a=1&b=2`) has each query value decoded and masked (grid codes kept);
    /// any other text is masked as a whole.
    public static func maskedQuery(_ query: String) -> String {
        guard query.hasPrefix("/"), let mark = query.firstIndex(of: "?") else { return Masking.freeText(query) }
        let path = String(query[..<mark])
        let pairs = query[query.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: true).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : nil
            guard let value else { return Masking.freeText(name) }
            return Masking.freeText(name) + "=" + (gridParameters.contains(name) ? value : Masking.freeText(value))
        }
        return Masking.freeText(path) + "?" + pairs.joined(separator: "&")
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }
}
