import Foundation
import LLMClient

/// One request as the test server received it.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    /// Lower-cased names.
    public var headers: [String: String]
    public var body: Data

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON; `.null` when it is not JSON, which fails any shape assertion.
    public var json: JSONValue { (try? JSONValue(data: body)) ?? .null }
}
