import CGit2

/// `git blame` limited to a commit range: for lines of a file at the range's head, the commit in
/// the range that introduced each one, or nil when the line is older than the range.
///
/// Lines travel from the head towards the base. A commit that leaves the path alone hands them to
/// its parent unchanged (a cheap integer check, so long runs of unrelated commits cost little); a
/// commit that changed the path keeps the lines its diff added and hands the rest on, renumbered.
/// A merge hands everything to a parent with the same file, else offers lines to each parent in
/// order, and keeps what none of them had. These are git blame's rules, so results agree with
/// `git blame A..B`, renames of the whole file included.
final class LineAttribution {
    private let repository: GitRepository
    private var range: CommitRange
    private let blobs: BlobCache
    /// Renames found per (commit, parent), looked for only when a walk reaches an added path.
    private var renames: [Int64: [Int32: (path: Int32, blob: ObjectID)]] = [:]

    /// Lines of one path at one commit, each with the index of the line it stands for at the head.
    private struct Trace {
        var node: Int32
        var path: Int32
        var lines: [Int32]
        var origins: [Int]
    }

    init(repository: GitRepository, range: CommitRange) {
        self.repository = repository
        self.range = range
        blobs = BlobCache(repository: repository.handle)
    }

    /// For each of `lines` (ascending line numbers of `path` at `head`), the index into the range's
    /// commits of the commit that introduced it.
    func attribute(path: String, lines: [Int], head: ObjectID) throws -> [Int?] {
        var result = [Int?](repeating: nil, count: lines.count)
        defer { blobs.clear() }
        // A path no commit in the range changed cannot have lines from the range.
        guard let start = range.node(head), let pathID = range.paths.id(path), !lines.isEmpty else { return result }
        var stack: [Trace] = []
        push(Trace(node: start, path: pathID, lines: lines.map { Int32($0) }, origins: Array(lines.indices)), to: &stack)
        while let trace = stack.popLast() {
            for (origin, node) in try step(trace, &stack) { result[origin] = Int(node) }
        }
        return result
    }

    /// Processes one trace at a commit that changed its path; returns the lines that commit introduced.
    private func step(_ trace: Trace, _ stack: inout [Trace]) throws -> [(Int, Int32)] {
        let node = range.nodes[Int(trace.node)]
        if let same = node.parents.indices.first(where: { node.change(trace.path, parent: $0) == nil }) {
            push(Trace(node: node.parentNodes[same], path: trace.path, lines: trace.lines, origins: trace.origins), to: &stack)
            return []
        }
        var remaining = trace
        for i in node.parents.indices where !remaining.lines.isEmpty {
            guard let (oldPath, oldBlob) = try source(of: trace.path, at: trace.node, parent: i) else { continue }
            let change = node.change(trace.path, parent: i)!
            let map = try BlobLineMap(blobs: blobs, old: oldBlob, new: change.new, replaced: change.isSubmodule)
            let (carried, added) = map.map(remaining.lines)
            push(
                Trace(
                    node: node.parentNodes[i], path: oldPath, lines: carried.map(\.old),
                    origins: carried.map { remaining.origins[$0.index] }), to: &stack)
            remaining.lines = added.map { remaining.lines[$0] }
            remaining.origins = added.map { remaining.origins[$0] }
        }
        return remaining.origins.map { ($0, trace.node) }
    }

    /// Where the path's content came from in parent `i`: the same path, or a rename's old path. Nil
    /// when the path was created here (and for a root commit, which has nothing before it).
    private func source(of path: Int32, at node: Int32, parent i: Int) throws -> (Int32, ObjectID)? {
        let n = range.nodes[Int(node)]
        guard !n.parents.isEmpty, let change = n.change(path, parent: i) else { return nil }
        if !change.old.isZero { return (path, change.old) }
        let key = Int64(node) << 32 | Int64(i)
        if renames[key] == nil { renames[key] = try findRenames(n.parents[i], n.id) }
        return renames[key]![path].map { ($0.path, $0.blob) }
    }

    /// Moves a trace past the commits that did not change its path; drops it at the range's edge.
    private func push(_ trace: Trace, to stack: inout [Trace]) {
        guard !trace.lines.isEmpty, trace.node >= 0 else { return }
        var t = trace
        t.node = range.skipUnchanged(t.path, from: t.node)
        if t.node >= 0 { stack.append(t) }
    }

    private func findRenames(_ parent: ObjectID, _ commit: ObjectID) throws -> [Int32: (path: Int32, blob: ObjectID)] {
        let old = try repository.tree(of: parent)
        defer { git_tree_free(old) }
        let new = try repository.tree(of: commit)
        defer { git_tree_free(new) }
        var opts = try PatchReader.diffOptions(context: 0)
        var diff: OpaquePointer?
        try LibGit2.check(git_diff_tree_to_tree(&diff, repository.handle, old, new, &opts), "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        var find = git_diff_find_options()
        try LibGit2.check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        try LibGit2.check(git_diff_find_similar(diff, &find), "git_diff_find_similar")
        var out: [Int32: (path: Int32, blob: ObjectID)] = [:]
        for i in 0..<git_diff_num_deltas(diff) {
            let d = git_diff_get_delta(diff, i)!.pointee
            guard d.status == GIT_DELTA_RENAMED else { continue }
            let to = range.paths.intern(String(cString: d.new_file.path))
            out[to] = (range.paths.intern(String(cString: d.old_file.path)), ObjectID(d.old_file.id))
        }
        return out
    }
}
