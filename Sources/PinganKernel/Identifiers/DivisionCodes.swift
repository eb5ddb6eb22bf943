/// First two digits of GB/T 2260 administrative division codes, as used inside resident IDs and
/// credit codes. Only the province level is checked: county codes are renamed and abolished over
/// time and an ID keeps the code it was issued with for life.
enum DivisionCodes {
    /// Mainland provinces, autonomous regions and municipalities.
    static let mainlandProvinces: Set<String> = [
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
    ]

    /// Taiwan (71) has a GB/T 2260 code; 81/82/83 appear only as the whole codes below.
    static let otherProvinces: Set<String> = ["71", "81", "82", "83"]

    /// Residence permits for Hong Kong, Macau and Taiwan residents use these whole 6-digit codes.
    static let residencePermitCodes: Set<String> = ["810000", "820000", "830000"]

    static func isProvince(_ twoDigits: String) -> Bool {
        mainlandProvinces.contains(twoDigits) || otherProvinces.contains(twoDigits)
    }
}
