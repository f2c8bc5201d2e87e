import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one HTTP/1.1 request from a socket: the head up to the blank line, then `Content-Length`
/// bytes of body. Answers `Expect: 100-continue`, which libcurl (URLSession on Linux) sends
/// before larger bodies and would otherwise wait a second for.
public struct HTTPRequestReader {
    public let fd: Int32
    private static let headEnd = Data("\r\n\r\n".utf8)

    public func read() -> RecordedRequest? {
        var buffer = Data()
        var headRange: Range<Data.Index>?
        while headRange == nil {
            guard let chunk = receive() else { return nil }
            buffer += chunk
            headRange = buffer.range(of: HTTPRequestReader.headEnd)
        }
        let head = String(decoding: buffer[..<headRange!.lowerBound], as: UTF8.self)
        var body = Data(buffer[headRange!.upperBound...])
        guard let (method, path, headers) = parseHead(head) else { return nil }
        if headers["expect"]?.lowercased() == "100-continue" {
            sendAll(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            guard let chunk = receive() else { return nil }
            body += chunk
        }
        return RecordedRequest(method: method, path: path, headers: headers, body: body)
    }

    private func receive() -> Data? {
        var bytes = [UInt8](repeating: 0, count: 16384)
        let n = recv(fd, &bytes, bytes.count, 0)
        return n > 0 ? Data(bytes[0..<n]) : nil
    }

    private func parseHead(_ head: String) -> (String, String, [String: String])? {
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (String(parts[0]), String(parts[1]), headers)
    }
}
