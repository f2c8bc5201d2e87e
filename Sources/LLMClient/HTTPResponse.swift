import Foundation

/// A complete HTTP answer. Header names are lower-cased by the transport.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The server's requested wait: `retry-after-ms` (Anthropic, OpenAI) before `retry-after` (seconds).
    /// HTTP-date forms are ignored; the backoff covers them.
    public var retryAfter: Duration? {
        if let ms = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), ms >= 0, ms.isFinite {
            return .milliseconds(ms)
        }
        if let s = headers["retry-after"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), s >= 0, s.isFinite {
            return .milliseconds(s * 1000)
        }
        return nil
    }
}
