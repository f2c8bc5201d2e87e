import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for testing clients against a real
/// socket. Each connection carries one request (`Connection: close`), answered from the script in
/// order of arrival; every request is recorded. Requests past the end of the script get a 418,
/// which no client retries, so an unexpected extra request shows up as a failure, not a hang.
public final class TestHTTPServer: @unchecked Sendable {
    public let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var script: [ScriptedResponse]
    private var recorded: [RecordedRequest] = []
    private var held: [Int32] = []
    private var stopped = false

    public init(_ script: [ScriptedResponse]) throws {
        self.script = script
        (listener, port) = try TestHTTPServer.openListener()
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    public var requests: [RecordedRequest] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    public func stop() {
        lock.lock()
        guard !stopped else { lock.unlock(); return }
        stopped = true
        let toClose = held
        held = []
        lock.unlock()
        // shutdown wakes the thread blocked in accept; close alone does not on Linux.
        _ = shutdown(listener, Int32(SHUT_RDWR))
        _ = close(listener)
        for fd in toClose {
            _ = shutdown(fd, Int32(SHUT_RDWR))
            _ = close(fd)
        }
    }

    private static func openListener() throws -> (Int32, UInt16) {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError.socket("socket: errno \(errno)") }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            _ = close(fd)
            throw ServerError.socket("bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)  // a stuck client must not pin the thread forever
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = HTTPRequestReader(fd: fd).read() else {
            _ = close(fd)
            return
        }
        lock.lock()
        recorded.append(request)
        let step = script.isEmpty ? nil : script.removeFirst()
        let isStopped = stopped
        if case .hang? = step, !isStopped { held.append(fd) }
        lock.unlock()
        switch step {
        case .hang?:
            if isStopped { _ = close(fd) }
        case .answer(let status, let headers, let body)?:
            write(fd, status: status, headers: headers, body: body)
            _ = close(fd)
        case .drop?:
            _ = shutdown(fd, Int32(SHUT_RDWR))
            _ = close(fd)
        case .endless(let chunk, let maxBytes)?:
            stream(fd, chunk: chunk, maxBytes: maxBytes)
            _ = close(fd)
        case nil:
            write(fd, status: 418, headers: [:], body: Data("unscripted request".utf8))
            _ = close(fd)
        }
    }

    private func write(_ fd: Int32, status: Int, headers: [String: String], body: Data) {
        var head = "HTTP/1.1 \(status) \(TestHTTPServer.reason(status))\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        sendAll(fd, Data(head.utf8) + body)
    }

    /// A chunked 200 that never ends on its own: chunks until a send fails or `maxBytes` went out.
    private func stream(_ fd: Int32, chunk: Data, maxBytes: Int) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        guard sendAll(fd, Data(head.utf8)) else { return }
        let framed = Data((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Data("\r\n".utf8)
        var sent = 0
        while sent < maxBytes, !lock.withLock({ stopped }) {
            guard sendAll(fd, framed) else { return }
            sent += chunk.count
        }
    }

    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 418: "I'm a teapot"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 529: "Overloaded"
        default: "Status"
        }
    }

    public enum ServerError: Error { case socket(String) }
}

/// Writes everything, without SIGPIPE when the client has gone (the process would die of it).
/// False when the client went away first.
@discardableResult
public func sendAll(_ fd: Int32, _ data: Data) -> Bool {
    #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
    #else
        let flags: Int32 = 0
    #endif
    return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
        var offset = 0
        while offset < raw.count {
            let n = send(fd, raw.baseAddress! + offset, raw.count - offset, flags)
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
