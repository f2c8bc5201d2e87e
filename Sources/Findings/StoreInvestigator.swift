import Foundation
import GitHistory
import PatternDiff
import PatternStore
import LLMClient

/// The strong model's read-only tools, over the store and the change set of the range.
public final class StoreInvestigator: Investigator, @unchecked Sendable {
    let store: any DeploymentStore
    let service: String
    let baseline: DeploymentSnapshot
    let candidate: DeploymentSnapshot
    let changes: ChangeSet?

    public init(store: any DeploymentStore, service: String, input: DiffInput) {
        self.store = store
        self.service = service
        baseline = input.baseline
        candidate = input.candidate
        changes = input.changes
    }

    public var tools: [ToolDefinition] {
        [
            ToolDefinition(
                name: "template_samples", description: "Sample records of a template in the baseline or the candidate deployment.",
                inputSchema: ["type": "object", "properties": ["template_id": ["type": "integer"], "side": ["type": "string", "enum": ["baseline", "candidate"]]], "required": ["template_id"]]),
            ToolDefinition(
                name: "template_history", description: "Records of a template in every indexed deployment of the service, oldest first.",
                inputSchema: ["type": "object", "properties": ["template_id": ["type": "integer"]], "required": ["template_id"]]),
            ToolDefinition(
                name: "file_hunks", description: "The diff hunks of one file between the two deployments.",
                inputSchema: ["type": "object", "properties": ["path": ["type": "string"]], "required": ["path"]]),
            ToolDefinition(
                name: "commits_touching", description: "Commits of the range that changed a path (a file or a directory prefix).",
                inputSchema: ["type": "object", "properties": ["path": ["type": "string"]], "required": ["path"]]),
            ToolDefinition(
                name: "range_messages", description: "Every commit message of the range, newest first.",
                inputSchema: ["type": "object", "properties": [:]]),
        ]
    }

    public func call(_ name: String, _ a: JSONValue) async -> (text: String, isError: Bool) {
        switch name {
        case "template_samples":
            guard let id = a["template_id"]?.intValue else { return ("template_id is required", true) }
            let side = a["side"]?.stringValue == "baseline" ? baseline : candidate
            guard let t = side.templates[id] else { return ("T\(id) has no records in \(side.deployment.name)", false) }
            return ("T\(id) in \(side.deployment.name), \(t.count) records:\n" + t.samples.joined(separator: "\n---\n"), false)
        case "template_history":
            guard let id = a["template_id"]?.intValue else { return ("template_id is required", true) }
            do {
                let rows = try store.deployments(service: service).map { d -> String in
                    let n = try store.templateStats(deployment: d).first { $0.id == id }?.count ?? 0
                    return "\(d.name): \(n) of \(d.records) records"
                }
                return (rows.joined(separator: "\n"), false)
            } catch { return ("\(error)", true) }
        case "file_hunks":
            guard let path = a["path"]?.stringValue else { return ("path is required", true) }
            guard let f = changes?.files.first(where: { $0.path == path || $0.oldPath == path }) else { return ("\(path) did not change in the range", false) }
            return (f.hunks.map { h in ([h.header] + h.lines.map { ($0.kind == .added ? "+" : "-") + $0.text }).joined(separator: "\n") }.joined(separator: "\n"), false)
        case "commits_touching":
            guard let path = a["path"]?.stringValue else { return ("path is required", true) }
            let hits = (changes?.commits ?? []).filter { $0.files.contains { $0.hasPrefix(path) } }
            return (hits.isEmpty ? "no commit of the range touched \(path)" : hits.map { "\($0.id.short(10)) \($0.subject) (\($0.author.name)): \($0.files.joined(separator: ", "))" }.joined(separator: "\n"), false)
        case "range_messages":
            let cs = changes?.commits ?? []
            return (cs.isEmpty ? "no commits in the range" : cs.map { "\($0.id.short(10)) \($0.subject)\n\($0.body)" }.joined(separator: "\n\n"), false)
        default:
            return ("unknown tool \(name)", true)
        }
    }
}
