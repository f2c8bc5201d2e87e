import Foundation
import Redaction

/// The start of an unexpected body, redacted, for `malformedResponse` messages: enough to recognise
/// an HTML error page or a proxy's answer without printing a whole document.
enum BodyPreview {
    static func of(_ body: Data) -> String {
        guard !body.isEmpty else { return "empty body" }
        return "starts: \(Redactor().redact(String(decoding: body.prefix(120), as: UTF8.self)))"
    }
}
