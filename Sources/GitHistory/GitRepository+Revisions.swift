import CGit2

extension GitRepository {
    /// Resolves anything `git rev-parse` accepts: tags (lightweight or annotated), branches, full and
    /// short ids, `HEAD`, `TAG~N`. The result is always a commit.
    public func resolve(_ revision: String) throws -> ResolvedRevision {
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, handle, revision)
        if rc < 0 { throw revisionError(revision, code: rc) }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        if git_object_peel(&commit, object, GIT_OBJECT_COMMIT) < 0 {
            let kind = LibGit2.string(git_object_type2string(git_object_type(object)))
            throw GitHistoryError.notACommit(revision: revision, kind: kind)
        }
        defer { git_object_free(commit) }
        let id = ObjectID(git_object_id(commit))
        return ResolvedRevision(spec: revision, commit: id, tag: try tagNamed(revision, peelingTo: id))
    }

    /// The tag `revision` names, when it names one (and not, say, a branch of the same name).
    private func tagNamed(_ revision: String, peelingTo commit: ObjectID) throws -> GitTag? {
        var ref: OpaquePointer?
        guard git_reference_dwim(&ref, handle, revision) == 0 else { return nil }
        defer { git_reference_free(ref) }
        guard git_reference_is_tag(ref) == 1, let target = git_reference_target(ref) else { return nil }
        let name = LibGit2.string(git_reference_shorthand(ref))
        let tag = try tag(name: name, target: ObjectID(target))
        return tag?.commit == commit ? tag : nil
    }

    /// Not found means different things in a shallow clone or a checkout without tags; each gets its fix.
    private func revisionError(_ revision: String, code: Int32) -> GitHistoryError {
        let error = LibGit2.lastError(code: code, call: "git_revparse_single")
        switch code {
        case GIT_EAMBIGUOUS.rawValue:
            return .ambiguousRevision(revision)
        case GIT_ENOTFOUND.rawValue, GIT_EINVALIDSPEC.rawValue:
            if isShallow { return .shallowClone(path: path, fix: GitHistoryError.unshallowFix) }
            if !hasTags { return .missingTags(wanted: "revision '\(revision)'", path: path, fix: GitHistoryError.fetchTagsFix) }
            return .unknownRevision(revision)
        default:
            return error
        }
    }

    var hasTags: Bool {
        var names = git_strarray()
        guard git_tag_list(&names, handle) == 0 else { return false }
        defer { git_strarray_dispose(&names) }
        return names.count > 0
    }
}
