import Dispatch
import Foundation
import LogMining
import PatternStore

/// What to index: the resolved plan of `deploydiff index`.
public struct IndexRequest: Sendable {
    public var service: String
    public var target: IndexTarget
    /// Paths; "-" is standard input.
    public var inputs: [String]
    /// Nil: detect per input.
    public var format: LogFormat?
    public var config: MinerConfig
    /// Records per transaction. Smaller batches lose less to a crash and cost more writes.
    public var batchRecords: Int
    /// Index an input even when its header format matches fewer than half of its first lines
    /// (`HeaderCoverage`); by default such an input fails and stores nothing.
    public var allowUnmatchedHeader = false

    public init(
        service: String, deployment: String, commit: String? = nil, inputs: [String], format: LogFormat? = nil,
        config: MinerConfig = MinerConfig(), batchRecords: Int = 200_000
    ) {
        self.init(service: service, target: .deployment(name: deployment, commit: commit), inputs: inputs, format: format, config: config, batchRecords: batchRecords)
    }

    public init(
        service: String, target: IndexTarget, inputs: [String], format: LogFormat? = nil, config: MinerConfig = MinerConfig(),
        batchRecords: Int = 200_000
    ) {
        self.service = service
        self.target = target
        self.inputs = inputs
        self.format = format
        self.config = config
        self.batchRecords = batchRecords
    }
}

/// Where records go: one named deployment, or the deployment live at each record's time.
public enum IndexTarget: Sendable, Equatable {
    case deployment(name: String, commit: String?)
    /// Deploys in time order: a record belongs to the last deploy at or before its timestamp.
    /// Records before the first deploy are skipped; records without a timestamp follow the
    /// record before them.
    case schedule([ScheduledDeploy])
}

/// One deploy of a schedule: its name (a tag), when it went live, its commit.
public struct ScheduledDeploy: Sendable, Equatable {
    public let name: String
    public let startMillis: Int64
    public let commit: String?
    public init(name: String, startMillis: Int64, commit: String?) {
        self.name = name
        self.startMillis = startMillis
        self.commit = commit
    }
}

/// What happened to one input.
public struct InputOutcome: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Records were added, reading from `fromOffset` (non-zero: only the new tail of a grown file).
        case indexed(records: Int, fromOffset: Int64)
        /// Already indexed up to its end: nothing added.
        case unchanged
        case failed(String)
        /// The header format matched too few of the input's first lines: nothing stored.
        case unmatchedHeader(HeaderCoverage)

        public var isFailure: Bool {
            switch self {
            case .failed, .unmatchedHeader: true
            case .indexed, .unchanged: false
            }
        }
    }

    public let path: String
    public let status: Status
    /// The detected format, when it was detected.
    public let detectedFormat: String?
}

/// The totals of a run, for the summary.
public struct IndexReport: Sendable {
    public var outcomes: [InputOutcome] = []
    public var stats = ReadStats()
    public var limits = LimitCounts()
    /// Records per deployment name.
    public var recordsByDeployment: [String: Int] = [:]
    /// Records skipped because they came before the first deploy of a schedule, or had no
    /// timestamp before any record that had one.
    public var unscheduled = 0
    public var templatesBefore = 0
    public var templatesAfter = 0
    /// Seconds the miner waited for the store writer, and seconds the writer spent in transactions.
    public var waitSeconds = 0.0
    public var writeSeconds = 0.0
    public var failures: Int { outcomes.filter(\.status.isFailure).count }
}

/// Progress as it happens, for a progress bar.
public struct IndexProgress: Sendable {
    public let input: String
    public let bytesRead: Int64
    public let totalBytes: Int64?
    public let records: Int
}

/// Reads, mines and stores one deployment's logs. A bad input records a failure and the run goes
/// on with the others; store errors end the run. Mining and storing overlap: a batch is written
/// on a second thread while the next one is mined.
public final class DeploymentIndexer {
    let store: any IndexStore
    let request: IndexRequest
    let progress: ((IndexProgress) -> Void)?
    let waiting: () -> Void
    private let writer = DispatchQueue(label: "deploydiff.store-writer")
    private var pendingWrite: DispatchWorkItem?
    private var writeError: Error?
    private var waitSeconds = 0.0
    private var writeSeconds = 0.0
    private let values = ValueTable()

    public init(store: any IndexStore, request: IndexRequest, progress: ((IndexProgress) -> Void)? = nil, waiting: @escaping () -> Void = {}) {
        self.store = store
        self.request = request
        self.progress = progress
        self.waiting = waiting
    }

