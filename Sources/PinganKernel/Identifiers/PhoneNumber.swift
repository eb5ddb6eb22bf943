/// Mainland phone numbers as people write them: mobiles (`138 0013 8000`, `+86-138-0013-8000`)
/// and landlines with an area code (`0731-22334455`, `(0731) 2233 4455`, `+86 731 22334455`).
public enum PhoneNumber {
    /// Returns the normalised number — 11 digits for a mobile, `AREA-LOCAL` for a landline
    /// (`0731-22334455`) — or throws a 400 with a Chinese message saying what is wrong.
    public static func parse(_ text: String, field: String = "phone") throws -> String {
        let normalized = IdentifierText.normalize(text)
        guard !normalized.isEmpty else { throw Problem.invalid(field, "电话号码不能为空") }
        var digits = ""
        var international = false
        for (index, c) in normalized.enumerated() {
            if IdentifierText.isDigit(c) {
                digits.append(c)
            } else if c == "+", index == 0 {
                international = true
            } else if !(c.isWhitespace || "-()".contains(c)) {
                throw Problem.invalid(field, "电话号码含有非法字符“\(c)”")
            }
        }
        if !international, digits.hasPrefix("0086") {
            international = true
            digits.removeFirst(2)
        }
        if international {
            guard digits.hasPrefix("86") else { throw Problem.invalid(field, "仅支持中国大陆号码（+86）") }
            digits.removeFirst(2)
            // The trunk prefix 0 is dropped in international form (+86 731 …).
            if !digits.hasPrefix("1"), !digits.hasPrefix("0") { digits = "0" + digits }
        } else if digits.count == 13, digits.hasPrefix("861") {
            digits.removeFirst(2)
        }
        if digits.hasPrefix("1") { return try mobile(digits, field: field) }
        if digits.hasPrefix("0") { return try landline(digits, field: field) }
        throw Problem.invalid(field, "固定电话须带区号（如 0731-22334455），手机号码应以 1 开头")
    }

    /// `1[3-9]` followed by 9 digits.
    private static func mobile(_ digits: String, field: String) throws -> String {
        guard digits.count == 11, let second = digits.dropFirst().first, ("3"..."9").contains(second) else {
            throw Problem.invalid(field, "手机号码应为 11 位数字，以 13–19 开头")
        }
        return digits
    }

    /// Area codes are 010 and 02x (3 digits) or 0[3-9]xx (4 digits), so the split is
    /// unambiguous even without a separator; local numbers are 7–8 digits starting 2–9.
    private static func landline(_ digits: String, field: String) throws -> String {
        let chars = Array(digits)
        guard chars.count >= 2, chars[1] != "0" else {
            throw Problem.invalid(field, "仅支持中国大陆号码")
        }
        let areaLength = (chars[1] == "1" || chars[1] == "2") ? 3 : 4
        let area = String(chars.prefix(areaLength))
        if chars[1] == "1", area != "010" {
            throw Problem.invalid(field, "区号“\(area)”无效")
        }
        let local = chars.dropFirst(areaLength)
        guard (7...8).contains(local.count), let first = local.first, ("2"..."9").contains(first) else {
            throw Problem.invalid(field, "固定电话应为区号加 7–8 位号码（号码不以 0 或 1 开头），如 0731-22334455")
        }
        return area + "-" + String(local)
    }
}
