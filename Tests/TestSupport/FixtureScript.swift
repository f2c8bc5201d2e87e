import Foundation

/// The repository's fixture scripts (fixtures/*/build.sh, make_repo.sh, ...), run the same way by
/// every test target that builds a scenario, so a script's failure reads the same everywhere.
public enum FixtureScript {
    /// The package root, found from this file so tests run from any working directory.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    public struct Failed: Error, CustomStringConvertible {
        public let script: String
        public let status: Int32
        public let stderr: String
        public var description: String { "\(script) exited \(status): \(stderr)" }
    }

    /// Runs `bash <root>/<script> <arguments...>`; throws `Failed` with its stderr on a non-zero exit.
    public static func run(_ script: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [root.appendingPathComponent(script).path] + arguments
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failed(script: script, status: p.terminationStatus, stderr: String(decoding: message, as: UTF8.self))
        }
    }

    /// A new, empty directory under the system's temporary directory, named `prefix-<uuid>`.
    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
