import Foundation
import ModelTier

/// Recorded wire answers in `fixtures/model-server/`, found relative to this file so the tests run
/// from any working directory.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // ModelTierTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("fixtures/model-server")

    struct RecordedAnswer {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    /// `name` is a path under fixtures/model-server without `.json`. The file holds the status, the
    /// headers worth keeping and the body exactly as the server sent it (`body_text`), or as JSON (`body`).
    static func recordedAnswer(_ name: String) throws -> RecordedAnswer {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
        let json = try JSONValue(data: data)
        let headers = json["headers"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let body = json["body_text"]?.stringValue.map { Data($0.utf8) } ?? json["body"]?.jsonData ?? Data()
        return RecordedAnswer(status: json["status"]?.intValue ?? 200, headers: headers, body: body)
    }
}
