/// The tokens of many messages in flat arrays, so tokenizing (the part of mining that needs no
/// miner state) can run on a reader thread beside the mining thread: `MessageTokenizer` fills a
/// batch, `TemplateMiner.add(_:tokens:at:)` mines from it. Reused from chunk to chunk: `removeAll`
/// keeps the capacity.
public final class TokenBatch {
    // Raw buffers, not arrays: the miner reads a message's tokens in place (`load`), which arrays
    // held by a class would cost a retain and release each for (perf on bench/index_speed.py).
    private var start = RawBuffer<Int32>()
    private var end = RawBuffer<Int32>()
    private var hash = RawBuffer<UInt64>()
    private var isVariable = RawBuffer<Bool>()
    /// Per message, where its tokens begin; one more entry than messages.
    private var offsets = RawBuffer<Int>()
    private var truncated = RawBuffer<Bool>()

    public init() { offsets.append(0) }

    deinit {
        start.free()
        end.free()
        hash.free()
        isVariable.free()
        offsets.free()
        truncated.free()
    }

    /// Messages in the batch.
    public var count: Int { truncated.count }

    public func removeAll() {
        start.count = 0
        end.count = 0
        hash.count = 0
        isVariable.count = 0
        offsets.count = 0
        offsets.append(0)
        truncated.count = 0
    }

    func append(_ t: TokenBuffer) {
        let n = t.count
        start.append(t.start, n)
        end.append(t.end, n)
        hash.append(t.hash, n)
        isVariable.append(t.isVariable, n)
        offsets.append(start.count)
        truncated.append(t.truncated)
    }

    /// Points `t` at message `i`'s tokens (no copy: see `TokenBuffer.view`).
    @inline(__always)
    func load(_ i: Int, into t: TokenBuffer) {
        precondition(i >= 0 && i < truncated.count, "message \(i) is not in the batch")
        let from = offsets.base[i]
        t.view(
            start: start.base + from, end: end.base + from, hash: hash.base + from, isVariable: isVariable.base + from,
            count: offsets.base[i + 1] - from, truncated: truncated.base[i])
    }
}

/// Tokenizes messages exactly as a `TemplateMiner` with the same configuration does, on any
/// thread (each tokenizer belongs to one thread; make one per thread).
public final class MessageTokenizer {
    private let tokenizer: Tokenizer
    private let scratch: TokenBuffer
    private let legacy: Tokenizer

    public init(config: MinerConfig) throws {
        tokenizer = try Tokenizer(config: config)
        var old = tokenizer
        old.legacyKeyValue = true
        legacy = old
        scratch = TokenBuffer(capacity: Tokenizer.bufferCapacity(config))
    }

    /// The token hashes of a template's message (see `StoredTemplate.compactEncoded`). A template
    /// stored before `key=<masked value>` gave the key a token of its own tokenizes to its count
    /// the old way: it restores exactly as stored (new messages, tokenized today, reach it no
    /// more and get a new template once).
    func hashes(of message: String, expecting n: Int, template: Int) throws -> [UInt64] {
        var m = message
        m.withUTF8 { tokenizer.tokenize($0, into: scratch) }
        if scratch.count != n { m.withUTF8 { legacy.tokenize($0, into: scratch) } }
        guard scratch.count == n else {
            throw LogMiningError.corruptState(reason: "template \(template)'s text gives \(scratch.count) tokens, not \(n)")
        }
        return Array(UnsafeBufferPointer(start: scratch.hash, count: n))
    }

    /// Appends `message`'s tokens to `batch`, as its next message. Token offsets are relative to
    /// the message's first byte.
    public func append(_ message: UnsafeBufferPointer<UInt8>, to batch: TokenBatch) {
        tokenizer.tokenize(message, into: scratch)
        batch.append(scratch)
    }
}
