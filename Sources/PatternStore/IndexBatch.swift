import LogMining

/// What one batch of records adds to a deployment, accumulated in memory and written in one
/// transaction. Every number is a delta, so two indexers adding to one deployment never lose a count.
public final class IndexBatch {
    public static let sampleLimit = 5
    public static let sampleBytes = 2048

    public final class Aggregate {
        public internal(set) var count = 0
        /// Counts per `LogLevel` raw value; a raw buffer, as an array in a class costs a
        /// uniqueness check and a retain per record.
        let levelCounts = UnsafeMutablePointer<Int>.allocate(capacity: LogLevel.allCases.count)

        init() { levelCounts.initialize(repeating: 0, count: LogLevel.allCases.count) }
        deinit { levelCounts.deallocate() }

        public internal(set) var firstTimestamp: Int64?
        public internal(set) var lastTimestamp: Int64?
        /// Records per `LogLevel.rawValue`.
        public var levels: [Int] { Array(UnsafeBufferPointer(start: levelCounts, count: LogLevel.allCases.count)) }
        private var minuteTable: [Int64: Int] = [:]
        /// The current run of records in one minute: logs are mostly in time order, so most records
        /// bump this counter instead of hashing into the table.
        private var runMinute = Int64.min
        private var runCount = 0

        @inline(__always)
        func count(minute: Int64) {
            if minute == runMinute {
                runCount += 1
                return
            }
            if runCount > 0 { minuteTable[runMinute, default: 0] += runCount }
            runMinute = minute
            runCount = 1
        }

        public var minutes: [Int64: Int] {
            var m = minuteTable
            if runCount > 0 { m[runMinute, default: 0] += runCount }
            return m
        }
        /// The lowest-priority samples seen (a bottom-k sketch: deterministic and mergeable).
        public internal(set) var samples: [(priority: Int64, source: String, line: Int, text: String)] = []
    }

    public var serviceID: Int64 { deployment.serviceID }
    public let deployment: DeploymentRef
    /// Indexed by template id (ids are dense), so a record costs no dictionary lookup.
    private var byID: [Aggregate?] = []
    public var aggregates: [(Int, Aggregate)] { byID.enumerated().compactMap { i, a in a.map { (i, $0) } } }
    public private(set) var records = 0
    public internal(set) var lines = 0
    public internal(set) var bytes = 0
    public internal(set) var skipped = LimitCounts()
    public internal(set) var firstTimestamp: Int64?
    public internal(set) var lastTimestamp: Int64?
    /// Templates whose miner state changed, with their stored form.
    public internal(set) var templates: [(TemplateID, MinerState.StoredTemplate)] = []
    public internal(set) var progress: SourceProgress?
    /// Absolute value rows of the positions this batch touched (see `ValueTable`).
    public internal(set) var values: [(template: Int, position: Int, rows: [(String, Int)])] = []
    /// Stored or pending samples that lower ones pushed out of their template's lowest priorities.
    public internal(set) var evictedSamples: [(template: Int, priority: Int64)] = []

    /// The run's lowest sample priorities per template, stored or pending: a record whose priority
    /// cannot enter them is not sampled at all, so after warm-up batches carry no samples to write.
    public let floor: SampleFloor

    /// The input the batch's records come from (a batch never spans two), named in its samples.
    public let source: String

    public init(deployment: DeploymentRef, source: String = "", floor: SampleFloor = SampleFloor()) {
        self.deployment = deployment
        self.source = source
        self.floor = floor
    }

    /// Adds one record mined into template `id`, `lines` lines and `bytes` bytes of the input;
    /// returns the template's aggregate.
    @discardableResult
    public func add(
        id: TemplateID, level: LogLevel, timestamp: Int64?, line: Int, lines: Int, bytes: Int, text: UnsafeBufferPointer<UInt8>
    ) -> Aggregate {
        records += 1
        self.lines += lines
        self.bytes += bytes
        let a = aggregate(id.rawValue)
        a.count += 1
        a.levelCounts[level.rawValue] += 1
        if let t = timestamp {
            a.firstTimestamp = min(a.firstTimestamp ?? t, t)
            a.lastTimestamp = max(a.lastTimestamp ?? t, t)
            firstTimestamp = min(firstTimestamp ?? t, t)
            lastTimestamp = max(lastTimestamp ?? t, t)
            a.count(minute: t >= 0 ? t / 60_000 : (t - 59_999) / 60_000)
        }
        sample(a, id: id.rawValue, line: line, text: text)
        return a
    }

