/// Masks by API field name, for answers that carry a value next to the field it belongs to
/// (import reports, conflicts, held-back rows): identity numbers and phones are masked like
/// everywhere else, other fields pass unchanged.
extension Masking {
    public static let documentFields: Set<String> = ["residentId", "documentNumber", "ownerResidentId", "headResidentId"]

    public static func field(_ name: String, _ value: String) -> String {
        if documentFields.contains(name) { return documentNumber(value) }
        if name == "phone" { return phone(value) }
        return value
    }
}
