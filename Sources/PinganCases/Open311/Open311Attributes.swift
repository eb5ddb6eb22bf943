import Foundation

/// Reads `attribute[CODE]=value` and `attribute[CODE][]=value` pairs from a form.
enum Open311AttributeForm {
    static func read(_ items: [(String, String)], errors: inout [String]) -> [String: [String]] {
        var answers: [String: [String]] = [:]
        for (key, value) in items where key.hasPrefix("attribute") {
            guard let code = code(in: key) else {
                errors.append("属性参数名无效：“\(key.prefix(60))”，应为 attribute[代码]"
                    + "（attribute keys take the form attribute[code] or attribute[code][]）")
                continue
            }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }  // empty counts as absent
            answers[code, default: []].append(value)
        }
        return answers
    }

    /// `CODE` from `attribute[CODE]` or `attribute[CODE][]`; nil for anything else.
    private static func code(in key: String) -> String? {
        var rest = key.dropFirst("attribute".count)
        guard rest.hasPrefix("[") else { return nil }
        if rest.hasSuffix("[]") { rest = rest.dropLast(2) }
        guard rest.hasSuffix("]") else { return nil }
        let code = rest.dropFirst().dropLast()
        guard !code.isEmpty, !code.contains("["), !code.contains("]") else { return nil }
        return String(code)
    }
}

extension Open311ServiceDefinition {
    /// Checks a new request's attribute answers against this definition: required variable
    /// attributes present; list answers among the keys (one for a singlevaluelist); numbers and
    /// datetimes parse; a `string` has no line break; each answer ≤ 4000 characters. Codes the
    /// definition does not ask for (unknown or not `variable`) are dropped, not refused, so a
    /// client with a stale definition can still report. Returns the answers kept, or a 400
    /// naming every fault.
    public func check(_ answers: [String: [String]], zone: TimeZone) -> Result<[String: [String]], Open311Failure> {
        var kept: [String: [String]] = [:]
        var errors: [String] = []
        for attribute in attributes where attribute.variable {
            let values = answers[attribute.code] ?? []
            if values.isEmpty {
                if attribute.required {
                    errors.append("属性 \(attribute.code)（\(attribute.description)）为必填项"
                        + "（attribute[\(attribute.code)] is required）")
                }
                continue
            }
            let faults = problems(values, for: attribute, zone: zone)
            if faults.isEmpty { kept[attribute.code] = values } else { errors += faults }
        }
        return errors.isEmpty ? .success(kept) : .failure(.badRequest(errors))
    }

    private func problems(_ values: [String], for attribute: Open311Attribute, zone: TimeZone) -> [String] {
        let code = attribute.code
        if attribute.datatype != .multivaluelist && values.count > 1 {
            return ["属性 \(code) 只能有一个值（attribute[\(code)] takes a single value）"]
        }
        if let long = values.first(where: { $0.count > Open311NewRequest.maxDescriptionLength }) {
            return ["属性 \(code) 的值过长（\(long.count) 个字符）（attribute[\(code)] is too long）"]
        }
        let keys = Set(attribute.values.map(\.key))
        var faults: [String] = []
        for value in values {
            let ok: Bool
            switch attribute.datatype {
            case .singlevaluelist, .multivaluelist: ok = keys.contains(value)
            case .number: ok = Double(value.trimmingCharacters(in: .whitespaces)).map(\.isFinite) ?? false
            case .datetime: ok = Open311Timestamp.parse(value.trimmingCharacters(in: .whitespaces), zone: zone) != nil
            case .string: ok = !value.contains(where: \.isNewline)
            case .text: ok = true
            }
            if !ok { faults.append(describe(value, attribute)) }
        }
        return faults
    }

    private func describe(_ value: String, _ attribute: Open311Attribute) -> String {
        let code = attribute.code, shown = value.prefix(60)
        switch attribute.datatype {
        case .singlevaluelist, .multivaluelist:
            return "属性 \(code) 不接受值“\(shown)”，可选：\(attribute.values.map(\.key).joined(separator: ", "))"
                + "（attribute[\(code)] must be one of the listed keys）"
        case .number:
            return "属性 \(code) 须为数字，收到“\(shown)”（attribute[\(code)] must be a number）"
        case .datetime:
            return "属性 \(code) 须为 ISO 8601 时间，收到“\(shown)”（attribute[\(code)] must be an ISO 8601 datetime）"
        case .string, .text:
            return "属性 \(code) 不能换行（attribute[\(code)] must be a single line）"
        }
    }
}
