import LogMining
import PatternStore

/// `deploys` and `templates`: what the store holds, read-only.
public enum StoreListing {
    /// The deployments of `service`, or of every service when nil.
    public static func deployments(store: StoreLocation, service: String?) throws -> [DeploymentInfo] {
        try store.open(.read).deployments(service: service)
    }

    /// A deployment's templates, most frequent first: those with records at `minLevel` or more
    /// severe, at most `top`.
    public static func templates(store location: StoreLocation, service: String, deployment: String, minLevel: LogLevel?, top: Int?) throws -> [TemplateStat] {
        let s = try location.open(.read)
        guard let d = try s.deployments(service: service).first(where: { $0.name == deployment }) else {
            throw PatternStoreError.deploymentNotFound(service: service, name: deployment)
        }
        var stats = try s.templateStats(deployment: d)
        if let minLevel { stats = stats.filter { $0.maxLevel >= minLevel } }
        if let top { stats = Array(stats.prefix(top)) }
        return stats
    }

    /// Marks a template's changes as expected.
    public static func acknowledge(store: StoreLocation, service: String, template: Int, reason: String) throws {
        try store.open(.read).acknowledge(service: service, templateID: template, reason: reason)
    }
}
