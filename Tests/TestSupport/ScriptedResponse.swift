import Foundation

/// What the test server does with one request, in order of arrival.
public enum ScriptedResponse: Sendable {
    /// Answer with this status, extra headers and body.
    case answer(status: Int, headers: [String: String], body: Data)
    /// Read the request and never answer, holding the connection open until the server stops.
    case hang
    /// Read the request and close the connection without a byte of answer (a dropped connection).
    case drop
    /// Answer 200 with a chunked body of this chunk repeated until the client goes away (or
    /// `maxBytes` were sent, so a broken client cannot keep the test running).
    case endless(chunk: Data, maxBytes: Int)

    public static func json(_ body: String, headers: [String: String] = [:]) -> ScriptedResponse {
        json(200, body, headers: headers)
    }

    public static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> ScriptedResponse {
        .answer(status: status, headers: ["Content-Type": "application/json"].merging(headers) { $1 }, body: Data(body.utf8))
    }

    public static func text(_ status: Int, _ body: String, headers: [String: String] = [:]) -> ScriptedResponse {
        .answer(status: status, headers: ["Content-Type": "text/plain"].merging(headers) { $1 }, body: Data(body.utf8))
    }

    /// A recorded answer from `fixtures/model-server`: `{"status": ..., "headers": {...}, "body": {...}}`.
    public static func fixture(_ name: String) throws -> ScriptedResponse {
        let recorded = try RecordedAnswers.recordedAnswer(name)
        return .answer(status: recorded.status, headers: recorded.headers, body: recorded.body)
    }
}
