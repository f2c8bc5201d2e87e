import CGit2

/// Reads the diff of two trees into `FileChange`s the way `git diff A B` shows them: renames found,
/// binary files listed without hunks, and the patch limits applied in path order.
struct PatchReader {
    let repository: GitRepository
    let limits: DiffLimits

    func read(from base: ObjectID, to head: ObjectID) throws -> TreeDiff {
        let oldTree = try repository.tree(of: base)
        defer { git_tree_free(oldTree) }
        let newTree = try repository.tree(of: head)
        defer { git_tree_free(newTree) }
        var opts = try Self.diffOptions(context: limits.contextLines)
        var diff: OpaquePointer?
        try LibGit2.check(git_diff_tree_to_tree(&diff, repository.handle, oldTree, newTree, &opts), "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        try findRenames(diff!)
        var report = DiffLimitReport()
        var files: [FileChange] = []
        for i in 0..<git_diff_num_deltas(diff) {
            files.append(try file(diff!, i, &report))
        }
        return TreeDiff(files: files, limits: report)
    }

    /// The options `git diff` uses by default: the indent heuristic is what makes hunk boundaries match.
    static func diffOptions(context: Int, forceText: Bool = false) throws -> git_diff_options {
        var opts = git_diff_options()
        try LibGit2.check(git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        opts.flags = GIT_DIFF_INDENT_HEURISTIC.rawValue | (forceText ? GIT_DIFF_FORCE_TEXT.rawValue : 0)
        opts.context_lines = UInt32(max(0, context))
        opts.interhunk_lines = 0
        return opts
    }

    /// Rename detection with git's defaults (50% similarity), whatever `diff.renames` says.
    private func findRenames(_ diff: OpaquePointer) throws {
        var find = git_diff_find_options()
        try LibGit2.check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        try LibGit2.check(git_diff_find_similar(diff, &find), "git_diff_find_similar")
    }

    private func file(_ diff: OpaquePointer, _ index: Int, _ report: inout DiffLimitReport) throws -> FileChange {
        var patch: OpaquePointer?
        try LibGit2.check(git_patch_from_diff(&patch, diff, index), "git_patch_from_diff")
        defer { git_patch_free(patch) }
        let delta = git_diff_get_delta(diff, index)!.pointee
        let binary = delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0
        var adds = 0
        var dels = 0
        if let patch, !binary {
            try LibGit2.check(git_patch_line_stats(nil, &adds, &dels, patch), "git_patch_line_stats")
        }
        let size = patch.map { git_patch_size($0, 1, 1, 0) } ?? 0
        if binary { report.binaryFiles += 1 }
        let omission = binary ? FileChange.Omission.binary : omission(size: size, &report)
        var hunks: [DiffHunk] = []
        if omission == nil, let patch { hunks = try Self.hunks(patch) }
        return FileChange(
            status: Self.status(delta.status), oldPath: delta.status == GIT_DELTA_ADDED ? nil : String(cString: delta.old_file.path),
            newPath: delta.status == GIT_DELTA_DELETED ? nil : String(cString: delta.new_file.path),
            similarity: delta.status == GIT_DELTA_RENAMED || delta.status == GIT_DELTA_COPIED ? Int(delta.similarity) : nil,
            isBinary: binary, additions: adds, deletions: dels, patchBytes: size, omitted: omission, hunks: hunks)
    }

    /// Applies the limits to a patch of `size` bytes, counting what is cut. Files after the total
    /// limit is reached may still fit if they are small, so one huge file does not hide the rest.
    private func omission(size: Int, _ report: inout DiffLimitReport) -> FileChange.Omission? {
        if size > limits.maxFileBytes {
            report.filesOverFileLimit += 1
        } else if report.keptBytes + size > limits.maxTotalBytes {
            report.filesOverTotalLimit += 1
        } else {
            report.keptBytes += size
            return nil
        }
        report.omittedBytes += size
        return size > limits.maxFileBytes ? .fileLimit : .totalLimit
    }

    static func hunks(_ patch: OpaquePointer) throws -> [DiffHunk] {
        var hunks: [DiffHunk] = []
        for h in 0..<git_patch_num_hunks(patch) {
            var hunkPointer: UnsafePointer<git_diff_hunk>?
            var count = 0
            try LibGit2.check(git_patch_get_hunk(&hunkPointer, &count, patch, h), "git_patch_get_hunk")
            let hunk = hunkPointer!.pointee
            var lines: [DiffLine] = []
            for l in 0..<count {
                var linePointer: UnsafePointer<git_diff_line>?
                try LibGit2.check(git_patch_get_line_in_hunk(&linePointer, patch, h, l), "git_patch_get_line_in_hunk")
                if let line = Self.line(linePointer!.pointee) { lines.append(line) }
            }
            hunks.append(
                DiffHunk(
                    header: header(hunk), oldStart: Int(hunk.old_start), oldCount: Int(hunk.old_lines),
                    newStart: Int(hunk.new_start), newCount: Int(hunk.new_lines), lines: lines))
        }
        return hunks
    }

    /// Added and removed lines; context and the "no newline at end of file" markers are dropped.
    private static func line(_ l: git_diff_line) -> DiffLine? {
        let kind: DiffLine.Kind
        switch UInt8(bitPattern: l.origin) {
        case UInt8(ascii: "+"): kind = .added
        case UInt8(ascii: "-"): kind = .removed
        default: return nil
        }
        var bytes = UnsafeRawBufferPointer(start: l.content, count: l.content_len)
        if bytes.last == UInt8(ascii: "\n") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        return DiffLine(
            kind: kind, oldLine: kind == .removed ? Int(l.old_lineno) : nil, newLine: kind == .added ? Int(l.new_lineno) : nil,
            text: String(decoding: bytes, as: UTF8.self))
    }

    private static func header(_ h: git_diff_hunk) -> String {
        var copy = h
        return withUnsafeBytes(of: &copy.header) { raw in
            var text = UnsafeRawBufferPointer(rebasing: raw.prefix(min(h.header_len, raw.count)))
            while let last = text.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
                text = UnsafeRawBufferPointer(rebasing: text.dropLast())
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    private static func status(_ s: git_delta_t) -> FileChange.Status {
        switch s {
        case GIT_DELTA_ADDED: .added
        case GIT_DELTA_DELETED: .deleted
        case GIT_DELTA_RENAMED: .renamed
        case GIT_DELTA_COPIED: .copied
        default: .modified
        }
    }
}