    /// Totals read from the source besides records: lines, bytes, what was skipped.
    public func addTotals(lines: Int, bytes: Int, skipped: LimitCounts) {
        self.lines += lines
        self.bytes += bytes
        self.skipped.merge(skipped)
    }

    public func setProgress(_ p: SourceProgress) { progress = p }

    /// Absolute value rows of the positions touched since the last batch.
    public func setValues(_ rows: [(template: Int, position: Int, rows: [(String, Int)])]) { values = rows }

    public func setEvictedSamples() { evictedSamples = floor.takeEvicted() }

    public func setTemplates(_ t: [(TemplateID, MinerState.StoredTemplate)]) { templates = t }

    public var isEmpty: Bool { records == 0 && templates.isEmpty && progress == nil && lines == 0 }

    @inline(__always)
    private func aggregate(_ id: Int) -> Aggregate {
        if id >= byID.count { byID += [Aggregate?](repeating: nil, count: max(id + 1 - byID.count, byID.count / 2)) }
        if let a = byID[id] { return a }
        let a = Aggregate()
        byID[id] = a
        return a
    }

    private func sample(_ a: Aggregate, id: Int, line: Int, text: UnsafeBufferPointer<UInt8>) {
        // The priority hashes the record's head and its length: cheap, deterministic, and equal
        // for repeated identical lines, which then take one slot.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(id) ^ UInt64(text.count) << 32
        if let base = text.baseAddress {
            let n = min(text.count, 96)
            var i = 0
            while i + 8 <= n {
                h = (h ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* 0x9e37_79b9_7f4a_7c15
                h ^= h >> 29
                i += 8
            }
            while i < n {
                h = (h ^ UInt64(base[i])) &* 0x100_0000_01b3
                i += 1
            }
        }
        let priority = Int64(bitPattern: h >> 1)
        guard floor.admit(id, priority) else { return }
        if a.samples.count >= Self.sampleLimit, priority >= a.samples[a.samples.count - 1].priority { return }
        if a.samples.contains(where: { $0.priority == priority }) { return }
        var cut = String(decoding: text.prefix(Self.sampleBytes), as: UTF8.self)
        if text.count > Self.sampleBytes { cut += "…" }
        a.samples.append((priority, source, line, cut))
        a.samples.sort { $0.priority < $1.priority }
        if a.samples.count > Self.sampleLimit { a.samples.removeLast() }
    }
}

/// Per template, the lowest `IndexBatch.sampleLimit` sample priorities of the run so far
/// (loaded from the store when a deployment is continued).
public final class SampleFloor {
    private var best: [Int: [Int64]] = [:]
    /// Per template id, the highest of its lowest priorities once it has `sampleLimit` of them
    /// (else `Int64.max`): the test that refuses almost every record, with no hashing.
    private var ceiling: [Int64] = []
    /// Priorities pushed out since `takeEvicted`: the store deletes them, so it keeps exactly
    /// the lowest ones without a per-template query.
    private var evicted: [(template: Int, priority: Int64)] = []
    public init() {}

    /// Whether `priority` enters the template's lowest ones; records it when it does.
    @inline(__always)
    func admit(_ id: Int, _ priority: Int64) -> Bool {
        if id < ceiling.count, priority >= ceiling[id] { return false }
        return enter(id, priority)
    }

    private func enter(_ id: Int, _ priority: Int64) -> Bool {
        var b = best.removeValue(forKey: id) ?? []
        if b.contains(priority) {
            best[id] = b
            return false
        }
        b.append(priority)
        b.sort()
        if b.count > IndexBatch.sampleLimit {
            let out = b.removeLast()
            evicted.append((id, out))
        }
        if b.count >= IndexBatch.sampleLimit {
            if id >= ceiling.count { ceiling += [Int64](repeating: .max, count: max(id + 1 - ceiling.count, ceiling.count / 2)) }
            ceiling[id] = b[b.count - 1]
        }
        best[id] = b
        return true
    }

    /// A stored priority. A store holding more than the limit (it never should) loses the excess
    /// at the next commit.
    public func load(_ id: Int, _ priority: Int64) { _ = admit(id, priority) }

    func takeEvicted() -> [(template: Int, priority: Int64)] {
        defer { evicted.removeAll(keepingCapacity: true) }
        return evicted
    }
}
