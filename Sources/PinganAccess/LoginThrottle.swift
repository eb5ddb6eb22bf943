import Foundation

/// Failed logins per client address, as a token bucket: `burst` attempts at once, then `perMinute`
/// more each minute. `SessionService.login` takes a token BEFORE bcrypt runs and gives it back
/// on success, so a flood of bad passwords from one address costs one hash per token and is
/// answered 429 without hashing once the bucket is empty. In memory: one server's view, and a
/// restart forgives — the per-account rules in `LoginFailures` are the ones that persist.
public actor LoginThrottle {
    public struct Rule: Sendable {
        public var burst: Double
        public var perMinute: Double
        public init(burst: Double = 20, perMinute: Double = 10) {
            self.burst = burst
            self.perMinute = perMinute
        }
    }

    struct Bucket {
        var tokens: Double
        var at: Date
    }

    public let rule: Rule
    /// Beyond this many addresses, full buckets are dropped (they say nothing a new one would not).
    let maxTracked: Int
    private var buckets: [String: Bucket] = [:]

    public init(rule: Rule = Rule(), maxTracked: Int = 10_000) {
        self.rule = rule
        self.maxTracked = maxTracked
    }

    /// Takes one attempt for `client`; nil when allowed, else the whole seconds until the next
    /// token (for `Retry-After`).
    public func take(client: String, now: Date) -> Int? {
        var bucket = refilled(client, now)
        guard bucket.tokens >= 1 else {
            buckets[client] = bucket
            return max(1, Int(((1 - bucket.tokens) * 60 / rule.perMinute).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[client] = bucket
        if buckets.count > maxTracked { prune(now) }
        return nil
    }

    /// Returns the attempt taken for a login that succeeded: only failures are limited.
    public func giveBack(client: String, now: Date) {
        var bucket = refilled(client, now)
        bucket.tokens = min(rule.burst, bucket.tokens + 1)
        buckets[client] = bucket
    }

    private func refilled(_ client: String, _ now: Date) -> Bucket {
        guard var bucket = buckets[client] else { return Bucket(tokens: rule.burst, at: now) }
        let elapsed = max(0, now.timeIntervalSince(bucket.at))
        bucket.tokens = min(rule.burst, bucket.tokens + elapsed * rule.perMinute / 60)
        bucket.at = now
        return bucket
    }

    private func prune(_ now: Date) {
        buckets = buckets.filter { refilled($0.key, now).tokens < rule.burst }
    }
}
