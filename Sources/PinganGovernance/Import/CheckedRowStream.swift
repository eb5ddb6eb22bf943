// Reading and checking an import file beside the database work: a helper thread parses and
// validates rows and hands them over in batches, at most a few batches ahead of the consumer,
// so a million-row file is decoded on one core while the rows before it are written on another.
import Dispatch
import Foundation
import Synchronization

/// Checks one row at a time on the reading thread; keeps whatever state spans rows (duplicates).
protocol RowChecking: Sendable {
    associatedtype Checked: Sendable
    /// The row as a checked value, or nil with the reasons noted.
    mutating func check(_ row: ImportRow, notes: inout ImportNotes) -> Checked?
}

/// Batches of checked rows from a helper thread, and at the end what the reader learnt.
final class CheckedRowStream<Checked: Sendable>: Sendable {
    /// The file's table description and every row-level rejection, once reading has finished.
    struct Outcome: Sendable {
        var table: ImportTable
        var notes: ImportNotes
    }

    struct Stopped: Error {}

    let batches: AsyncThrowingStream<[Checked], any Error>
    private let slots: DispatchSemaphore
    private let depth: Int
    private let state = Mutex<(outcome: Outcome?, stopped: Bool)>((nil, false))

    /// Starts reading `data` at once. `depth` batches may wait unconsumed before the reader pauses.
    init<C: RowChecking>(_ data: Data, kind: ImportKind, mapping: [String: String], checker: C, batchSize: Int = 4_000, depth: Int = 4)
        where C.Checked == Checked {
        let (stream, continuation) = AsyncThrowingStream<[Checked], any Error>.makeStream()
        batches = stream
        slots = DispatchSemaphore(value: depth)
        self.depth = depth
        let thread = Thread { [self] in
            var checker = checker
            var notes = ImportNotes()
            var batch: [Checked] = []
            batch.reserveCapacity(batchSize)
            func send() throws {
                slots.wait()
                guard !state.withLock({ $0.stopped }) else { throw Stopped() }
                continuation.yield(batch)
                batch.removeAll(keepingCapacity: true)
            }
            do {
                let table = try TabularReader.read(data, kind: kind, mapping: mapping) { row in
                    if let checked = checker.check(row, notes: &notes) { batch.append(checked) }
                    if batch.count >= batchSize { try send() }
                }
                if !batch.isEmpty { try send() }
                let outcome = Outcome(table: table, notes: notes)
                state.withLock { $0.outcome = outcome }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "pingan-import-reader"
        thread.start()
    }

    /// The consumer is done with one batch: the reader may read another.
    func release() { slots.signal() }

    /// What the reader learnt; nil until the batches have ended without an error.
    var outcome: Outcome? { state.withLock { $0.outcome } }

    /// Stops the reader early (the consumer failed): it ends at its next hand-over.
    func stop() {
        state.withLock { $0.stopped = true }
        for _ in 0..<depth + 1 { slots.signal() }
    }
}
