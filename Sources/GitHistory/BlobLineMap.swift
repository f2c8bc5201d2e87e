import CGit2

/// How the lines of a new blob relate to the lines of an old one: each new line was either added
/// or carried over from an old line. Built from a zero-context diff, as blame does.
struct BlobLineMap {
    /// New-side ranges of changed lines and the old-side sizes they replace.
    private struct Hunk {
        let newStart: Int
        let newCount: Int
        let oldCount: Int
    }

    private let hunks: [Hunk]

    /// `replaced` says every line is new, for a submodule, whose "blob" is a commit id.
    init(blobs: BlobCache, old: ObjectID, new: ObjectID, replaced: Bool = false) throws {
        guard !replaced else {
            hunks = [Hunk(newStart: 1, newCount: Int(Int32.max), oldCount: 0)]
            return
        }
        final class Collector { var hunks: [Hunk] = [] }
        let collector = Collector()
        // Forced text: a file that was binary once still has lines to carry over.
        var opts = try PatchReader.diffOptions(context: 0, forceText: true)
        // Only the hunk callback: libgit2 then skips building per-line records.
        let rc = git_diff_blobs(
            try blobs.blob(old), nil, try blobs.blob(new), nil, &opts, nil, nil,
            { _, hunk, payload in
                guard let hunk, let payload else { return 0 }
                let h = hunk.pointee
                Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue().hunks.append(
                    Hunk(newStart: Int(h.new_start), newCount: Int(h.new_lines), oldCount: Int(h.old_lines)))
                return 0
            }, nil, Unmanaged.passUnretained(collector).toOpaque())
        try withExtendedLifetime(collector) { try LibGit2.check(rc, "git_diff_blobs") }
        hunks = collector.hunks
    }

    /// Splits `lines` (ascending new-side numbers) into those carried over, renumbered to the old
    /// side, and the indexes of those the new blob added. The order is kept.
    func map(_ lines: [Int32]) -> (carried: [(index: Int, old: Int32)], added: [Int]) {
        var carried: [(index: Int, old: Int32)] = []
        var added: [Int] = []
        var h = 0
        var shift = 0
        for (i, line) in lines.enumerated() {
            let n = Int(line)
            // A hunk that adds nothing starts after the line before the deletion, so it ends one later.
            while h < hunks.count, n >= (hunks[h].newCount == 0 ? hunks[h].newStart + 1 : hunks[h].newStart + hunks[h].newCount) {
                shift += hunks[h].newCount - hunks[h].oldCount
                h += 1
            }
            if h < hunks.count, hunks[h].newCount > 0, n >= hunks[h].newStart {
                added.append(i)
            } else {
                carried.append((i, Int32(n - shift)))
            }
        }
        return (carried, added)
    }
}
