/// A growable buffer of trivial values that its owner frees: for buffers refilled per record or
/// per message on hot paths, where an array held by a class costs a retain and a uniqueness check
/// at each use (perf on bench/index_speed.py).
struct RawBuffer<T> {
    private(set) var base = UnsafeMutablePointer<T>.allocate(capacity: 16)
    var count = 0
    private var capacity = 16

    mutating func append(_ v: T) {
        reserve(count + 1)
        (base + count).initialize(to: v)
        count += 1
    }

    mutating func append(_ p: UnsafePointer<T>, _ n: Int) {
        guard n > 0 else { return }
        reserve(count + n)
        (base + count).initialize(from: p, count: n)
        count += n
    }

    private mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        let c = max(n, capacity * 2)
        let b = UnsafeMutablePointer<T>.allocate(capacity: c)
        b.initialize(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    /// Appends `b`, which must not point into this buffer (growing frees it).
    mutating func append(_ b: UnsafeBufferPointer<T>) {
        guard let p = b.baseAddress else { return }
        append(p, b.count)
    }

    mutating func removeAll() { count = 0 }

    var buffer: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: base, count: count) }

    func free() { base.deallocate() }
}