    public func run() throws -> IndexReport {
        let lock = try store.lockService(request.service, waiting: waiting)
        defer { withExtendedLifetime(lock) {} }
        let service = try store.service(named: request.service, config: request.config)
        let miner = try store.loadMiner(service)
        let source = request.inputs.count == 1 ? request.inputs[0] : "\(request.inputs.count) files"
        var targets: [Target] = []
        func target(_ name: String, _ commit: String?, start: Int64) throws -> Target {
            let id = try store.deploymentID(service: service, name: name)
            return Target(DeploymentRef(serviceID: service.id, name: name, commit: commit, source: source, id: id), start: start)
        }
        switch request.target {
        case .deployment(let name, let commit):
            targets = [try target(name, commit, start: Int64.min)]
        case .schedule(let deploys):
            for d in deploys.sorted(by: { $0.startMillis < $1.startMillis }) { targets.append(try target(d.name, d.commit, start: d.startMillis)) }
        }
        try loadRunState(targets)
        var report = IndexReport()
        report.templatesBefore = miner.liveCount
        for path in request.inputs {
            report.outcomes.append(try index(path, miner, service, targets, &report))
        }
        try waitForWrite()
        store.checkpoint()
        report.limits.merge(miner.limitCounts)
        report.templatesAfter = miner.liveCount
        report.waitSeconds = waitSeconds
        report.writeSeconds = writeSeconds
        for t in targets where t.records > 0 { report.recordsByDeployment[t.deployment.name, default: 0] += t.records }
        Self.releaseInBackground((miner, targets))
        return report
    }

    /// The miner and the value tables of a large run are hundreds of thousands of small objects;
    /// freeing them took a tenth of the run's time, on the caller's thread, after the work was
    /// done (perf on bench/index_speed.py). They are released on a background queue instead, and a
    /// command that exits right after does not wait for it.
    private static func releaseInBackground(_ garbage: Any) {
        let box = Garbage(garbage)
        DispatchQueue.global(qos: .background).async { box.drop() }
    }

    private final class Garbage: @unchecked Sendable {
        private var value: Any?
        init(_ value: Any) { self.value = value }
        func drop() { value = nil }
    }

    /// A deployment records go to, with its run-long value table and its current batch.
    final class Target {
        let deployment: DeploymentRef
        let start: Int64
        var values = ValueTable()
        var floor = SampleFloor()
        var batch: IndexBatch
        var records = 0
        init(_ deployment: DeploymentRef, start: Int64) {
            self.deployment = deployment
            self.start = start
            batch = IndexBatch(deployment: deployment)
        }
    }

    /// The run-long value tables and sample floors, as stored: at the start, and again after an
    /// input failed part-way, so the records it did not store leave no values or samples behind.
    private func loadRunState(_ targets: [Target]) throws {
        try waitForWrite()
        for t in targets {
            t.values = ValueTable()
            t.floor = SampleFloor()
            guard let id = t.deployment.id else { continue }
            t.values.load(try store.valueRows(deployment: id))
            try store.loadSamplePriorities(deployment: id, into: t.floor)
        }
    }

    // MARK: One input

    private func index(_ path: String, _ miner: TemplateMiner, _ service: ServiceInfo, _ targets: [Target], _ report: inout IndexReport) throws -> InputOutcome {
        var input: LogInput
        do { input = try LogInput.open(path, format: request.format) } catch {
            return InputOutcome(path: path, status: .failed("\(error)"), detectedFormat: nil)
        }
        defer { input.close() }
        if let c = input.coverage, c.isTooLow, !request.allowUnmatchedHeader {
            return InputOutcome(path: path, status: .unmatchedHeader(c), detectedFormat: input.detectedAs)
        }
        try waitForWrite()
        let plan = try resumePlan(input, targets)
        do {
            guard let plan else { return InputOutcome(path: path, status: .unchanged, detectedFormat: input.detectedAs) }
            let reached = try input.skip(to: plan.from.offset)
            if reached < plan.from.offset { return InputOutcome(path: path, status: .unchanged, detectedFormat: input.detectedAs) }
            let records = try mine(&input, plan, miner, service, targets, &report)
            if records == 0, plan.from.offset > 0 { return InputOutcome(path: path, status: .unchanged, detectedFormat: input.detectedAs) }
            return InputOutcome(path: path, status: .indexed(records: records, fromOffset: plan.from.offset), detectedFormat: input.detectedAs)
        } catch let e as IngestionError {
            try loadRunState(targets)
            return InputOutcome(path: path, status: .failed("\(e)"), detectedFormat: input.detectedAs)
        } catch let e as LogMiningError {
            try loadRunState(targets)
            return InputOutcome(path: path, status: .failed("\(e)"), detectedFormat: input.detectedAs)
        }
    }

