import LogMining

/// What an indexer needs of a store: the service's miner state, what a deployment already holds
/// (sources read, value rows, sample priorities), the commit of a batch, and a lock per service.
/// The SQLite store implements it; the ingestion code never knows which store it writes to.
public protocol IndexStore: AnyObject, Sendable {
    /// The service named `name`, created with `config` when new (an existing one keeps its own).
    func service(named name: String, config: MinerConfig) throws -> ServiceInfo
    /// A miner that continues from the service's committed templates.
    func loadMiner(_ service: ServiceInfo) throws -> TemplateMiner
    /// The deployment's id, if it exists.
    func deploymentID(service: ServiceInfo, name: String) throws -> Int64?
    /// The sources indexed into the deployment and how far each was read.
    func sources(deployment: Int64) throws -> [SourceProgress]
    /// The deployment's stored value rows, to continue its value tables.
    func valueRows(deployment: Int64) throws -> [ValueRow]
    /// The deployment's stored sample priorities, to continue its sample floor.
    func loadSamplePriorities(deployment: Int64, into floor: SampleFloor) throws
    /// Writes batches (one per deployment) in one transaction.
    func commit(_ batches: [IndexBatch]) throws
    /// Makes what was committed durable in the store's main file (a writer finished).
    func checkpoint()
    /// Holds the service's indexing lock while the returned object lives; calls `waiting` when
    /// another indexer holds it.
    func lockService(_ name: String, waiting: () -> Void) throws -> AnyObject
}

/// One stored value of a template position.
public struct ValueRow: Sendable, Equatable {
    public let template: Int
    public let position: Int
    public let value: String
    public let count: Int
    public init(template: Int, position: Int, value: String, count: Int) {
        self.template = template
        self.position = position
        self.value = value
        self.count = count
    }
}

extension PatternStore: IndexStore, DeploymentStore {
    public func lockService(_ name: String, waiting: () -> Void) throws -> AnyObject {
        try FileLock.service(storePath: path, service: name, waiting: waiting)
    }
}
