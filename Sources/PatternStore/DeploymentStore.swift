import LogMining

/// What every command but `index` needs of a store: deployments, their snapshots and template
/// numbers, acknowledgements and the finding cache. The SQLite store and the PostgreSQL store
/// implement it (and `IndexStore`); the diff, the gate and the listings never know which one they read.
public protocol DeploymentStore: AnyObject, Sendable {
    /// Names the store in messages: a path, or a URL without its password.
    var location: String { get }
    /// Whether this process can write the store (the finding cache is kept only then).
    var isWritable: Bool { get }
    /// Deployments, of one service or all, oldest first (in the order they were created).
    func deployments(service: String?) throws -> [DeploymentInfo]
    /// Everything the diff reads of one deployment.
    func snapshot(_ deployment: DeploymentInfo) throws -> DeploymentSnapshot
    /// Templates of a deployment with their numbers, most frequent first.
    func templateStats(deployment: DeploymentInfo) throws -> [TemplateStat]
    /// Acknowledged template ids of a service, with their reasons.
    func acknowledgements(service: String) throws -> [Int: String]
    /// Marks a template's changes as expected.
    func acknowledge(service: String, templateID: Int, reason: String) throws
    /// A finding written before for the same key.
    func cachedFinding(key: String) throws -> String?
    func cacheFinding(key: String, json: String) throws
    /// Keeps a review (a diff's or gate's conclusion), replacing one of the same two deployments;
    /// a store this process cannot write is left as it is.
    func record(_ review: ReviewRecord) throws
    /// The service's reviews, oldest recorded first.
    func reviews(service: String) throws -> [StoredReview]
    /// Names of the schema migrations applied to the store, in order.
    func appliedMigrations() throws -> [String]
}

/// A store both sides of the tool use: the indexer writes it, the other commands read it.
public typealias Store = IndexStore & DeploymentStore
