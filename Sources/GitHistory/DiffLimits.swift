/// Caps on patch text, so a vendored blob or a generated file does not swamp a diff. Sizes count
/// the patch as `git diff` prints it, without file headers.
public struct DiffLimits: Hashable, Sendable, Codable {
    /// A file whose patch is larger keeps its counts but loses its hunks.
    public var maxFileBytes: Int
    /// Once the kept hunks reach this size, further files keep their counts but lose their hunks.
    public var maxTotalBytes: Int
    /// Unchanged lines around each change, as `git diff -U`.
    public var contextLines: Int

    public init(maxFileBytes: Int = 256 << 10, maxTotalBytes: Int = 16 << 20, contextLines: Int = 3) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.contextLines = contextLines
    }
}

/// What the limits cut, counted.
public struct DiffLimitReport: Hashable, Sendable, Codable {
    /// Patch bytes of the hunks kept.
    public var keptBytes = 0
    /// Patch bytes of the hunks dropped by either limit.
    public var omittedBytes = 0
    public var filesOverFileLimit = 0
    public var filesOverTotalLimit = 0
    /// Binary files: listed, never diffed.
    public var binaryFiles = 0

    public init() {}

    public var omittedFiles: Int { filesOverFileLimit + filesOverTotalLimit }
}
