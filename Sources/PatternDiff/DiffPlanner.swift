import GitHistory
import PatternStore

/// Errors of the diff library.
public enum PatternDiffError: Error, CustomStringConvertible, Equatable {
    case notEnoughDeployments(service: String, found: Int)
    case noBaseline(candidate: String)
    /// A deployment without records (left by an older version's failed run): comparing with it
    /// would call every template vanished, or new.
    case emptyDeployment(name: String)
    /// A history's time range left no deployment.
    case noDeploymentsInRange(service: String)
    case templateNotInRange(service: String, id: Int)

    public var description: String {
        switch self {
        case .notEnoughDeployments(let s, let n):
            "service '\(s)' has \(n) indexed deployment\(n == 1 ? "" : "s"); index two deployments to compare them"
        case .noBaseline(let c):
            "'\(c)' is the first indexed deployment: there is nothing before it to compare with; name a baseline to compare it with"
        case .emptyDeployment(let name):
            "deployment '\(name)' has no records: there is nothing to compare; index its logs again, or compare other deployments"
        case .noDeploymentsInRange(let s):
            "service '\(s)' has no deployment in that time range; widen the range, or check the service's name"
        case .templateNotInRange(let s, let id):
            "T\(id) has no records in service '\(s)' (in that time range); check the template's id"
        }
    }
}

/// Turns "diff [A] [B]" into a `DiffInput`: which deployments, and the code between them.
public enum DiffPlanner {
    /// B defaults to the latest indexed deployment; A to B's predecessor tag in the repository
    /// when there is one and it is indexed, else to the deployment indexed before B.
    public static func input(
        store: any DeploymentStore, service: String, baseline: String?, candidate: String?, repository: String?, tagPattern: String? = nil,
        options: DiffOptions = DiffOptions()
    ) throws -> DiffInput {
        let all = try store.deployments(service: service)
        guard all.count >= 2 || (baseline != nil && candidate != nil) else {
            throw PatternDiffError.notEnoughDeployments(service: service, found: all.count)
        }
        let repo: GitRepository? = try repository.map { try GitRepository.open(path: $0) }
        let b = try candidate.map { try find($0, all, service) } ?? all.last!
        let a: DeploymentInfo
        if let baseline {
            a = try find(baseline, all, service)
        } else if let repo, let tag = try? repo.predecessor(of: b.name, tagPattern: tagPattern), let d = all.first(where: { $0.name == tag.name }) {
            a = d
        } else {
            guard let i = all.firstIndex(where: { $0.id == b.id }), i > 0 else { throw PatternDiffError.noBaseline(candidate: b.name) }
            a = all[i - 1]
        }
        for d in [a, b] where d.records == 0 { throw PatternDiffError.emptyDeployment(name: d.name) }
        var set: ChangeSet?
        var reason: String?
        var trees: SourceCorpus?
        if let repo {
            do { set = try repo.changes(from: a.commit ?? a.name, to: b.commit ?? b.name) } catch let e as GitHistoryError {
                if case .shallowClone = e { throw e }
                reason = "\(e)"
            }
            // Both trees, so a template's statement is looked for where it is, not only in the diff.
            if let set { trees = try? repo.corpus(of: [set.base, set.head]) }
        } else {
            reason = "no repository given: changes are not linked to code"
        }
        return DiffInput(
            service: service, baseline: try store.snapshot(a), candidate: try store.snapshot(b), changes: set, codeUnavailable: reason,
            acknowledgements: try store.acknowledgements(service: service), options: options, trees: trees,
            history: ReviewHistory.fixes(try store.reviews(service: service), deployments: all, before: b))
    }

    private static func find(_ name: String, _ all: [DeploymentInfo], _ service: String) throws -> DeploymentInfo {
        guard let d = all.first(where: { $0.name == name }) else { throw PatternStoreError.deploymentNotFound(service: service, name: name) }
        return d
    }
}
