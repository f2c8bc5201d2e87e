import CGit2

/// Limits on what a `SourceCorpus` reads: larger or binary blobs are counted, not indexed.
public struct CorpusLimits: Hashable, Sendable, Codable {
    /// Blobs larger than this are skipped (generated code, data files, minified bundles).
    public var maxBlobBytes: Int
    /// At most this many distinct blobs are read over all trees; the rest are skipped.
    public var maxBlobs: Int

    public init(maxBlobBytes: Int = 512 * 1024, maxBlobs: Int = 60_000) {
        self.maxBlobBytes = maxBlobBytes
        self.maxBlobs = maxBlobs
    }
}

/// The text files of one or more trees (a deploy's baseline and candidate), each distinct blob read
/// once, with an inverted index of words so a message is searched only in files that hold its
/// words. Blobs shared by the trees (every file a range did not touch) are read and indexed once.
public struct SourceCorpus: Sendable {
    /// One distinct text blob.
    public struct Blob: Sendable {
        public let id: ObjectID
        /// The blob's lines, without line breaks.
        public let lines: [String]
    }

    /// One tree: the path of every text file and the index of its blob in `blobs`.
    public struct Tree: Sendable {
        public let commit: ObjectID
        public let files: [String: Int32]
    }

    public let blobs: [Blob]
    public let trees: [Tree]
    /// Per blob, the (tree, path) pairs it appears at.
    public let places: [[(tree: Int, path: String)]]
    /// Blobs skipped as binary, too large, or beyond `maxBlobs`.
    public let skipped: Int
    /// Lower-cased word (4 or more letters) → blobs containing it, ascending.
    private let index: [String: [Int32]]

    /// The words the index keys on: runs of four or more ASCII letters or digits, lower-cased.
    public static func words(_ text: String) -> Set<String> {
        var out = Set<String>()
        var cur: [UInt8] = []
        for b in text.utf8 {
            let l = b | 0x20
            if l >= 97 && l <= 122 {
                cur.append(l)
            } else if b >= 48 && b <= 57 {
                cur.append(b)
            } else {
                if cur.count >= 4 { out.insert(String(decoding: cur, as: UTF8.self)) }
                cur.removeAll(keepingCapacity: true)
            }
        }
        if cur.count >= 4 { out.insert(String(decoding: cur, as: UTF8.self)) }
        return out
    }

    /// Blobs holding every given word that the corpus knows; words no blob holds are left out of
    /// the intersection (a variable's text may look like a word). Empty when no word is known.
    public func blobs(containing words: Set<String>) -> [Int] {
        let lists = words.compactMap { index[$0] }.sorted { $0.count < $1.count }
        guard var acc = lists.first else { return [] }
        for l in lists.dropFirst() {
            if acc.isEmpty { break }
            var out: [Int32] = []
            var i = 0
            var j = 0
            while i < acc.count, j < l.count {
                if acc[i] == l[j] {
                    out.append(acc[i])
                    i += 1
                    j += 1
                } else if acc[i] < l[j] { i += 1 } else { j += 1 }
            }
            acc = out
        }
        return acc.map(Int.init)
    }

    /// How many blobs hold a word (0 when none).
    public func frequency(of word: String) -> Int { index[word]?.count ?? 0 }

    init(blobs: [Blob], trees: [Tree], skipped: Int) {
        self.blobs = blobs
        self.trees = trees
        self.skipped = skipped
        var places = [[(tree: Int, path: String)]](repeating: [], count: blobs.count)
        for (t, tree) in trees.enumerated() {
            for (path, b) in tree.files.sorted(by: { $0.key < $1.key }) { places[Int(b)].append((t, path)) }
        }
        self.places = places
        var index: [String: [Int32]] = [:]
        for (i, b) in blobs.enumerated() {
            var words = Set<String>()
            for line in b.lines { words.formUnion(Self.words(line)) }
            for w in words { index[w, default: []].append(Int32(i)) }
        }
        self.index = index
    }
}

extension GitRepository {
    /// The text files of the revisions' trees, read through libgit2 (no checkout), each distinct
    /// blob once. Works on shallow clones as long as the commits are in them.
    public func corpus(of revisions: [ResolvedRevision], limits: CorpusLimits = CorpusLimits()) throws -> SourceCorpus {
        var reader = CorpusReader(repository: handle, limits: limits)
        var trees: [SourceCorpus.Tree] = []
        for r in revisions {
            let tree = try tree(of: r.commit)
            defer { git_tree_free(tree) }
            var files: [String: Int32] = [:]
            try reader.walk(tree, prefix: "", into: &files)
            trees.append(SourceCorpus.Tree(commit: r.commit, files: files))
        }
        return SourceCorpus(blobs: reader.blobs, trees: trees, skipped: reader.skipped)
    }
}

/// Walks trees and reads their text blobs, caching by blob id across trees.
private struct CorpusReader {
    let repository: OpaquePointer
    let limits: CorpusLimits
    var blobs: [SourceCorpus.Blob] = []
    var seen: [ObjectID: Int32] = [:]
    /// Blob ids already known not to be text (or too large).
    var rejected = Set<ObjectID>()
    var skipped = 0

    init(repository: OpaquePointer, limits: CorpusLimits) {
        self.repository = repository
        self.limits = limits
    }

    mutating func walk(_ tree: OpaquePointer, prefix: String, into files: inout [String: Int32]) throws {
        for i in 0..<git_tree_entrycount(tree) {
            guard let e = git_tree_entry_byindex(tree, i) else { continue }
            let name = String(cString: git_tree_entry_name(e))
            let mode = git_tree_entry_filemode(e)
            if mode == GIT_FILEMODE_TREE {
                var sub: OpaquePointer?
                try LibGit2.check(git_tree_lookup(&sub, repository, git_tree_entry_id(e)), "git_tree_lookup")
                defer { git_tree_free(sub) }
                try walk(sub!, prefix: prefix + name + "/", into: &files)
            } else if mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE {
                if let b = try read(ObjectID(git_tree_entry_id(e))) { files[prefix + name] = b }
            }
        }
    }

    private mutating func read(_ id: ObjectID) throws -> Int32? {
        if let b = seen[id] { return b }
        if rejected.contains(id) { return nil }
        guard blobs.count < limits.maxBlobs else {
            rejected.insert(id)
            skipped += 1
            return nil
        }
        var oid = id.oid
        var blob: OpaquePointer?
        try LibGit2.check(git_blob_lookup(&blob, repository, &oid), "git_blob_lookup")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size <= limits.maxBlobBytes, let raw = git_blob_rawcontent(blob) else {
            rejected.insert(id)
            skipped += 1
            return nil
        }
        let bytes = UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: size)
        // Binary, as git decides it: a NUL byte in the first 8,000 bytes.
        if bytes.prefix(8000).contains(0) {
            rejected.insert(id)
            skipped += 1
            return nil
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let n = Int32(blobs.count)
        blobs.append(SourceCorpus.Blob(id: id, lines: lines))
        seen[id] = n
        return n
    }
}
