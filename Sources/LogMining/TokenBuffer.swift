/// The tokens of one message, reused from record to record so the hot loop allocates nothing.
///
/// Tokens are byte ranges into the message being mined; nothing is copied until a template is
/// created from them.
final class TokenBuffer {
    let capacity: Int
    private(set) var count = 0
    // The arrays below point at the buffer's own storage, or, after `view`, into a `TokenBatch`.
    private(set) var start: UnsafeMutablePointer<Int32>
    private(set) var end: UnsafeMutablePointer<Int32>
    /// Token hash with the delimiters before it folded in; all variables of one delimiter shape hash alike.
    private(set) var hash: UnsafeMutablePointer<UInt64>
    private(set) var isVariable: UnsafeMutablePointer<Bool>
    private let own: (start: UnsafeMutablePointer<Int32>, end: UnsafeMutablePointer<Int32>, hash: UnsafeMutablePointer<UInt64>, isVariable: UnsafeMutablePointer<Bool>)
    /// True when the word this token came from was cut by `maxTokens`.
    var truncated = false

    init(capacity: Int) {
        self.capacity = capacity
        own = (.allocate(capacity: capacity), .allocate(capacity: capacity), .allocate(capacity: capacity), .allocate(capacity: capacity))
        (start, end, hash, isVariable) = own
    }

    deinit {
        own.start.deallocate()
        own.end.deallocate()
        own.hash.deallocate()
        own.isVariable.deallocate()
    }

    /// Makes the buffer show `n` tokens held by a `TokenBatch`, without copying them: valid while
    /// the batch is neither changed nor freed, and until the next `reset`.
    @inline(__always) func view(
        start s: UnsafeMutablePointer<Int32>, end e: UnsafeMutablePointer<Int32>, hash h: UnsafeMutablePointer<UInt64>,
        isVariable v: UnsafeMutablePointer<Bool>, count n: Int, truncated t: Bool
    ) {
        start = s
        end = e
        hash = h
        isVariable = v
        count = n
        truncated = t
    }

    @inline(__always) func reset() {
        (start, end, hash, isVariable) = own
        count = 0
        truncated = false
    }

    @inline(__always) var isFull: Bool { count == capacity }

    @inline(__always) func append(start s: Int, end e: Int, hash h: UInt64, variable v: Bool) {
        start[count] = Int32(truncatingIfNeeded: s)
        end[count] = Int32(truncatingIfNeeded: e)
        hash[count] = h
        isVariable[count] = v
        count += 1
    }

    /// Makes the last token a variable with hash `h`.
    @inline(__always) func makeLastVariable(hash h: UInt64) {
        hash[count - 1] = h
        isVariable[count - 1] = true
    }

    /// Drops the tokens after the first `n`.
    @inline(__always) func truncate(to n: Int) { count = min(count, n) }

    /// Makes the last token reach to `e` (the next item of a list of values).
    @inline(__always) func extendLast(to e: Int) {
        end[count - 1] = Int32(truncatingIfNeeded: e)
    }

    /// Keeps the first `limit` tokens and turns the last into a variable reaching to `e`: how a
    /// message over the token limit keeps its shape without unbounded work.
    func cut(to limit: Int, end e: Int) {
        truncated = true
        count = min(count, limit)
        guard count > 0 else { return }
        end[count - 1] = Int32(truncatingIfNeeded: e)
        hash[count - 1] = TokenHash.mix(TokenHash.variable, 0x7fff)
        isVariable[count - 1] = true
    }
}
