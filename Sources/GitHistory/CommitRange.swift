import CGit2

/// The commits of A..B (reachable from B, not from A) with what each changed against each of its
/// parents. The commit list and the attribution walk both read it, so the tree diffs run once.
struct CommitRange {
    /// A path's blobs on the two sides of one commit-to-parent diff; a zero id is an absent side.
    struct PathChange {
        let path: Int32
        let old: ObjectID
        let new: ObjectID
        let isSubmodule: Bool
    }

    struct Node {
        let id: ObjectID
        let parents: [ObjectID]
        /// Each parent's node, or -1 when the parent is outside the range.
        var parentNodes: [Int32]
        /// Per parent (one entry against the empty tree for a root commit), sorted by path id.
        let changes: [[PathChange]]

        /// The change to `path` against parent `i`, nil when the path is the same on both sides.
        func change(_ path: Int32, parent i: Int) -> PathChange? {
            let list = changes[i]
            var lo = 0
            var hi = list.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if list[mid].path < path { lo = mid + 1 } else { hi = mid }
            }
            return lo < list.count && list[lo].path == path ? list[lo] : nil
        }
    }

    /// Newest first, topologically: a commit comes before its parents.
    private(set) var nodes: [Node] = []
    private(set) var commits: [GitCommit] = []
    var paths = PathTable()
    private var index: [ObjectID: Int32] = [:]
    /// Per node: its only parent's node (-1 outside the range), or -2 for a merge or a root.
    private var onlyParent: [Int32] = []
    /// Per node, the paths it changed against its first parent: `changedPaths[pathStart[n]..<pathStart[n + 1]]`, sorted.
    private var pathStart: [Int32] = []
    private var changedPaths: [Int32] = []

    init(repository: GitRepository, base: ObjectID, head: ObjectID) throws {
        let repo = repository.handle
        var walk: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walk, repo), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try LibGit2.check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
        var headOID = head.oid
        var baseOID = base.oid
        try LibGit2.check(git_revwalk_push(walk, &headOID), "git_revwalk_push")
        try LibGit2.check(git_revwalk_hide(walk, &baseOID), "git_revwalk_hide")
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walk)
            if rc == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(rc, "git_revwalk_next")
            try add(ObjectID(oid), repository)
        }
        linkParents()
    }

    func node(_ id: ObjectID) -> Int32? { index[id] }

    private mutating func add(_ id: ObjectID, _ repository: GitRepository) throws {
        try repository.withCommit(id) { commit in
            let tree = try repository.tree(of: id)
            defer { git_tree_free(tree) }
            let count = Int(git_commit_parentcount(commit))
            var parents: [ObjectID] = []
            var changes: [[PathChange]] = []
            for i in 0..<max(count, 1) {
                var parentTree: OpaquePointer?
                if count > 0 {
                    let parent = ObjectID(git_commit_parent_id(commit, UInt32(i)))
                    parents.append(parent)
                    parentTree = try repository.tree(of: parent)
                }
                defer { git_tree_free(parentTree) }
                changes.append(try treeChanges(repository.handle, from: parentTree, to: tree))
            }
            index[id] = Int32(nodes.count)
            nodes.append(Node(id: id, parents: parents, parentNodes: [], changes: changes))
            commits.append(describe(commit, id: id, parents: parents, changes: changes))
        }
    }

    /// Paths whose entry differs between two trees; no rename detection and no content reads, which
    /// keeps thousands of commits fast. Renames are looked for only where the walk needs them.
    private mutating func treeChanges(_ repo: OpaquePointer, from old: OpaquePointer?, to new: OpaquePointer) throws -> [PathChange] {
        try TreeChanges(repository: repo).between(old, new).map {
            PathChange(path: paths.intern($0.path), old: $0.old, new: $0.new, isSubmodule: $0.isSubmodule)
        }.sorted { $0.path < $1.path }
    }

    private func describe(_ commit: OpaquePointer, id: ObjectID, parents: [ObjectID], changes: [[PathChange]]) -> GitCommit {
        // A merge's own decisions are the paths that differ from every parent.
        var touched = Set(changes[0].map(\.path))
        for list in changes.dropFirst() { touched.formIntersection(list.map(\.path)) }
        return GitCommit(
            id: id, parents: parents, author: GitSignature(git_commit_author(commit)),
            committer: GitSignature(git_commit_committer(commit)), subject: LibGit2.string(git_commit_summary(commit)),
            body: LibGit2.string(git_commit_body(commit)), files: touched.map(paths.name).sorted())
    }

    private mutating func linkParents() {
        for i in nodes.indices {
            nodes[i].parentNodes = nodes[i].parents.map { index[$0] ?? -1 }
        }
        onlyParent = nodes.map { $0.parents.count == 1 ? $0.parentNodes[0] : -2 }
        pathStart = [0]
        for n in nodes {
            changedPaths.append(contentsOf: n.changes[0].map(\.path))
            pathStart.append(Int32(changedPaths.count))
        }
    }

    /// From node `n`, follows single-parent links past commits that left `path` alone; stops at one
    /// that changed it, a merge or a root, or returns -1 when the walk leaves the range. This is the
    /// attribution walk's inner loop, so it reads flat arrays instead of nodes.
    func skipUnchanged(_ path: Int32, from n: Int32) -> Int32 {
        onlyParent.withUnsafeBufferPointer { parent in
            pathStart.withUnsafeBufferPointer { start in
                changedPaths.withUnsafeBufferPointer { paths in
                    var n = n
                    while n >= 0 {
                        let next = parent[Int(n)]
                        if next == -2 || Self.contains(paths, from: Int(start[Int(n)]), to: Int(start[Int(n) + 1]), path) { return n }
                        n = next
                    }
                    return n
                }
            }
        }
    }

    private static func contains(_ sorted: UnsafeBufferPointer<Int32>, from: Int, to: Int, _ value: Int32) -> Bool {
        var lo = from
        var hi = to
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < to && sorted[lo] == value
    }
}
