import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Buffered writes to a file descriptor. A closed pipe surfaces as `CLIError.brokenPipe`, which
/// the top level turns into exit 0, as `| head` expects.
final class OutputWriter {
    private var buffer: [UInt8] = []
    private let fd: Int32
    private let limit = 1 << 16

    init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(limit + 4096)
    }

    func write(_ s: String) throws {
        var copy = s
        copy.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= limit { try flush() }
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try flush() }
    }

    func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw CLIError.brokenPipe }
                throw CLIError.message("cannot write output: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension OutputWriter {
    /// Writes `s` to standard output and flushes.
    static func print(_ s: String) throws {
        let out = OutputWriter()
        try out.write(s)
        try out.flush()
    }
}
