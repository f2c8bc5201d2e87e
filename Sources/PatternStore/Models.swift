import LogMining

/// A service: the unit whose templates share ids (one miner state per service).
public struct ServiceInfo: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let config: MinerConfig
    public init(id: Int64, name: String, config: MinerConfig) {
        self.id = id
        self.name = name
        self.config = config
    }
}

/// One indexed deployment.
public struct DeploymentInfo: Codable, Sendable, Equatable {
    public let id: Int64
    public let service: String
    public let name: String
    public let commit: String?
    public let source: String?
    public let indexedAt: String
    /// Earliest and latest record timestamps, milliseconds since the epoch.
    public let firstTimestamp: Int64?
    public let lastTimestamp: Int64?
    public let records: Int
    public let lines: Int
    public let bytes: Int
    /// Records skipped or cut, by `LimitReason` raw value.
    public let skipped: [String: Int]
    /// The latest diff or gate of this deployment against a baseline; nil until one ran (and
    /// then left out of the JSON).
    public var review: DeploymentReview?

    public init(
        id: Int64, service: String, name: String, commit: String?, source: String?, indexedAt: String, firstTimestamp: Int64?,
        lastTimestamp: Int64?, records: Int, lines: Int, bytes: Int, skipped: [String: Int], review: DeploymentReview? = nil
    ) {
        self.id = id
        self.service = service
        self.name = name
        self.commit = commit
        self.source = source
        self.indexedAt = indexedAt
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.records = records
        self.lines = lines
        self.bytes = bytes
        self.skipped = skipped
        self.review = review
    }
}

/// A template's numbers in one deployment. Counts of templates merged into it are included.
public struct TemplateStat: Codable, Sendable, Equatable {
    public let id: Int
    public let text: String
    public let count: Int
    /// Records per level, only levels seen (in JSON: by name, `{"ERROR": 3}`).
    public let levels: [LogLevel: Int]
    public let firstTimestamp: Int64?
    public let lastTimestamp: Int64?

    /// The most severe level seen.
    public var maxLevel: LogLevel {
        levels.keys.max() ?? .unknown
    }
}

/// How far a source was indexed into a deployment: enough to skip it when unchanged and to read
/// only its new tail when it grew. A source is keyed by `key`, not by its path: the same content
/// found under another name (renamed, rotated, compressed, linked) continues the same row.
public struct SourceProgress: Sendable, Equatable {
    /// Stable for the life of the source in this deployment.
    public var key: String
    /// The path it was last read from.
    public var path: String
    /// On-disk size at the last run (compressed for gzip; 0 for a stream).
    public var size: Int64
    public var device: Int64
    public var inode: Int64
    public var mtime: Int64
    /// `hash:length` of the source's first 4 KiB of content (`LogInput.fingerprintBytes`).
    public var headHash: String
    /// Stream offset just past the last record stored (uncompressed bytes).
    public var offset: Int64
    /// Lines read up to `offset`.
    public var lines: Int64

    public init(
        key: String, path: String, size: Int64, device: Int64, inode: Int64, mtime: Int64, headHash: String, offset: Int64, lines: Int64
    ) {
        self.key = key
        self.path = path
        self.size = size
        self.device = device
        self.inode = inode
        self.mtime = mtime
        self.headHash = headHash
        self.offset = offset
        self.lines = lines
    }
}

/// The deployment a run writes to. A deployment is created by the first commit that carries
/// records, in that commit's transaction: a run that fails before storing anything leaves no
/// empty deployment behind for a later diff or gate to compare against.
public final class DeploymentRef: @unchecked Sendable {
    public let serviceID: Int64
    public let name: String
    public let commit: String?
    public let source: String?
    /// Set once the deployment exists: at the start when it did, else by the writer thread in the
    /// first commit. The mining thread reads it only after waiting for that write. Set by a store.
    public var id: Int64?

    public init(serviceID: Int64, name: String, commit: String?, source: String?, id: Int64?) {
        self.serviceID = serviceID
        self.name = name
        self.commit = commit
        self.source = source
        self.id = id
    }
}
