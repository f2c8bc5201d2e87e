import Foundation
import LogMining

#if canImport(Glibc)
import Glibc
#endif

/// An input opened for reading, with its format resolved (given, or detected from its first bytes).
struct InputFile {
    let name: String
    var source: PrefixedSource<FileDescriptorSource>
    let format: LogFormat
    let detectedAs: String?
    private let fd: Int32

    /// Opens `path` ('-' for standard input). Errors name the file and say what to do.
    static func open(_ path: String, format: LogFormat?) throws -> InputFile {
        let fd: Int32
        let name = path == "-" ? "<stdin>" : path
        if path == "-" {
            fd = 0
        } else {
            fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw LogMiningError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            var st = stat()
            if fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
                Glibc.close(fd)
                throw LogMiningError.unreadable(path: path, reason: "it is a directory")
            }
        }
        var base = FileDescriptorSource(fd: fd, name: name)
        var prefix: [UInt8] = []
        var detected: String?
        var resolved = format
        if format == nil {
            prefix = try readPrefix(&base, upTo: 64 << 10)
            let (f, why) = prefix.withUnsafeBufferPointer { FormatDetector.detect($0) }
            resolved = f
            detected = why
        }
        return InputFile(
            name: name, source: PrefixedSource(prefix: prefix, base: base), format: resolved!, detectedAs: detected, fd: fd)
    }

    private static func readPrefix(_ s: inout FileDescriptorSource, upTo limit: Int) throws -> [UInt8] {
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

    func close() { if fd > 2 { Glibc.close(fd) } }
}
