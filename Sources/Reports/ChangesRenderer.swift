import GitHistory

/// Renders a change set for people (text) or programs (JSON with sorted keys, so equal inputs give
/// equal bytes).
public enum ChangesRenderer {
    public static func json(_ changes: ChangeSet) throws -> String {
        try JSONOutput.line(changes)
    }

    public static func text(_ changes: ChangeSet) -> String {
        var out = "\(label(changes.base)) .. \(label(changes.head)): \(plural(changes.commits.count, "commit")), "
        out += "\(plural(changes.files.count, "file")), +\(changes.additions) -\(changes.deletions)\n"
        out += "\ncommits (newest first):\n"
        if changes.commits.isEmpty { out += "  none: \(changes.head.spec) has nothing \(changes.base.spec) lacks\n" }
        for c in changes.commits {
            out += "  \(c.id.short())  \(c.author.time.day)  \(c.author.name)  \(c.subject)\(c.isMerge ? "  (merge)" : "")\n"
        }
        out += "\nfiles:\n"
        if changes.files.isEmpty { out += "  none\n" }
        for f in changes.files { out += file(f) }
        return out + limits(changes.limits)
    }

    private static func file(_ f: FileChange) -> String {
        var out = "  \(letter(f.status)) \(f.status == .renamed || f.status == .copied ? "\(f.oldPath ?? "") -> \(f.path)" : f.path)"
        if let s = f.similarity { out += " (\(s)%)" }
        switch f.omitted {
        case .binary?: return out + "  binary, not diffed\n"
        case .fileLimit?: return out + "  +\(f.additions) -\(f.deletions)  hunks omitted: \(bytes(f.patchBytes)) patch, over the per-file limit\n"
        case .totalLimit?: return out + "  +\(f.additions) -\(f.deletions)  hunks omitted: over the total limit\n"
        case nil: out += "  +\(f.additions) -\(f.deletions)\n"
        }
        for h in f.hunks {
            out += "      \(h.header)  +\(h.additions) -\(h.deletions)"
            if !h.commits.isEmpty {
                out += "  " + h.commits.map { $0.short() }.joined(separator: " ")
            } else if h.additions > 0 {
                out += "  (lines older than the range)"
            }
            out += "\n"
        }
        return out
    }

    private static func limits(_ r: DiffLimitReport) -> String {
        guard r.omittedFiles > 0 else { return "" }
        return "\nlimits: \(plural(r.filesOverFileLimit, "file")) over the per-file limit, \(r.filesOverTotalLimit) over the total limit; "
            + "\(bytes(r.omittedBytes)) of patch omitted\n"
    }

    private static func label(_ r: ResolvedRevision) -> String {
        r.spec.hasPrefix(r.commit.short()) ? r.commit.short() : "\(r.spec) (\(r.commit.short()))"
    }

    private static func letter(_ s: FileChange.Status) -> String {
        switch s {
        case .added: "A"
        case .deleted: "D"
        case .modified: "M"
        case .renamed: "R"
        case .copied: "C"
        }
    }

    private static func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    private static func bytes(_ n: Int) -> String {
        n < 10 << 10 ? "\(n) B" : n < 10 << 20 ? "\(n >> 10) KB" : "\(n >> 20) MB"
    }
}