    /// Where to read an input from: the source row it continues (the same content, under any
    /// name) or a new one; nil when everything in it was stored already.
    struct ResumePlan {
        var from: SourceProgress
        /// The last line waits when unterminated: false once the file stopped growing since the run before.
        var holdBackTail: Bool
    }

    private func resumePlan(_ input: LogInput, _ targets: [Target]) throws -> ResumePlan? {
        let id = input.identity
        // Every deployment of the run that exists carries the same progress rows (a schedule's
        // first deploy may have no records of this input).
        let stored = try targets.compactMap(\.deployment.id).flatMap { try store.sources(deployment: $0) }
        // The same inode first, then the longest fingerprint, then the furthest read.
        let match = stored.filter { input.startsLike($0.headHash) }.max { a, b in
            let sa = (a.device == id.device && a.inode == id.inode && id.inode != 0, a.headHash.count, a.offset)
            let sb = (b.device == id.device && b.inode == id.inode && id.inode != 0, b.headHash.count, b.offset)
            return sa.0 != sb.0 ? !sa.0 : sa.1 != sb.1 ? sa.1 < sb.1 : sa.2 < sb.2
        }
        var from = match ?? SourceProgress(key: UUID().uuidString, path: "", size: 0, device: 0, inode: 0, mtime: 0, headHash: "", offset: 0, lines: 0)
        var holdBack = input.mayGrow
        if let match, input.mayGrow {
            // A plain file holding no more than what was stored: nothing new.
            if id.size <= match.offset { return nil }
            // The same size as at the last run: it stopped growing; an unterminated last line is final.
            if id.size == match.size, id.inode == match.inode { holdBack = false }
        }
        from.path = input.path
        from.size = id.size
        from.device = id.device
        from.inode = id.inode
        from.mtime = id.mtime
        from.headHash = id.headHash
        return ResumePlan(from: from, holdBackTail: holdBack)
    }

    /// Mines one input from where `plan` says, in batches of `request.batchRecords` (a gzip file:
    /// one batch), each handed to the writer thread as it fills. Returns the records stored.
    private func mine(
        _ input: inout LogInput, _ plan: ResumePlan, _ miner: TemplateMiner, _ service: ServiceInfo,
        _ targets: [Target], _ report: inout IndexReport
    ) throws -> Int {
        let pipeline = try makePipeline(&input, plan, miner)
        // A gzip file is one transaction: one that turns out truncated at its end stores nothing.
        let batchRecords = input.isGzip ? Int.max : request.batchRecords
        let cursor = BatchCursor(targets: targets, source: input.displayName, start: plan.from)
        // A schedule routes every record by its time, even with one deploy: records before it belong to none.
        let scheduled = if case .schedule = request.target { true } else { false }
        var current: Target? = scheduled ? nil : targets[0]
        let total = input.mayGrow ? input.identity.size : nil
        let fields = StructuredFields.Reader(input.format)
        func flush(final: Bool) throws {
            try cursor.flush(final: final, sink: current ?? targets[0], miner: miner, submit: submit)
            progress?(IndexProgress(input: cursor.source, bytesRead: Int64(cursor.stats.bytes) + plan.from.offset, totalBytes: total, records: cursor.records))
        }
        do {
            while let chunk = try pipeline.next() {
                try chunk.bytes.withUnsafeBufferPointer { base in
                    for (k, item) in chunk.items.enumerated() {
                        cursor.reach(item)
                        if scheduled, let t = item.timestamp { current = Self.route(t, targets) }
                        guard let target = current else {
                            report.unscheduled += 1
                            cursor.pass()
                            continue
                        }
                        Self.add(item, k, of: chunk, base, to: target, miner, fields: fields)
                        cursor.stored()
                        if cursor.pending >= batchRecords { try flush(final: false) }
                    }
                }
                cursor.stats = chunk.stats
                pipeline.recycle(chunk)
            }
        } catch {
            pipeline.cancel()
            throw error
        }
        cursor.reachEnd()
        try flush(final: true)
        var delta = cursor.stats
        delta.lines -= Int(plan.from.lines)
        report.stats.merge(delta)
        report.limits.merge(cursor.stats.limits)
        return cursor.records
    }

