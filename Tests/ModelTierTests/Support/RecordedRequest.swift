import Foundation
import ModelTier

/// One request as the test server received it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    /// Lower-cased names.
    var headers: [String: String]
    var body: Data

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON; `.null` when it is not JSON, which fails any shape assertion.
    var json: JSONValue { (try? JSONValue(data: body)) ?? .null }
}
