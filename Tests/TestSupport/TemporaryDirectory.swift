import Foundation

/// A fresh directory for one test, removed with its contents when the value goes away.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(prefix: String = "deploydiff-test") throws {
        url = try FixtureScript.temporaryDirectory(prefix)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Shell snippets the tests use to build fixtures (gzip a file, make a repository).
public enum Shell {
    /// `bash -euo pipefail -c script`; `environment` is added to this process's own.
    @discardableResult
    public static func run(_ script: String, in directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessRun {
        try ProcessRun.run(
            URL(fileURLWithPath: "/bin/bash"), ["-euo", "pipefail", "-c", script], environment: environment,
            directory: directory.map { URL(fileURLWithPath: $0) })
    }
}
