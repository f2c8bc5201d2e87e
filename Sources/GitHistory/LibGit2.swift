import CGit2

/// The one gate to libgit2's process-wide state and its error reporting.
enum LibGit2 {
    /// `git_libgit2_init` is reference counted; a library cannot know its last user, so it takes
    /// one reference for the life of the process. Swift runs this initializer once, thread-safely.
    private static let initialized: Int32 = {
        let rc = git_libgit2_init()
        // libgit2 re-hashes every object it reads; git does not, and on a 5,000-commit range that
        // check was 15% of the time. A corrupt object still fails to inflate or parse. This project
        // has no other libgit2 user, so the process-wide switch is this library's to set.
        _ = deploydiff_git_set_strict_hash_verification(0)
        return rc
    }()

    static func ensureInitialized() { _ = initialized }

    /// Turns a negative libgit2 return code into the typed error, with libgit2's own class and message.
    static func check(_ code: Int32, _ call: String) throws {
        if code < 0 { throw lastError(code: code, call: call) }
    }

    /// Must be called right after the failing call: libgit2 keeps the last error per thread and
    /// does not clear it on success.
    static func lastError(code: Int32, call: String) -> GitHistoryError {
        guard let e = git_error_last(), let m = e.pointee.message else {
            return .libgit2(klass: 0, code: code, message: "no message from libgit2", call: call)
        }
        return .libgit2(klass: e.pointee.klass, code: code, message: String(cString: m), call: call)
    }

    /// libgit2's name for an error class, for messages (`GIT_ERROR_ODB` is "odb").
    static func className(_ klass: Int32) -> String {
        let names = [
            "none", "nomemory", "os", "invalid", "reference", "zlib", "repository", "config", "regex", "odb",
            "index", "object", "net", "tag", "tree", "indexer", "ssl", "submodule", "thread", "stash", "checkout",
            "fetchhead", "merge", "ssh", "filter", "revert", "callback", "cherrypick", "describe", "rebase",
            "filesystem", "patch", "worktree", "sha", "http", "internal",
        ]
        return klass >= 0 && Int(klass) < names.count ? names[Int(klass)] : "class \(klass)"
    }

    static func string(_ p: UnsafePointer<CChar>?) -> String {
        p.map { String(cString: $0) } ?? ""
    }
}
