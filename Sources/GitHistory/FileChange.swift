/// One file's change between two trees.
public struct FileChange: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        case added, deleted, modified, renamed, copied
    }

    /// Why a file has counts but no hunks.
    public enum Omission: String, Hashable, Sendable, Codable {
        case binary
        case fileLimit
        case totalLimit
    }

    public let status: Status
    /// Nil for an added file.
    public let oldPath: String?
    /// Nil for a deleted file.
    public let newPath: String?
    /// Rename similarity, 0–100, for renamed and copied files.
    public let similarity: Int?
    public let isBinary: Bool
    public let additions: Int
    public let deletions: Int
    /// The size of this file's patch, kept or not.
    public let patchBytes: Int
    public let omitted: Omission?
    public var hunks: [DiffHunk]

    public init(
        status: Status, oldPath: String?, newPath: String?, similarity: Int?, isBinary: Bool, additions: Int,
        deletions: Int, patchBytes: Int, omitted: Omission?, hunks: [DiffHunk]
    ) {
        self.status = status
        self.oldPath = oldPath
        self.newPath = newPath
        self.similarity = similarity
        self.isBinary = isBinary
        self.additions = additions
        self.deletions = deletions
        self.patchBytes = patchBytes
        self.omitted = omitted
        self.hunks = hunks
    }

    /// The path to show: the new one, or the old one for a deleted file.
    public var path: String { newPath ?? oldPath ?? "" }
}
