import Foundation
import LLMClient

/// Recorded wire answers in `fixtures/model-server/`, found relative to this file so the tests run
/// from any working directory.
public enum RecordedAnswers {
    public static let directory = FixtureScript.root.appendingPathComponent("fixtures/model-server")

    public struct RecordedAnswer {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
    }

    /// `name` is a path under fixtures/model-server without `.json`. The file holds the status, the
    /// headers worth keeping and the body exactly as the server sent it (`body_text`), or as JSON (`body`).
    public static func recordedAnswer(_ name: String) throws -> RecordedAnswer {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
        let json = try JSONValue(data: data)
        let headers = json["headers"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let body = json["body_text"]?.stringValue.map { Data($0.utf8) } ?? json["body"]?.jsonData ?? Data()
        return RecordedAnswer(status: json["status"]?.intValue ?? 200, headers: headers, body: body)
    }
}
