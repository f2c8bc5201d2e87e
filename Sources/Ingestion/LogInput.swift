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
///
/// A source is recognized by what it holds, not by how it is spelled: its fingerprint is a hash of
/// its first `fingerprintBytes` bytes of content (decompressed for gzip), so a rename, a rotation,
/// a symlink, another spelling of the path and a compressed copy are all the same source. Device
/// and inode are kept to prefer the right row when several match.
public struct LogInput {
    /// Bytes of content the fingerprint covers. Logs start with timestamps, so two different
    /// sources rarely share their first 4 KiB; a source shorter than that is fingerprinted whole.
    public static let fingerprintBytes = 4096
    /// How long a FIFO may stay without a writer before it is an error (a FIFO nobody writes to
    /// would otherwise block the run, and the service's lock, forever).
    public static let fifoWriterTimeoutMillis: Int32 = 10_000

    public let path: String
    public var source: PrefixedSource<InputSource>
    public let format: LogFormat
    /// The name of the detection rule, when the format was detected.
    public let detectedAs: String?
    public let identity: Identity
    public let isGzip: Bool
    /// A regular file: it may still grow, so a last line without its newline waits for the next run.
    /// Streams (standard input, a FIFO, a device) and gzip files are complete at their end.
    public let mayGrow: Bool
    private let fd: Int32
    /// The first bytes of content, read for detection: what fingerprints are checked against.
    private let head: [UInt8]
    /// How well a header format matches the input's first lines (nil without a header format).
    public let coverage: HeaderCoverage?

    public struct Identity: Sendable, Equatable {
        /// On-disk size (compressed for gzip); 0 for a stream.
        public let size: Int64
        public let device: Int64
        public let inode: Int64
        public let mtime: Int64
        /// `hash:length` of the first `fingerprintBytes` bytes of content.
        public let headHash: String
    }

    public var displayName: String { path == "-" ? "<stdin>" : path }

    /// Opens `path` ('-' for standard input) without reading past the detection sample.
    public static func open(_ path: String, format: LogFormat?) throws -> LogInput {
        let name = path == "-" ? "<stdin>" : path
        var st = stat()
        if path != "-" {
            guard stat(path, &st) == 0 else { throw IngestionError.unreadable(path: path, reason: String(cString: strerror(errno))) }
            if st.st_mode & S_IFMT == S_IFDIR { throw IngestionError.unreadable(path: path, reason: "it is a directory") }
        }
        let isFIFO = path != "-" && st.st_mode & S_IFMT == S_IFIFO
        let fd: Int32 = path == "-" ? 0 : Glibc.open(path, O_RDONLY | O_CLOEXEC | (isFIFO ? O_NONBLOCK : 0))
        guard fd >= 0 else { throw IngestionError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        if isFIFO {
            do { try awaitWriter(fd, path) } catch {
                Glibc.close(fd)
                throw error
            }
        }
        if path == "-" { _ = fstat(fd, &st) }
        let regular = st.st_mode & S_IFMT == S_IFREG
        var gzip = false
        var magic: [UInt8] = [0, 0]
        var base: InputSource = .plain(FileDescriptorSource(fd: fd, name: name))
        var raw: [UInt8] = []
        if regular {
            let n = magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 2, 0) }
            gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b
        } else {
            // A stream cannot be read twice: its first bytes are read once, then put back in front.
            raw = try readPrefix(&base, upTo: 2)
            gzip = raw.count == 2 && raw[0] == 0x1f && raw[1] == 0x8b
            if gzip {
                Glibc.close(fd)
                throw IngestionError.unreadable(path: path, reason: "gzip data on a stream; decompress it before piping it in, or name the .gz file itself")
            }
        }
        if gzip {
            do { base = .gzip(try GzipSource(fd: fd, name: name)) } catch {
                Glibc.close(fd)
                throw error
            }
        }
        let prefix = try raw + readPrefix(&base, upTo: (64 << 10) - raw.count)
        var detected: String?
        var resolved = format
        if format == nil {
            let (f, why) = prefix.withUnsafeBufferPointer { FormatDetector.detect($0) }
            resolved = f
            detected = why
        }
        let head = Array(prefix.prefix(fingerprintBytes))
        let coverage = prefix.withUnsafeBufferPointer { HeaderCoverage.measure(resolved!, sample: $0) }
        let identity = Identity(
            size: regular ? Int64(st.st_size) : 0, device: Int64(st.st_dev), inode: regular ? Int64(st.st_ino) : 0,
            mtime: Int64(st.st_mtim.tv_sec), headHash: hash(head))
        return LogInput(
            path: path, source: PrefixedSource(prefix: prefix, base: base), format: resolved!, detectedAs: detected,
            identity: identity, isGzip: gzip, mayGrow: regular && !gzip, fd: gzip ? -1 : fd, head: head, coverage: coverage)
    }

    /// Waits until a FIFO has data (or its writer closed it), then makes reads blocking again.
    private static func awaitWriter(_ fd: Int32, _ path: String) throws {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var waited: Int32 = 0
        while true {
            let r = poll(&p, 1, 200)
            if r > 0 { break }
            if r < 0, errno != EINTR { throw IngestionError.unreadable(path: path, reason: String(cString: strerror(errno))) }
            waited += 200
            if waited >= fifoWriterTimeoutMillis {
                throw IngestionError.unreadable(
                    path: path, reason: "a FIFO with no writer for \(fifoWriterTimeoutMillis / 1000) s; start the writer first, or pipe it into '-'")
            }
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
    }

    /// Positions the input at stream offset `offset` (uncompressed bytes for gzip); returns the
    /// offset reached, short of `offset` when the input ends first.
    @discardableResult
    public mutating func skip(to offset: Int64) throws -> Int64 {
        guard offset > 0 else { return 0 }
        let prefix = source.prefixBytes
        if offset <= Int64(prefix.count) {
            source = PrefixedSource(prefix: Array(prefix[Int(offset)...]), base: source.base)
            return offset
        }
        var base = source.base
        var remaining = offset - Int64(prefix.count)
        if case .plain = base, mayGrow, lseek(fd, off_t(offset), SEEK_SET) >= 0 {
            source = PrefixedSource(prefix: [], base: base)
            return offset
        }
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
        defer { chunk.deallocate() }
        while remaining > 0 {
            let n = try base.read(into: chunk, count: Int(min(remaining, 1 << 16)))
            if n == 0 { break }
            remaining -= Int64(n)
        }
        source = PrefixedSource(prefix: [], base: base)
        return offset - remaining
    }

    public func close() { if fd > 2 { Glibc.close(fd) } }

    /// Whether the input starts with the bytes a stored fingerprint (`hash:length`) was taken of:
    /// true for the same source grown, renamed, rotated, compressed or read through a link.
    /// An empty fingerprint matches nothing: an empty source holds no records to protect.
    public func startsLike(_ storedHeadHash: String) -> Bool {
        guard let colon = storedHeadHash.lastIndex(of: ":"), let length = Int(storedHeadHash[storedHeadHash.index(after: colon)...]),
            length > 0, length <= head.count
        else { return false }
        return Self.hash(Array(head[..<length])) == storedHeadHash
    }

    private static func readPrefix(_ s: inout InputSource, upTo limit: Int) throws -> [UInt8] {
        guard limit > 0 else { return [] }
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
