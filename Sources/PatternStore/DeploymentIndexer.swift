import Dispatch
import Foundation
import LogMining

/// What to index: the resolved plan of `deploydiff index`.
public struct IndexRequest: Sendable {
    public var service: String
    public var deployment: String
    public var commit: String?
    /// Paths; "-" is standard input.
    public var inputs: [String]
    /// Nil: detect per input.
    public var format: LogFormat?
    public var config: MinerConfig
    /// Records per transaction. Smaller batches lose less to a crash and cost more writes.
    public var batchRecords: Int

    public init(
        service: String, deployment: String, commit: String? = nil, inputs: [String], format: LogFormat? = nil,
        config: MinerConfig = MinerConfig(), batchRecords: Int = 200_000
    ) {
        self.service = service
        self.deployment = deployment
        self.commit = commit
        self.inputs = inputs
        self.format = format
        self.config = config
        self.batchRecords = batchRecords
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
    public var templatesBefore = 0
    public var templatesAfter = 0
    /// Seconds the miner waited for the store writer, and seconds the writer spent in transactions.
    public var waitSeconds = 0.0
    public var writeSeconds = 0.0
    public var failures: Int { outcomes.filter { if case .failed = $0.status { true } else { false } }.count }
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
    let store: PatternStore
    let request: IndexRequest
    let progress: ((IndexProgress) -> Void)?
    let waiting: () -> Void
    private let writer = DispatchQueue(label: "deploydiff.store-writer")
    private var pendingWrite: DispatchWorkItem?
    private var writeError: Error?
    private var waitSeconds = 0.0
    private var writeSeconds = 0.0
    private let values = ValueTable()

    public init(store: PatternStore, request: IndexRequest, progress: ((IndexProgress) -> Void)? = nil, waiting: @escaping () -> Void = {}) {
        self.store = store
        self.request = request
        self.progress = progress
        self.waiting = waiting
    }

    public func run() throws -> IndexReport {
        let lock = try ServiceLock(storePath: store.path, service: request.service, waiting: waiting)
        defer { withExtendedLifetime(lock) {} }
        let service = try store.service(named: request.service, config: request.config)
        let miner = try store.loadMiner(service)
        let source = request.inputs.count == 1 ? request.inputs[0] : "\(request.inputs.count) files"
        let deployment = try store.deployment(service: service, name: request.deployment, commit: request.commit, source: source)
        var report = IndexReport()
        report.templatesBefore = miner.templates.count
        try store.loadValues(deployment: deployment.id, into: values)
        for path in request.inputs {
            let outcome = try index(path, miner, service, deployment, &report)
            report.outcomes.append(outcome)
        }
        try waitForWrite()
        report.limits.merge(miner.limitCounts)
        report.templatesAfter = miner.templates.count
        report.waitSeconds = waitSeconds
        report.writeSeconds = writeSeconds
        return report
    }

    // MARK: One input

    private func index(_ path: String, _ miner: TemplateMiner, _ service: ServiceInfo, _ deployment: DeploymentInfo, _ report: inout IndexReport) throws -> InputOutcome {
        var input: LogInput
        do { input = try LogInput.open(path, format: request.format) } catch {
            return InputOutcome(path: path, status: .failed("\(error)"), detectedFormat: nil)
        }
        defer { input.close() }
        var start = SourceProgress(path: path, size: 0, inode: 0, mtime: 0, headHash: "", offset: 0, lines: 0)
        if let id = input.identity {
            try waitForWrite()
            if let stored = try store.progress(deployment: deployment.id, path: path), input.startsLike(stored.headHash),
                (input.isGzip ? stored.size == id.size : id.size >= stored.offset)
            {
                if input.isGzip || id.size == stored.offset {
                    return InputOutcome(path: path, status: .unchanged, detectedFormat: input.detectedAs)
                }
                start = stored
            }
            start.size = id.size
            start.inode = id.inode
            start.mtime = id.mtime
            start.headHash = id.headHash
        }
        do {
            try input.skip(to: start.offset)
            let records = try mine(&input, from: start, miner, service, deployment, &report)
            return InputOutcome(path: path, status: .indexed(records: records, fromOffset: start.offset), detectedFormat: input.detectedAs)
        } catch let e as PatternStoreError {
            if case .sqlite = e { throw e }
            return InputOutcome(path: path, status: .failed("\(e)"), detectedFormat: input.detectedAs)
        } catch let e as LogMiningError {
            return InputOutcome(path: path, status: .failed("\(e)"), detectedFormat: input.detectedAs)
        }
    }

    private func mine(
        _ input: inout LogInput, from start: SourceProgress, _ miner: TemplateMiner, _ service: ServiceInfo,
        _ deployment: DeploymentInfo, _ report: inout IndexReport
    ) throws -> Int {
        let tracked = input.identity != nil
        let reader = RecordReader(format: input.format, limits: request.config.limits, startOffset: Int(start.offset), startLine: Int(start.lines))
        let reference = input.identity.map { $0.mtime * 1000 } ?? Int64(Date().timeIntervalSince1970 * 1000)
        var clock = TimestampParser(referenceYear: TimestampParser.year(ofMillis: reference), referenceMillis: reference)
        var batch = IndexBatch(serviceID: service.id, deploymentID: deployment.id)
        var last = ReadStats()
        // Lines and bytes are counted up to the last record stored, not as read: the reader reads
        // ahead, and a resumed run must not count the read-ahead twice.
        var committed = start
        var position = start
        var records = 0
        let name = input.displayName
        let total = input.identity.map { $0.size }
        let flush = {
            let stats = reader.stats
            batch.addTotals(
                lines: Int(position.lines - committed.lines), bytes: Int(position.offset - committed.offset),
                skipped: Self.delta(stats.limits, last.limits))
            last = stats
            committed = position
            batch.setTemplates(miner.takeChanged().map { ($0, miner.storedTemplate($0)) })
            batch.setValues(self.values)
            if tracked { batch.setProgress(position) }
            try self.submit(batch)
            batch = IndexBatch(serviceID: service.id, deploymentID: deployment.id)
            self.progress?(IndexProgress(input: name, bytesRead: Int64(stats.bytes) + start.offset, totalBytes: total, records: records))
        }
        try reader.read(&input.source) { record in
            let result = miner.add(record.message)
            let stamp = record.timestamp.isEmpty ? nil : clock.parse(record.timestamp)
            batch.add(id: result.id, level: record.level, timestamp: stamp, source: name, line: record.lineNumber, text: record.text)
            let tv = self.values.template(result.id.rawValue)
            miner.forEachVariableOfLastAdd(result, in: record.message) { tv.at($0).add($1) }
            records += 1
            position.offset = Int64(record.endOffset)
            position.lines = Int64(record.lineNumber + record.lineCount - 1)
            if batch.records >= request.batchRecords { try flush() }
        }
        position.lines = Int64(reader.stats.lines)
        position.offset = start.offset + Int64(reader.stats.bytes)
        try flush()
        report.stats.merge(Self.statsDelta(reader.stats, start))
        report.limits.merge(reader.stats.limits)
        return records
    }

    private static func delta(_ now: LimitCounts, _ before: LimitCounts) -> LimitCounts {
        var d = LimitCounts()
        for (k, v) in now.counts where v - before[k] > 0 { d.add(k, v - before[k]) }
        return d
    }

    private static func statsDelta(_ s: ReadStats, _ start: SourceProgress) -> ReadStats {
        var d = s
        d.lines -= Int(start.lines)
        return d
    }

    // MARK: The writer thread

    /// Hands the batch to the writer thread, after the previous write finished.
    private func submit(_ batch: IndexBatch) throws {
        try waitForWrite()
        let item = DispatchWorkItem { [store] in
            let t = DispatchTime.now().uptimeNanoseconds
            do { try store.commit(batch) } catch { self.writeError = error }
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
