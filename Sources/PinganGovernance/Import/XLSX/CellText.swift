// Turns a cell's stored value into the text the importer sees. Numbers stay as written, except that
// scientific notation is spelled out in digits (an ID stored as a number, 4.30102199001E+17, becomes
// 430102199001000000 — the digits Excel lost are lost, but no float rounding adds to it). Numbers in
// date styles become yyyy-MM-dd.

enum CellText {
    /// `v` of a number cell as plain decimal digits; text that is not a number is returned unchanged.
    static func number(_ written: String) -> String {
        guard let e = written.firstIndex(where: { $0 == "E" || $0 == "e" }) else { return written }
        var mantissa = written[..<e]
        guard let exponent = Int(written[written.index(after: e)...].drop { $0 == "+" }) else { return written }
        let negative = mantissa.hasPrefix("-")
        if negative || mantissa.hasPrefix("+") { mantissa = mantissa.dropFirst() }
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = pieces.first ?? ""
        let fraction = pieces.count > 1 ? pieces[1] : ""
        let digits = Array(whole + fraction)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), abs(exponent) <= 400 else { return written }

        let point = whole.count + exponent   // position of the decimal point within `digits`
        var integer: String
        var decimals: String
        if point <= 0 {
            integer = "0"
            decimals = String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            integer = String(digits) + String(repeating: "0", count: point - digits.count)
            decimals = ""
        } else {
            integer = String(digits[..<point])
            decimals = String(digits[point...])
        }
        integer = String(integer.drop { $0 == "0" })
        if integer.isEmpty { integer = "0" }
        while decimals.hasSuffix("0") { decimals.removeLast() }
        let text = decimals.isEmpty ? integer : integer + "." + decimals
        return negative && text != "0" ? "-" + text : text
    }

    /// A serial day number in a date style as yyyy-MM-dd (plus HH:mm:ss for date-time styles with a time);
    /// nil when it is not a valid serial (negative, Excel's phantom 1900-02-29, past 9999).
    static func date(serial written: String, style: CellStyles.DateStyle, uses1904: Bool) -> String? {
        guard let serial = Double(written), serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        let civil: Int
        if uses1904 {
            civil = daysFromCivil(1904, 1, 1) + days
        } else {
            // Serial 1 is 1900-01-01; Excel counts a 1900-02-29 that never was (serial 60).
            guard days != 60 else { return nil }
            civil = daysFromCivil(1899, 12, days < 60 ? 31 : 30) + days
        }
        let (year, month, day) = civilFromDays(civil)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        if style == .dateTime && seconds > 0 {
            text += " " + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; no Calendar needed per cell).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
