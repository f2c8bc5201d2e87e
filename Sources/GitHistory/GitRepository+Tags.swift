import CGit2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GitRepository {
    /// Deploy tags: the tags whose names match the glob `pattern` (all tags when nil; `*` also matches
    /// `/`, as in `git tag --list`), in deploy order. Tags that do not peel to a commit are left out.
    /// See `DeployOrder` for the order.
    public func tags(matching pattern: String? = nil) throws -> [GitTag] {
        var tags: [GitTag] = []
        for (name, target) in try tagReferences() where pattern.map({ Self.glob($0, matches: name) }) ?? true {
            if let tag = try tag(name: name, target: target) { tags.append(tag) }
        }
        return DeployOrder.sorted(tags)
    }

    /// The deploy before `tag`: the tag preceding it in `tags(matching: pattern)`, or nil for the first deploy.
    public func predecessor(of tag: String, tagPattern pattern: String? = nil) throws -> GitTag? {
        let selected = try tags(matching: pattern)
        if let i = selected.firstIndex(where: { $0.name == tag }) { return i > 0 ? selected[i - 1] : nil }
        let all = try tagReferences().map(\.name)
        if all.isEmpty { throw GitHistoryError.missingTags(wanted: "tag '\(tag)'", path: path, fix: GitHistoryError.fetchTagsFix) }
        if !all.contains(tag) {
            throw isShallow ? GitHistoryError.shallowClone(path: path, fix: GitHistoryError.unshallowFix) : .unknownRevision(tag)
        }
        guard let pattern else { throw GitHistoryError.notACommit(revision: tag, kind: "tag of a non-commit object") }
        if selected.isEmpty { throw GitHistoryError.noTagMatches(pattern: pattern, available: all) }
        throw GitHistoryError.tagNotSelected(tag: tag, pattern: pattern)
    }

    /// A tag read from its reference target: an annotated tag object or, for a lightweight tag, the
    /// object itself. Nil when it does not peel to a commit.
    func tag(name: String, target: ObjectID) throws -> GitTag? {
        var oid = target.oid
        var object: OpaquePointer?
        try LibGit2.check(git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY), "git_object_lookup")
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0 else { return nil }
        defer { git_object_free(peeled) }
        let commit = ObjectID(git_object_id(peeled))
        let commitTime = GitSignature(git_commit_committer(peeled)).time
        guard git_object_type(object) == GIT_OBJECT_TAG else {
            return GitTag(name: name, commit: commit, annotation: nil, date: commitTime)
        }
        let tagger = git_tag_tagger(object).map(GitSignature.init)
        let annotation = TagAnnotation(id: target, tagger: tagger, message: LibGit2.string(git_tag_message(object)))
        return GitTag(name: name, commit: commit, annotation: annotation, date: tagger?.time ?? commitTime)
    }

    /// Every tag's short name and the object its reference points at, in name order.
    func tagReferences() throws -> [(name: String, target: ObjectID)] {
        final class Box { var refs: [(name: String, target: ObjectID)] = [] }
        let box = Box()
        let rc = withExtendedLifetime(box) {
            git_tag_foreach(handle, { name, oid, payload in
                guard let name, let oid, let payload else { return 0 }
                let box = Unmanaged<Box>.fromOpaque(payload).takeUnretainedValue()
                box.refs.append((String(String(cString: name).dropFirst("refs/tags/".count)), ObjectID(oid)))
                return 0
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        try LibGit2.check(rc, "git_tag_foreach")
        return box.refs.sorted { $0.name < $1.name }
    }

    static func glob(_ pattern: String, matches name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
