// Joins ZIPFoundation, which pushes an entry's decompressed bytes to a closure, to XMLParser, which
// pulls bytes from an InputStream. A helper thread decompresses into a small bounded queue that the
// parser drains, so a worksheet of any size is never whole in memory.
import Foundation
import ZIPFoundation

final class ZipEntryStream: InputStream {
    private let queue = ChunkQueue()
    private let archive: UncheckedBox<Archive>
    private let entry: UncheckedBox<Entry>
    private var started = false
    // The chunk being read; only the parser's thread touches these.
    private var head = Data()
    private var headOffset = 0

    private static let chunkSize = 64 * 1024

    init(archive: Archive, entry: Entry) {
        self.archive = UncheckedBox(archive)
        self.entry = UncheckedBox(entry)
        super.init(data: Data())
    }

    /// The decompression error, if the entry could not be read whole (check after parsing).
    var failure: Error? { queue.failure }

    override func open() {
        guard !started else { return }
        started = true
        let (queue, archive, entry) = (self.queue, self.archive, self.entry)
        queue.started()
        Thread {
            var failure: Error?
            do {
                _ = try archive.value.extract(entry.value, bufferSize: Self.chunkSize) { try queue.push($0) }
            } catch is ChunkQueue.Cancelled {
            } catch {
                failure = error
            }
            queue.finish(failure)
        }.start()
    }

    /// Stops the producer without waiting (the parser gave up, or is done); `finish()` also waits.
    override func close() {
        queue.cancel()
    }

    /// Stops and waits for the helper thread, so the archive is no longer in use when this returns.
    func finish() {
        queue.cancel()
        queue.waitUntilDone()
    }

    override var hasBytesAvailable: Bool {
        headOffset < head.count || queue.mayHaveMore
    }

    override var streamStatus: Stream.Status {
        !started ? .notOpen : (queue.failure != nil ? .error : (hasBytesAvailable ? .open : .atEnd))
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        if headOffset >= head.count {
            switch queue.pop() {
            case .chunk(let chunk): head = chunk; headOffset = 0
            case .end: return 0
            case .failed: return -1
            }
        }
        let count = min(length, head.count - headOffset)
        head.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            buffer.update(from: base.advanced(by: headOffset).assumingMemoryBound(to: UInt8.self), count: count)
        }
        headOffset += count
        return count
    }
}

/// A bounded queue of chunks between the decompressing thread and the parsing thread.
final class ChunkQueue: @unchecked Sendable {   // all state is guarded by `condition`
    struct Cancelled: Error {}
    enum Next { case chunk(Data), end, failed }

    /// Chunks held at most: with 64 KiB chunks, half a megabyte in flight.
    private static let limit = 8
    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var running = false
    private var done = false
    private var cancelled = false
    private var error: Error?

    var failure: Error? { locked { error } }
    var mayHaveMore: Bool { locked { !chunks.isEmpty || !done } }

    func started() { locked { running = true } }

    func push(_ chunk: Data) throws {
        guard !chunk.isEmpty else { return }
        let copy = Data(chunk)   // ZIPFoundation may reuse its buffer
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= Self.limit && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        chunks.append(copy)
        condition.broadcast()
    }

    func pop() -> Next {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !done && !cancelled { condition.wait() }
        if !chunks.isEmpty && !cancelled {
            condition.broadcast()
            return .chunk(chunks.removeFirst())
        }
        return error != nil && !cancelled ? .failed : .end
    }

    func finish(_ failure: Error?) {
        locked {
            error = failure
            done = true
            condition.broadcast()
        }
    }

    func cancel() {
        locked {
            cancelled = true
            condition.broadcast()
        }
    }

    func waitUntilDone() {
        condition.lock()
        while running && !done { condition.wait() }
        condition.unlock()
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}

/// Hands a non-Sendable reference to the one helper thread that uses it while its owner waits.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
