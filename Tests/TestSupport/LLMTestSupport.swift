import Foundation
import LLMClient

/// Records the waits a client asked for instead of sleeping, so retry tests take milliseconds.
public final class SleepRecorder: @unchecked Sendable {
    public init() {}
    private let lock = NSLock()
    private var recorded: [Duration] = []

    public var sleeps: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// A retry policy with a fixed "random" value, sleeping not at all.
    public func policy(random: Double = 0.5) -> RetryPolicy {
        RetryPolicy(random: { random }, sleep: { [self] duration in record(duration) })
    }

    private func record(_ duration: Duration) {
        lock.withLock { recorded.append(duration) }
    }
}

/// A planted secret for the egress tests: each must be gone from every request body.
public enum PlantedSecrets {
    public static let awsKey = "AKIAIOSFODNN7EXAMPLE"
    public static let password = "hunter2-correct-horse"
    public static let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    public static let all = [awsKey, password, jwt]

    /// A log excerpt carrying all of them, as a sample might.
    public static let logLine =
        "2024-05-01 ERROR db connect failed password=\(password) key=\(awsKey) auth=Bearer \(jwt)"
}

extension JSONValue {
    /// The object's keys, for shape assertions.
    public var keys: Set<String> { Set(objectValue?.keys ?? [:].keys) }
}

/// Client config pointing at a test server. The timeout is short so a hung test fails fast.
public func testConfig(_ server: TestHTTPServer, path: String = "", key: String? = "test-key-not-a-secret",
                timeout: Duration = .seconds(5), maxAttempts: Int = 3) -> ProviderConfig {
    ProviderConfig(baseURL: path.isEmpty ? server.baseURL : server.baseURL.appendingPathComponent(path), apiKey: key, timeout: timeout, maxAttempts: maxAttempts)
}

/// A schema of the shape findings use, small enough to read in a test.
public let verdictSchema = ResponseSchema(
    name: "finding",
    schema: [
        "type": "object",
        "properties": [
            "verdict": ["type": "string", "enum": ["regression", "intended-change", "benign", "inconclusive"]],
            "confidence": ["type": "number", "minimum": 0, "maximum": 1],
            "title": ["type": "string"],
        ],
        "required": ["verdict", "confidence", "title"],
        "additionalProperties": false,
    ])

/// A read-only tool of the kind the escalation tier offers.
public let samplesTool = ToolDefinition(
    name: "template_samples", description: "Samples of a template in a deployment.",
    inputSchema: [
        "type": "object",
        "properties": ["template_id": ["type": "integer"], "side": ["type": "string", "enum": ["A", "B"]]],
        "required": ["template_id"],
    ])
