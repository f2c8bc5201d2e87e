#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a reader's bytes come from. Reads fill at most `count` bytes and return 0 at the end.
public protocol ByteSource {
    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int
}

/// A file descriptor (a file or standard input), read with `read(2)`.
public struct FileDescriptorSource: ByteSource {
    public let fd: Int32
    public let name: String

    public init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
    }

    public mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, buffer, count)
            #else
            let n = Darwin.read(fd, buffer, count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw LogMiningError.unreadable(path: name, reason: String(cString: strerror(errno)))
        }
    }
}

/// Bytes in memory: for tests and for text already at hand.
public struct MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { bytes = Array(text.utf8) }

    public mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        let n = min(count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { src in buffer.update(from: src.baseAddress! + offset, count: n) }
        offset += n
        return n
    }
}
