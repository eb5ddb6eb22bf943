import Testing

extension Trait where Self == TimeLimitTrait {
    /// For suites that open databases. A whole CI run of the Swift tests takes about nine
    /// minutes, so a test still running after ten is stuck: this makes it fail by name instead
    /// of leaving the run to the CI's overall timeout with no clue which test never ended.
    public static var storeTestLimit: Self { .timeLimit(.minutes(10)) }
}
