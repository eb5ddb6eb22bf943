/// A motor-vehicle plate number (GA 36): province abbreviation, issuing-authority letter, then a
/// serial of 5 characters (ordinary), 6 (new energy), or 4 plus a suffix (警 police, 学 coach,
/// 挂 trailer, 港/澳 for 粤Z cross-border vehicles). The letters I and O never appear.
public struct PlateNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The plate without separators, letters uppercase: `湘B12345`, `湘AD12345`.
    public let value: String

    /// What the plate's shape says about the vehicle: ordinary (blue/yellow), small or large
    /// new-energy (green), police (警), driving-school coach (学), trailer (挂), and Hong Kong or
    /// Macau cross-border vehicles (粤Z…港/澳).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case ordinary, newEnergySmall, newEnergyLarge, police, coach, trailer, hongKong, macau
    }

    /// The kind read from the plate's shape.
    public let kind: Kind

    private init(value: String, kind: Kind) {
        self.value = value
        self.kind = kind
    }

    /// The 31 province-level abbreviations that issue plates.
    public static let provinces: Set<Character> = Set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")

    /// Suffixes of 7-character special plates and the kind each one marks.
    static let suffixKinds: [Character: Kind] = ["警": .police, "学": .coach, "挂": .trailer, "港": .hongKong, "澳": .macau]

    /// First serial letter of small new-energy plates: D (later also A B C E) pure electric,
    /// F (later also G H J K) other new energy — the 2021 extension of GA 36-2018's D/F.
    static let smallNewEnergyLetters: Set<Character> = Set("DABCEFGHJK")
    /// Last serial letter of large new-energy plates.
    static let largeNewEnergyLetters: Set<Character> = ["D", "F"]

    /// Green (new-energy) plates have 8 characters.
    public var isNewEnergy: Bool { kind == .newEnergySmall || kind == .newEnergyLarge }

    /// `湘`
    public var province: Character { value.first ?? "?" }

    /// The issuing-authority letter (`B` of `湘B12345`).
    public var authorityCode: Character { Array(value).dropFirst().first ?? "?" }

    /// Plates are public; the full value.
    public var description: String { value }

    /// Parses user or camera input: trims, drops spaces and the separators written on plates
    /// (`湘A·12345`, `湘A-12345`), uppercases letters, and rejects anything GA 36 does not allow
    /// with a Chinese message that names the rule.
    public static func parse(_ text: String, field: String = "plate") throws -> PlateNumber {
        let chars = IdentifierText.normalize(text)
            .filter { !$0.isWhitespace && !"·•・.-".contains($0) }
            .map { c -> Character in c.isASCII ? Character(c.uppercased()) : c }
        guard !chars.isEmpty else { throw Problem.invalid(field, "车牌号不能为空") }
        guard chars.count == 7 || chars.count == 8 else {
            throw Problem.invalid(field, "车牌号应为 7 位（新能源车 8 位），实际为 \(chars.count) 位")
        }
        guard provinces.contains(chars[0]) else {
            throw Problem.invalid(field, "第 1 位“\(chars[0])”不是省份简称")
        }
        let authority = chars[1]
        guard IdentifierText.isUppercaseLetter(authority) else {
            throw Problem.invalid(field, "第 2 位应为发牌机关代号（字母），实际为“\(authority)”")
        }
        guard authority != "I", authority != "O" else {
            throw Problem.invalid(field, "发牌机关代号不能为 I 或 O")
        }
        let serial = Array(chars[2...])
        let kind = try serialKind(serial, chars: chars, field: field)
        return PlateNumber(value: String(chars), kind: kind)
    }

    private static func serialKind(_ serial: [Character], chars: [Character], field: String) throws -> Kind {
        if serial.count == 5, let last = serial.last, let kind = suffixKinds[last] {
            try requireSerialCharacters(serial.dropLast(), field: field)
            if kind == .hongKong || kind == .macau, chars[0] != "粤" || chars[1] != "Z" {
                throw Problem.invalid(field, "港澳车牌应以“粤Z”开头")
            }
            return kind
        }
        try requireSerialCharacters(serial, field: field)
        if serial.count == 5 { return .ordinary }
        let digits = { (s: ArraySlice<Character>) in s.allSatisfy(IdentifierText.isDigit) }
        if smallNewEnergyLetters.contains(serial[0]), digits(serial[2...]) { return .newEnergySmall }
        if digits(serial[0..<5]), largeNewEnergyLetters.contains(serial[5]) { return .newEnergyLarge }
        throw Problem.invalid(field, "新能源车牌序号格式错误：小型车为 D/F 加 1 位字母或数字再加 4 位数字，大型车为 5 位数字加 D/F")
    }

    /// Serial characters are digits and capitals other than I and O.
    private static func requireSerialCharacters<S: Sequence>(_ serial: S, field: String) throws where S.Element == Character {
        for c in serial {
            if c == "I" || c == "O" {
                throw Problem.invalid(field, "车牌序号中不能使用字母 I 或 O")
            }
            guard IdentifierText.isDigit(c) || IdentifierText.isUppercaseLetter(c) else {
                throw Problem.invalid(field, "车牌序号只能使用数字和字母，不能包含“\(c)”")
            }
        }
    }

    /// Encodes `value` as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Decoding validates like `parse`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try PlateNumber.parse(text)
        } catch let problem as Problem {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: problem.errors.first?.message ?? problem.detail)
        }
    }
}
