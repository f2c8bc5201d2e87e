import CGit2

/// An open git repository: a work tree (found by looking for `.git` upwards) or a bare repository.
///
/// Not `Sendable`: a libgit2 repository handle must not be used from two threads at once. Open one
/// per task instead; opening is cheap.
public final class GitRepository {
    let handle: OpaquePointer
    /// The work tree's root, or the git folder of a bare repository.
    public let path: String
    public let isBare: Bool

    private init(handle: OpaquePointer) {
        self.handle = handle
        isBare = git_repository_is_bare(handle) == 1
        let root = isBare ? git_repository_path(handle) : git_repository_workdir(handle)
        var p = LibGit2.string(root)
        if p.count > 1, p.hasSuffix("/") { p.removeLast() }
        path = p
    }

    deinit { git_repository_free(handle) }

    /// Opens the repository containing `path`, looking upwards for `.git`, or the bare repository at `path`.
    public static func open(path: String) throws -> GitRepository {
        LibGit2.ensureInitialized()
        var repo: OpaquePointer?
        let rc = git_repository_open_ext(&repo, path, 0, nil)
        if rc == GIT_ENOTFOUND.rawValue { throw GitHistoryError.notARepository(path: path) }
        try LibGit2.check(rc, "git_repository_open_ext")
        return GitRepository(handle: repo!)
    }

    /// True for a clone made with `--depth`: its history stops at a cut.
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// History walks on a shallow clone would stop at the cut and look complete; refuse instead.
    func requireFullHistory() throws {
        if isShallow { throw GitHistoryError.shallowClone(path: path, fix: GitHistoryError.unshallowFix) }
    }

    /// Runs `body` with a commit, freeing it afterwards.
    func withCommit<T>(_ id: ObjectID, _ body: (OpaquePointer) throws -> T) throws -> T {
        var oid = id.oid
        var commit: OpaquePointer?
        try LibGit2.check(git_commit_lookup(&commit, handle, &oid), "git_commit_lookup")
        defer { git_commit_free(commit) }
        return try body(commit!)
    }

    /// A commit's tree; the caller frees it.
    func tree(of id: ObjectID) throws -> OpaquePointer {
        try withCommit(id) { commit in
            var tree: OpaquePointer?
            try LibGit2.check(git_commit_tree(&tree, commit), "git_commit_tree")
            return tree!
        }
    }
}
