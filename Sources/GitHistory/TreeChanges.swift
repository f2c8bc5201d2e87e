import CGit2

/// The paths whose entries differ between two trees, found the way `git diff-tree -r` finds them:
/// subtrees with equal ids are skipped whole. libgit2's tree-to-tree diff visits every file of
/// both trees instead, which made a 5,000-commit range over a 3,000-file tree take seconds.
struct TreeChanges {
    /// One side of a changed path; a zero id means the path is absent on that side.
    struct Entry {
        let path: String
        let old: ObjectID
        let new: ObjectID
        /// A submodule's entry names a commit, not a blob.
        let isSubmodule: Bool
    }

    let repository: OpaquePointer

    /// Changes from `old` (nil: the empty tree) to `new`, in git's path order.
    func between(_ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String = "") throws -> [Entry] {
        var out: [Entry] = []
        try compare(old, new, prefix, &out)
        return out
    }

    private func compare(_ old: OpaquePointer?, _ new: OpaquePointer?, _ prefix: String, _ out: inout [Entry]) throws {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var i = 0
        var j = 0
        while i < oldCount || j < newCount {
            let a = i < oldCount ? git_tree_entry_byindex(old, i) : nil
            let b = j < newCount ? git_tree_entry_byindex(new, j) : nil
            let order = a == nil ? 1 : b == nil ? -1 : Self.gitOrder(a!, b!)
            if order < 0 {
                try side(a!, removed: true, prefix, &out)
                i += 1
            } else if order > 0 {
                try side(b!, removed: false, prefix, &out)
                j += 1
            } else {
                try pair(a!, b!, prefix, &out)
                i += 1
                j += 1
            }
        }
    }

    /// The same name on both sides: equal ids mean identical content (and, for trees, everything below).
    private func pair(_ a: OpaquePointer, _ b: OpaquePointer, _ prefix: String, _ out: inout [Entry]) throws {
        let sameID = git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) == 1
        if sameID && git_tree_entry_filemode(a) == git_tree_entry_filemode(b) { return }
        if Self.isTree(a) {
            try withTrees(a, b) { try compare($0, $1, prefix + Self.name(a) + "/", &out) }
        } else {
            out.append(
                Entry(
                    path: prefix + Self.name(a), old: ObjectID(git_tree_entry_id(a)), new: ObjectID(git_tree_entry_id(b)),
                    isSubmodule: Self.isSubmodule(a) || Self.isSubmodule(b)))
        }
    }

    /// An entry on one side only: a file, or a whole subtree of files.
    private func side(_ e: OpaquePointer, removed: Bool, _ prefix: String, _ out: inout [Entry]) throws {
        if Self.isTree(e) {
            try withTree(e) { try compare(removed ? $0 : nil, removed ? nil : $0, prefix + Self.name(e) + "/", &out) }
            return
        }
        let id = ObjectID(git_tree_entry_id(e))
        let zero = ObjectID(git_oid())
        out.append(Entry(path: prefix + Self.name(e), old: removed ? id : zero, new: removed ? zero : id, isSubmodule: Self.isSubmodule(e)))
    }

    private func withTree(_ e: OpaquePointer, _ body: (OpaquePointer) throws -> Void) throws {
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, repository, git_tree_entry_id(e)), "git_tree_lookup")
        defer { git_tree_free(tree) }
        try body(tree!)
    }

    private func withTrees(_ a: OpaquePointer, _ b: OpaquePointer, _ body: (OpaquePointer, OpaquePointer) throws -> Void) throws {
        try withTree(a) { x in try withTree(b) { y in try body(x, y) } }
    }

    private static func name(_ e: OpaquePointer) -> String { String(cString: git_tree_entry_name(e)) }

    private static func isTree(_ e: OpaquePointer) -> Bool { git_tree_entry_filemode(e) == GIT_FILEMODE_TREE }

    private static func isSubmodule(_ e: OpaquePointer) -> Bool { git_tree_entry_filemode(e) == GIT_FILEMODE_COMMIT }

    /// Git sorts tree entries by name bytes, a tree's name read as if it ended in "/".
    private static func gitOrder(_ a: OpaquePointer, _ b: OpaquePointer) -> Int {
        let x = git_tree_entry_name(a)!
        let y = git_tree_entry_name(b)!
        var k = 0
        while true {
            var c = UInt8(bitPattern: x[k])
            var d = UInt8(bitPattern: y[k])
            if c == 0 && isTree(a) { c = UInt8(ascii: "/") }
            if d == 0 && isTree(b) { d = UInt8(ascii: "/") }
            if c != d { return c < d ? -1 : 1 }
            if c == 0 || c == UInt8(ascii: "/") && x[k] == 0 { return 0 }
            k += 1
        }
    }
}
