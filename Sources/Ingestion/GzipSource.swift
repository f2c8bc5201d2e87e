import CZlib
import LogMining

/// A gzip file read through zlib (`.gz` inputs, concatenated members included).
public final class GzipSource: ByteSource {
    private let file: gzFile
    public let name: String

    /// Takes ownership of `fd`.
    public init(fd: Int32, name: String) throws {
        guard let f = gzdopen(fd, "rb") else {
            throw IngestionError.unreadable(path: name, reason: "cannot open as gzip")
        }
        file = f
        self.name = name
        gzbuffer(f, 1 << 17)
    }

    deinit { gzclose(file) }

    public func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        let n = gzread(file, buffer, UInt32(min(count, Int(Int32.max))))
        if n < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "gzip error \(code)"
            throw IngestionError.unreadable(path: name, reason: "corrupt gzip data: \(message)")
        }
        if n == 0 {
            // zlib returns what it could decompress, then 0 with Z_BUF_ERROR when the file ends
            // before the gzip trailer: a file still being written, or cut in a copy.
            var code: Int32 = 0
            _ = gzerror(file, &code)
            if code != Z_OK {
                throw IngestionError.unreadable(
                    path: name, reason: "truncated gzip data (the file ends before its gzip trailer); index it once it is complete")
            }
        }
        return Int(n)
    }
}
