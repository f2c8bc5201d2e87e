import Foundation
import LogMining

#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one input: a plain file or standard input, or a gzip file.
public enum InputSource: ByteSource {
    case plain(FileDescriptorSource)
    case gzip(GzipSource)

    public mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        switch self {
        case .plain(var s):
            let n = try s.read(into: buffer, count: count)
            self = .plain(s)
            return n
        case .gzip(let g): return try g.read(into: buffer, count: count)
        }
    }
}

/// An input opened for reading: its format resolved (given, or detected from its first 64 KiB),
/// its identity taken (to skip it when unchanged and resume it when grown), positioned at an offset.
public struct LogInput {
    public let path: String
    public var source: PrefixedSource<InputSource>
    public let format: LogFormat
    /// The name of the detection rule, when the format was detected.
    public let detectedAs: String?
    /// Nil for standard input.
    public let identity: Identity?
    public let isGzip: Bool
    private let fd: Int32

    public struct Identity: Sendable, Equatable {
        public let size: Int64
        public let inode: Int64
        public let mtime: Int64
        public let headHash: String
    }

    public var displayName: String { path == "-" ? "<stdin>" : path }

    /// Opens `path` ('-' for standard input) without reading past the detection sample.
    public static func open(_ path: String, format: LogFormat?) throws -> LogInput {
        let name = path == "-" ? "<stdin>" : path
        let fd: Int32 = path == "-" ? 0 : Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PatternStoreError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
            Glibc.close(fd)
            throw PatternStoreError.unreadable(path: path, reason: "it is a directory")
        }
        var identity: Identity?
        var gzip = false
        if path != "-" {
            var head = [UInt8](repeating: 0, count: 4096)
            let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4096, 0) }
            guard n >= 0 else {
                let reason = String(cString: strerror(errno))
                Glibc.close(fd)
                throw PatternStoreError.unreadable(path: path, reason: reason)
            }
            head.removeSubrange(n...)
            gzip = head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b
            identity = Identity(
                size: Int64(st.st_size), inode: Int64(st.st_ino), mtime: Int64(st.st_mtim.tv_sec), headHash: Self.hash(head))
        }
        var base: InputSource = .plain(FileDescriptorSource(fd: fd, name: name))
        if gzip {
            do { base = .gzip(try GzipSource(fd: fd, name: name)) } catch {
                Glibc.close(fd)
                throw error
            }
        }
        let prefix = try readPrefix(&base, upTo: 64 << 10)
        var detected: String?
        var resolved = format
        if format == nil {
            let (f, why) = prefix.withUnsafeBufferPointer { FormatDetector.detect($0) }
            resolved = f
            detected = why
        }
        return LogInput(
            path: path, source: PrefixedSource(prefix: prefix, base: base), format: resolved!, detectedAs: detected,
            identity: identity, isGzip: gzip, fd: gzip ? -1 : fd)
    }

    /// Positions the input at stream offset `offset` (uncompressed bytes for gzip).
    public mutating func skip(to offset: Int64) throws {
        guard offset > 0 else { return }
        let prefix = source.prefixBytes
        if offset <= Int64(prefix.count) {
            source = PrefixedSource(prefix: Array(prefix[Int(offset)...]), base: source.base)
            return
        }
        var base = source.base
        var remaining = offset - Int64(prefix.count)
        if case .plain = base, lseek(fd, off_t(offset), SEEK_SET) >= 0 {
            remaining = 0
        }
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
        defer { chunk.deallocate() }
        while remaining > 0 {
            let n = try base.read(into: chunk, count: Int(min(remaining, 1 << 16)))
            if n == 0 { break }
            remaining -= Int64(n)
        }
        source = PrefixedSource(prefix: [], base: base)
    }

    public func close() { if fd > 2 { Glibc.close(fd) } }

    /// Whether the file still starts with the bytes a stored head hash (`hash:length`) was taken
    /// of: true for a file that only grew, false for a rotated or rewritten one.
    public func startsLike(_ storedHeadHash: String) -> Bool {
        guard let colon = storedHeadHash.lastIndex(of: ":"), let length = Int(storedHeadHash[storedHeadHash.index(after: colon)...]),
            length <= 4096, let path = path == "-" ? nil : path
        else { return false }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var head = [UInt8](repeating: 0, count: length)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, 0) }
        return n == length && Self.hash(head) == storedHeadHash
    }

    private static func readPrefix(_ s: inout InputSource, upTo limit: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: limit)
        var filled = 0
        try out.withUnsafeMutableBufferPointer { buf in
            while filled < limit {
                let n = try s.read(into: buf.baseAddress! + filled, count: limit - filled)
                if n == 0 { break }
                filled += n
            }
        }
        out.removeSubrange(filled...)
        return out
    }

    static func hash(_ bytes: [UInt8]) -> String {
        String(StableHash.fnv1a(bytes), radix: 16) + ":\(bytes.count)"
    }
}