    /// The reader thread for an input, from the plan's offset and line, with the clock that dates
    /// its timestamps (a growing file's time, else now) and the miner's tokenizer.
    private func makePipeline(_ input: inout LogInput, _ plan: ResumePlan, _ miner: TemplateMiner) throws -> RecordPipeline {
        let start = plan.from
        let reader = RecordReader(format: input.format, limits: request.config.limits, startOffset: Int(start.offset), startLine: Int(start.lines))
        reader.holdsBackUnterminatedTail = plan.holdBackTail
        let reference = input.mayGrow ? input.identity.mtime * 1000 : Int64(Date().timeIntervalSince1970 * 1000)
        let clock = TimestampParser(referenceYear: TimestampParser.year(ofMillis: reference), referenceMillis: reference)
        return RecordPipeline(reader: reader, source: input.source, clock: clock, tokenizer: try MessageTokenizer(config: miner.config))
    }

    /// One record: mined, added to the target's batch, its variables and attributes to the target's values.
    @inline(__always)
    private static func add(
        _ item: RecordPipeline.Item, _ k: Int, of chunk: RecordPipeline.Chunk, _ base: UnsafeBufferPointer<UInt8>, to target: Target,
        _ miner: TemplateMiner, fields: StructuredFields.Reader?
    ) {
        let text = UnsafeBufferPointer(rebasing: base[item.text])
        let message = UnsafeBufferPointer(rebasing: base[item.message])
        let result = miner.add(message, tokens: chunk.tokens, at: k)
        target.batch.add(
            id: result.id, level: item.level, timestamp: item.timestamp, line: item.lineNumber, lines: item.lineCount,
            bytes: item.endOffset - item.startOffset, text: text)
        let tv = target.values.template(result.id.rawValue)
        miner.forEachVariableOfLastAdd(result, in: message) { tv.at($0).add($1) }
        addAttributes(text, component: UnsafeBufferPointer(rebasing: base[item.component]), lineCount: item.lineCount, tv)
        if let fields { addFields(text, fields, tv) }
        target.records += 1
    }

    /// A structured record's other fields (`status`, `err`, ...) as `key=value` values of their
    /// reserved positions: variables of the template the diff compares like any other.
    private static func addFields(_ text: UnsafeBufferPointer<UInt8>, _ fields: StructuredFields.Reader, _ tv: ValueTable.Template) {
        let line = UnsafeBufferPointer(rebasing: text[..<(text.firstIndex(of: 10) ?? text.endIndex)])
        var pair: [UInt8] = []
        fields.forEach(line) { key, value in
            pair.removeAll(keepingCapacity: true)
            pair.append(contentsOf: key)
            pair.append(UInt8(ascii: "="))
            pair.append(contentsOf: value)
            pair.withUnsafeBufferPointer { tv.at(StructuredFields.position(of: key)).add($0) }
        }
    }

    /// Where mining one input stands, and the batches it fills: one per target, flushed together.
    ///
    /// - `position` is where reading reached (the end of the last record seen); `committed` is the
    ///   end of the last record stored or passed over. Lines and bytes are counted per record stored,
    ///   not as read: the reader reads ahead, and a resumed run must not count the read-ahead twice.
    ///   The lines and bytes between `committed` and `position` (the end of the input past the last
    ///   record) are added on the final flush only.
    /// - Templates the miner changed travel on the first target's batch (each batch of a flush is
    ///   committed in the same transaction).
    /// - Every target's batch carries the value tables' dirty positions and the input's progress.
    final class BatchCursor {
        let targets: [Target]
        let source: String
        let start: SourceProgress
        private(set) var position: SourceProgress
        private(set) var committed: SourceProgress
        /// The reader's statistics as of the last chunk.
        var stats = ReadStats()
        /// The reader's limit counts at the last flush: each flush adds what is new since.
        private var flushedLimits = LimitCounts()
        /// Records stored since the last flush.
        private(set) var pending = 0
        /// Records stored from this input.
        private(set) var records = 0

        init(targets: [Target], source: String, start: SourceProgress) {
            self.targets = targets
            self.source = source
            self.start = start
            position = start
            committed = start
            stats.lines = Int(start.lines)
            newBatches()
        }

