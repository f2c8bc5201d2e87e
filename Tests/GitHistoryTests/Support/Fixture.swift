import Foundation
import Testing

@testable import GitHistory

/// The fixture repositories `fixtures/git/make_repos.sh` builds, in a temporary folder that lives as
/// long as the suite using the `.gitFixtures` trait.
struct Fixture: Sendable {
    let root: String

    @TaskLocal static var current: Fixture?

    /// The fixture of the running suite.
    static var shared: Fixture {
        guard let current else { fatalError("the suite needs the .gitFixtures trait") }
        return current
    }

    var main: String { root + "/main" }
    var bare: String { root + "/bare.git" }
    var shallow: String { root + "/shallow" }
    var notags: String { root + "/notags" }
    var plain: String { root + "/plain" }

    static func build() throws -> Fixture {
        let root = try Shell.temporaryDirectory(prefix: "githistory-fixtures")
        do {
            try Shell.run(["bash", Self.script, root])
        } catch {
            try? FileManager.default.removeItem(atPath: root)
            throw error
        }
        return Fixture(root: root)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    func open(_ path: String? = nil) throws -> GitRepository { try GitRepository.open(path: path ?? main) }

    /// `git -C repo ARGS`, with the fixture's clean configuration.
    func git(_ args: String..., in repo: String? = nil) throws -> String {
        try Shell.run(["git", "-C", repo ?? main] + args)
    }

    /// Output lines, split on bytes: in a Swift String "\r\n" is one Character.
    static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }

    static let script: String = {
        let here = URL(fileURLWithPath: #filePath)
        let packageRoot = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("fixtures/git/make_repos.sh").path
    }()
}

/// Builds the fixtures once around a whole suite and removes them afterwards.
struct GitFixtureTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let fixture = try Fixture.build()
        defer { fixture.remove() }
        try await Fixture.$current.withValue(fixture) { try await function() }
    }
}

extension Trait where Self == GitFixtureTrait {
    static var gitFixtures: Self { Self() }
}

/// Runs tools for the tests, with no user or system git configuration.
enum Shell {
    struct Failed: Error, CustomStringConvertible {
        let command: [String]
        let status: Int32
        let stderr: String
        var description: String { "\(command.joined(separator: " ")) exited \(status): \(stderr)" }
    }

    @discardableResult
    static func run(_ command: [String], in directory: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = command
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["LC_ALL"] = "C"
        for k in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { env[k] = nil }
        p.environment = env
        // Output goes to files, not pipes: Foundation's pipe reads can fail with EINTR while other
        // tests' children exit.
        let scratch = try temporaryDirectory(prefix: "githistory-run")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // A failure to create shows up as the FileHandle opens below throwing.
        _ = FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/err"))
        p.standardOutput = out
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        try out.close()
        try err.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: scratch + "/out"))
        guard p.terminationStatus == 0 else {
            let errData = try Data(contentsOf: URL(fileURLWithPath: scratch + "/err"))
            throw Failed(command: command, status: p.terminationStatus, stderr: String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func temporaryDirectory(prefix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
