// Errors a traffic engineer can act on: each names the item at fault, in Chinese.

/// Why input or a plan was rejected.
public struct SignalsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The item at fault (a junction id, a plan, a file, a field).
    public var item: String
    /// What is wrong with it, in Chinese.
    public var message: String

    /// Creates an error.
    public init(_ item: String, _ message: String) { self.item = item; self.message = message }

    public var description: String { "\(item)：\(message)" }
}

/// Several problems found in one validation pass.
public struct SignalsValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [SignalsError]
    /// Creates the error.
    public init(_ problems: [SignalsError]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "；") }
}
