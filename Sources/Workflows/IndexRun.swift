import Foundation
import GitHistory
import Ingestion
import LogMining
import PatternStore

/// Which deployment the records go to: one named deployment, or a schedule of deploys.
public enum IndexDestination: Sendable, Equatable {
    case deployment(name: String, commit: String?)
    /// Deploy times from a CSV of `name,time[,commit]`.
    case scheduleFile(path: String)
    /// Deploy times from the repository's tags (those matching `tagPattern`, when given).
    case scheduleFromTags(repository: String, tagPattern: String?)
}

/// What `index` writes where: the store resolved, the inputs as given.
public struct IndexRunRequest: Sendable {
    public var store: StoreLocation
    public var service: String
    public var destination: IndexDestination
    public var inputs: [String]
    public var format: LogFormat?
    public var batchRecords: Int
    public var allowUnmatchedHeader: Bool

    public init(
        store: StoreLocation, service: String, destination: IndexDestination, inputs: [String], format: LogFormat?, batchRecords: Int,
        allowUnmatchedHeader: Bool
    ) {
        self.store = store
        self.service = service
        self.destination = destination
        self.inputs = inputs
        self.format = format
        self.batchRecords = batchRecords
        self.allowUnmatchedHeader = allowUnmatchedHeader
    }
}

/// `index`: mines the inputs into the store (created when missing).
public enum IndexRun {
    /// - Parameters:
    ///   - progress: called on the mining thread as records are read.
    ///   - waiting: called once when another indexer holds the service and this one waits.
    public static func run(
        _ request: IndexRunRequest, progress: ((IndexProgress) -> Void)? = nil, waiting: @escaping () -> Void = {}
    ) throws -> IndexReport {
        var r = IndexRequest(
            service: request.service, target: try target(request.destination), inputs: request.inputs, format: request.format,
            batchRecords: request.batchRecords)
        r.allowUnmatchedHeader = request.allowUnmatchedHeader
        return try DeploymentIndexer(store: try request.store.open(.create), request: r, progress: progress, waiting: waiting).run()
    }

    /// The deployment, or the schedule of deploys from the CSV file or the repository's tags.
    static func target(_ d: IndexDestination) throws -> IndexTarget {
        switch d {
        case .deployment(let name, let commit):
            return .deployment(name: name, commit: commit)
        case .scheduleFile(let path):
            return .schedule(try DeploySchedule.fromCSV(path: path))
        case .scheduleFromTags(let repository, let pattern):
            return .schedule(try DeploySchedule.fromTags(repository: repository, tagPattern: pattern))
        }
    }
}
