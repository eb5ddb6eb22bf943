import Foundation
import PinganKernel

/// The problem `body` throws (nil when it returns): identifier tests check field and message.
func identifierProblem(_ body: () throws -> Any) -> Problem? {
    do {
        _ = try body()
        return nil
    } catch let problem as Problem {
        return problem
    } catch {
        return Problem(status: 0, kind: "unexpected", title: "", detail: "\(error)")
    }
}

/// The first field message of the thrown problem, or nil when nothing (or no 400) was thrown.
func identifierRejection(_ body: () throws -> Any) -> String? {
    guard let problem = identifierProblem(body), problem.status == 400 else { return nil }
    return problem.errors.first?.message
}

/// A fixed "today" (2026-01-01 noon in China) so birth-date checks do not depend on the clock.
let identifierTestToday: Date = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    return calendar.date(from: DateComponents(year: 2026, month: 1, day: 1, hour: 12))!
}()

/// GB 11643 check written independently of the product code, in ISO 7064 MOD 11-2 form: the
/// weight of position i (1-based, from the left) is 2^(18-i) mod 11, and the check value c
/// makes (sum + c) ≡ 1 (mod 11); c = 10 is written X.
func referenceResidentCheck(_ first17: String) -> Character {
    var sum = 0
    for (i, c) in first17.enumerated() {
        var weight = 1
        for _ in 0..<(17 - i) { weight = weight * 2 % 11 }
        sum += Int(String(c))! * weight
    }
    let c = (12 - sum % 11) % 11
    return c == 10 ? "X" : Character(String(c))
}

/// GB 32100 check written independently: value = index in the alphabet, weights 3^i mod 31,
/// check = 31 − (sum mod 31), where 31 is written 0.
func referenceCreditCheck(_ first17: String) -> Character {
    let alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    var sum = 0
    var weight = 1
    for c in first17 {
        sum += alphabet.distance(from: alphabet.startIndex, to: alphabet.firstIndex(of: c)!) * weight
        weight = weight * 3 % 31
    }
    let r = 31 - sum % 31
    return Array(alphabet)[r == 31 ? 0 : r]
}

/// xorshift64*: a deterministic source for property tests, independent of the product's generator.
struct IdentifierTestRandom {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 2_685_821_657_736_338_717) >> 33) % bound
    }
}
