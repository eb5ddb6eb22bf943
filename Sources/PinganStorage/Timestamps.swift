import Foundation

/// Instants are stored as milliseconds since the epoch (BIGINT) on both engines: exact,
/// sortable, and free of each driver's own date handling.
extension Date {
    public var epochMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    public init(epochMillis: Int64) { self.init(timeIntervalSince1970: Double(epochMillis) / 1000) }
}