        private func newBatches() { for t in targets { t.batch = IndexBatch(deployment: t.deployment, source: source, floor: t.floor) } }

        /// Reading reached the end of `item`.
        @inline(__always)
        func reach(_ item: RecordPipeline.Item) {
            position.offset = Int64(item.endOffset)
            position.lines = Int64(item.lineNumber + item.lineCount - 1)
        }

        /// The record just reached belongs to no deployment: passed over, as good as stored.
        @inline(__always)
        func pass() {
            committed.offset = position.offset
            committed.lines = position.lines
        }

        /// The record just reached was added to a batch.
        @inline(__always)
        func stored() {
            records += 1
            pending += 1
            pass()
        }

        /// Reading ended: everything read counts, but what the reader held back (an unterminated tail).
        func reachEnd() {
            position.lines = Int64(stats.lines - stats.heldBackLines)
            position.offset = start.offset + Int64(stats.bytes - stats.heldBackBytes)
        }

        /// Completes the batches, hands them to `submit` (the writer thread) and starts new ones.
        /// - Parameter sink: the target that takes the totals: the one current when the flush happens.
        func flush(final: Bool, sink: Target, miner: TemplateMiner, submit: ([IndexBatch]) throws -> Void) throws {
            if final {
                sink.batch.addTotals(lines: Int(position.lines - committed.lines), bytes: Int(position.offset - committed.offset), skipped: LimitCounts())
            }
            sink.batch.addTotals(lines: 0, bytes: 0, skipped: DeploymentIndexer.delta(stats.limits, flushedLimits))
            flushedLimits = stats.limits
            committed = position
            targets[0].batch.setTemplates(miner.takeChanged().map { ($0, miner.storedTemplate($0)) })
            for t in targets {
                t.batch.setValues(t.values.takeDirty())
                t.batch.setEvictedSamples()
                t.batch.setProgress(position)
            }
            try submit(targets.map(\.batch))
            newBatches()
            pending = 0
        }
    }

    /// Component, and the exception of an attached stack trace, as values of reserved positions.
    private static func addAttributes(_ text: UnsafeBufferPointer<UInt8>, component: UnsafeBufferPointer<UInt8>, lineCount: Int, _ tv: ValueTable.Template) {
        if !component.isEmpty { tv.at(RecordAttribute.component.position).add(component) }
        guard lineCount > 1, let nl = text.firstIndex(of: 10),
            let e = ExceptionInfo.extract(UnsafeBufferPointer(rebasing: text[(nl + 1)...]))
        else { return }
        var type = e.type
        type.withUTF8 { tv.at(RecordAttribute.exceptionType.position).add($0) }
        if var f = e.frame { f.withUTF8 { tv.at(RecordAttribute.innermostFrame.position).add($0) } }
    }

    /// The last target whose start is at or before `t`, or nil before the first.
    private static func route(_ t: Int64, _ targets: [Target]) -> Target? {
        var lo = 0
        var hi = targets.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if targets[mid].start <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : targets[lo - 1]
    }

    fileprivate static func delta(_ now: LimitCounts, _ before: LimitCounts) -> LimitCounts {
        var d = LimitCounts()
        for (k, v) in now.counts where v - before[k] > 0 { d.add(k, v - before[k]) }
        return d
    }

    // MARK: The writer thread

    /// Hands the batches to the writer thread, after the previous write finished.
    ///
    /// The hand-off: from here the batches belong to the writer thread, which commits them in one
    /// transaction; the mining thread has already started new batches (`BatchCursor.flush`) and never
    /// touches these again. Nothing the write produces (the deployment a first commit creates, the
    /// source rows it updates, `writeError`, `writeSeconds`) is read by the mining thread before
    /// `waitForWrite` returns: `DispatchWorkItem.wait` is the synchronisation point.
    private func submit(_ batches: [IndexBatch]) throws {
        try waitForWrite()
        let item = DispatchWorkItem { [store] in
            let t = DispatchTime.now().uptimeNanoseconds
            do { try store.commit(batches) } catch { self.writeError = error }
            self.writeSeconds += Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
        }
        pendingWrite = item
        writer.async(execute: item)
    }

    private func waitForWrite() throws {
        let t = DispatchTime.now().uptimeNanoseconds
        pendingWrite?.wait()
        waitSeconds += Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
        pendingWrite = nil
        if let e = writeError {
            writeError = nil
            throw e
        }
    }
}
