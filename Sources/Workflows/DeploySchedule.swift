import Foundation
import GitHistory
import Ingestion
import LogMining

/// The one place a schedule of deploys is built, for `index` to split a timestamped stream at
/// deploy times: from the repository's tags, or from a CSV (`name,time[,commit]`) for when
/// rollouts happened at other times than their tags say.
public enum DeploySchedule {
    /// Every tag (matching `tagPattern`, when given) as a deploy at its commit's time.
    public static func fromTags(repository: String, tagPattern: String?) throws -> [ScheduledDeploy] {
        let tags = try GitRepository.open(path: repository).tags(matching: tagPattern)
        guard !tags.isEmpty else { throw WorkflowError.noDeployTags(repository: repository, tagPattern: tagPattern) }
        return tags.map { ScheduledDeploy(name: $0.name, startMillis: $0.date.seconds * 1000, commit: $0.commit.hex) }
    }

    /// The deploys of the CSV file at `path`.
    public static func fromCSV(path: String) throws -> [ScheduledDeploy] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw IngestionError.unreadable(path: path, reason: "no such readable text file")
        }
        return try parse(csv: text, path: path)
    }

    /// Parses the CSV text of `path`. A header line (`name,...`), blank lines and `#` comments are
    /// skipped. Errors name the file and line.
    public static func parse(csv text: String, path: String) throws -> [ScheduledDeploy] {
        var out: [ScheduledDeploy] = []
        var clock = TimestampParser(referenceYear: 2000)
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: [" ", "\t", "\r"])
            if line.isEmpty || line.hasPrefix("#") || (i == 0 && line.lowercased().hasPrefix("name,")) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: [" ", "\t"]) }
            guard fields.count == 2 || fields.count == 3, !fields[0].isEmpty else {
                throw WorkflowError.invalidDeploysFile(path: path, line: i + 1, reason: "expected 2 or 3 fields, found \(fields.count)")
            }
            guard let t = clock.parse(fields[1]) else {
                throw WorkflowError.invalidDeploysFile(path: path, line: i + 1, reason: "'\(fields[1])' is not a time")
            }
            if out.contains(where: { $0.name == fields[0] }) {
                throw WorkflowError.invalidDeploysFile(path: path, line: i + 1, reason: "deployment '\(fields[0])' appears twice")
            }
            out.append(ScheduledDeploy(name: fields[0], startMillis: t, commit: fields.count == 3 && !fields[2].isEmpty ? fields[2] : nil))
        }
        guard !out.isEmpty else { throw WorkflowError.invalidDeploysFile(path: path, line: 1, reason: "no deployments in the file") }
        return out
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String { String(self).trimmingCharacters(in: set) }
}
