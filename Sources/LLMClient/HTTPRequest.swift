import Foundation

/// One HTTP request as the clients build it; transports send it as is.
/// `description` masks credential headers so a request can be shown (`--show-prompt`) or logged.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    public var url: URL
    /// Header names as sent; compare them case-insensitively.
    public var headers: [String: String]
    public var body: Data

    public init(method: String = "POST", url: URL, headers: [String: String] = [:], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    static let credentialHeaders: Set<String> = ["x-api-key", "authorization", "api-key"]

    /// The same request with credential header values replaced, for display.
    public var redactingCredentials: HTTPRequest {
        var copy = self
        for name in headers.keys where HTTPRequest.credentialHeaders.contains(name.lowercased()) {
            copy.headers[name] = "[REDACTED]"
        }
        return copy
    }

    public var description: String {
        let shown = redactingCredentials
        let head = shown.headers.keys.sorted().map { "\($0): \(shown.headers[$0]!)" }.joined(separator: "\n")
        return "\(method) \(url.absoluteString)\n\(head)\n\n\(String(decoding: body, as: UTF8.self))"
    }
}
