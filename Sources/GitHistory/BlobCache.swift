import CGit2

/// Blobs kept open while one file is attributed. libgit2 does not cache blobs, and the walk reads
/// each version of a file twice (as the new side of one commit, the old side of the next); from a
/// pack with delta chains each read re-inflates the chain.
final class BlobCache {
    private let repository: OpaquePointer
    private var blobs: [ObjectID: OpaquePointer] = [:]

    init(repository: OpaquePointer) { self.repository = repository }

    deinit { clear() }

    /// The blob, or nil for the zero id of an absent side.
    func blob(_ id: ObjectID) throws -> OpaquePointer? {
        guard !id.isZero else { return nil }
        if let b = blobs[id] { return b }
        var oid = id.oid
        var blob: OpaquePointer?
        try LibGit2.check(git_blob_lookup(&blob, repository, &oid), "git_blob_lookup")
        blobs[id] = blob!
        return blob
    }

    func clear() {
        for b in blobs.values { git_blob_free(b) }
        blobs.removeAll(keepingCapacity: true)
    }
}
