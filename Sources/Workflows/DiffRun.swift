import Findings
import PatternDiff
import PatternStore
import Reports

/// Which two deployments of which service, and where their code is: shared by `diff`, `explain`, `gate`.
public struct DeploymentPair: Sendable {
    public var store: StoreLocation
    public var service: String
    /// nil: the candidate's predecessor.
    public var baseline: String?
    /// nil: the latest indexed deployment.
    public var candidate: String?
    public var repository: String?
    public var tagPattern: String?
    public var normalize: Normalization

    public init(
        store: StoreLocation, service: String, baseline: String?, candidate: String?, repository: String?, tagPattern: String?,
        normalize: Normalization
    ) {
        self.store = store
        self.service = service
        self.baseline = baseline
        self.candidate = candidate
        self.repository = repository
        self.tagPattern = tagPattern
        self.normalize = normalize
    }

    /// The store (read-only) and the planned input of the diff.
    func plan(nonProductionPaths: [String]? = nil) throws -> (any DeploymentStore, DiffInput) {
        let store = try self.store.open(.read)
        let input = try DiffPlanner.input(
            store: store, service: service, baseline: baseline, candidate: candidate, repository: repository, tagPattern: tagPattern,
            options: DiffOptions(normalize: normalize, nonProductionPaths: nonProductionPaths))
        return (store, input)
    }
}

/// `diff`: the changes between two deployments, redacted unless `redact` is false.
public enum DiffRun {
    public static func run(_ pair: DeploymentPair, redact: Bool) throws -> DeployDiff {
        let (store, input) = try pair.plan()
        let diff = DiffEngine.diff(input)
        // Kept so `deploys` shows the verdict and a later diff can tell a fixed bug coming back.
        try store.record(ReviewHistory.record(diff, input, verdict: DeterministicReader.finding(for: diff).verdict.rawValue, gate: nil))
        return redact ? diff.redacted() : diff
    }
}
