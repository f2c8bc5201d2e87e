/// The tokens of one message, reused from record to record so the hot loop allocates nothing.
///
/// Tokens are byte ranges into the message being mined; nothing is copied until a template is
/// created from them.
final class TokenBuffer {
    let capacity: Int
    private(set) var count = 0
    let start: UnsafeMutablePointer<Int32>
    let end: UnsafeMutablePointer<Int32>
    /// Token hash with the delimiters before it folded in; all variables of one delimiter shape hash alike.
    let hash: UnsafeMutablePointer<UInt64>
    let isVariable: UnsafeMutablePointer<Bool>
    /// True when the word this token came from was cut by `maxTokens`.
    var truncated = false

    init(capacity: Int) {
        self.capacity = capacity
        start = .allocate(capacity: capacity)
        end = .allocate(capacity: capacity)
        hash = .allocate(capacity: capacity)
        isVariable = .allocate(capacity: capacity)
    }

    deinit {
        start.deallocate()
        end.deallocate()
        hash.deallocate()
        isVariable.deallocate()
    }

    @inline(__always) func reset() {
        count = 0
        truncated = false
    }

    /// After `TokenBatch.load` filled the arrays.
    @inline(__always) func setLoaded(count n: Int, truncated t: Bool) {
        count = n
        truncated = t
    }

    @inline(__always) var isFull: Bool { count == capacity }

    @inline(__always) func append(start s: Int, end e: Int, hash h: UInt64, variable v: Bool) {
        start[count] = Int32(truncatingIfNeeded: s)
        end[count] = Int32(truncatingIfNeeded: e)
        hash[count] = h
        isVariable[count] = v
        count += 1
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
