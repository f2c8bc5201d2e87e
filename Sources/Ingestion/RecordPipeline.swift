import Foundation
import LogMining

/// Frames records, parses their headers and timestamps and tokenizes their messages on a reader
/// thread, and hands them to the mining thread in chunks: mining is sequential, the rest need not
/// share its core. Chunks go back to the reader when mined (`recycle`), so their buffers are
/// allocated once per run, not once per chunk.
final class RecordPipeline: @unchecked Sendable {
    /// One record, as ranges into its chunk's bytes.
    struct Item {
        var text: Range<Int>
        var message: Range<Int>
        var component: Range<Int>
        var level: LogLevel
        var timestamp: Int64?
        var lineNumber: Int
        var lineCount: Int
        var startOffset: Int
        var endOffset: Int
    }

    final class Chunk {
        var bytes: [UInt8] = []
        var items: [Item] = []
        /// Item i's message tokens are message i of the batch.
        let tokens = TokenBatch()
        /// The reader's totals when the chunk was handed over.
        var stats = ReadStats()

        func reset() {
            bytes.removeAll(keepingCapacity: true)
            items.removeAll(keepingCapacity: true)
            tokens.removeAll()
        }
    }

    static let recordsPerChunk = 4096
    static let chunksInFlight = 4

    private let condition = NSCondition()
    private var ready: [Chunk] = []
    private var spare: [Chunk] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false

    /// Starts reading `source` on a thread of its own.
    init<S: ByteSource>(reader: RecordReader, source: S, clock: TimestampParser, tokenizer: MessageTokenizer) {
        // The reader, source, clock and tokenizer move to the thread: nothing else touches them afterwards.
        let moved = Moved(reader: reader, source: source, clock: clock, tokenizer: tokenizer)
        let thread = Thread { [self] in
            let reader = moved.reader
            var source = moved.source
            var clock = moved.clock
            let tokenizer = moved.tokenizer
            var chunk = Chunk()
            do {
                try reader.read(&source) { record in
                    Self.append(record, &clock, tokenizer, to: chunk)
                    if chunk.items.count >= Self.recordsPerChunk {
                        chunk.stats = reader.stats
                        guard self.hand(chunk) else { throw CancellationError() }
                        chunk = self.spareChunk()
                    }
                }
                chunk.stats = reader.stats
                _ = self.hand(chunk)
                self.finish(nil)
            } catch is CancellationError {
                self.finish(nil)
            } catch {
                self.finish(error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private final class Moved<S>: @unchecked Sendable {
        let reader: RecordReader
        let source: S
        let clock: TimestampParser
        let tokenizer: MessageTokenizer
        init(reader: RecordReader, source: S, clock: TimestampParser, tokenizer: MessageTokenizer) {
            self.reader = reader
            self.source = source
            self.clock = clock
            self.tokenizer = tokenizer
        }
    }

    /// The next chunk in order; nil at the end. Throws what the reader threw.
    func next() throws -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        if !ready.isEmpty {
            let c = ready.removeFirst()
            condition.broadcast()
            return c
        }
        if let failure { throw failure }
        return nil
    }

    /// Gives a mined chunk back for the reader to fill again.
    func recycle(_ c: Chunk) {
        condition.lock()
        if spare.count < Self.chunksInFlight { spare.append(c) }
        condition.unlock()
    }

    private func spareChunk() -> Chunk {
        condition.lock()
        defer { condition.unlock() }
        guard let c = spare.popLast() else { return Chunk() }
        c.reset()
        return c
    }

    /// Stops the reader early (the consumer failed): it ends at its next hand-over.
    func cancel() {
        condition.lock()
        cancelled = true
        ready.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func hand(_ c: Chunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.chunksInFlight && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(c)
        condition.broadcast()
        return true
    }

    private func finish(_ error: Error?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    private static func append(_ r: Record, _ clock: inout TimestampParser, _ tokenizer: MessageTokenizer, to c: Chunk) {
        tokenizer.append(r.message, to: c.tokens)
        let base = c.bytes.count
        c.bytes.append(contentsOf: r.text)
        let text = base..<c.bytes.count
        var message = text
        if let m = r.message.baseAddress, let t = r.text.baseAddress, m >= t, m + r.message.count <= t + r.text.count {
            let s = base + t.distance(to: m)
            message = s..<(s + r.message.count)
        } else {
            let s = c.bytes.count
            c.bytes.append(contentsOf: r.message)
            message = s..<c.bytes.count
        }
        var component = base..<base
        if let p = r.component.baseAddress, let t = r.text.baseAddress, p >= t, p + r.component.count <= t + r.text.count {
            let s = base + t.distance(to: p)
            component = s..<(s + r.component.count)
        }
        c.items.append(
            Item(
                text: text, message: message, component: component, level: r.level,
                timestamp: r.timestamp.isEmpty ? nil : clock.parse(r.timestamp), lineNumber: r.lineNumber, lineCount: r.lineCount,
                startOffset: r.startOffset, endOffset: r.endOffset))
    }
}
