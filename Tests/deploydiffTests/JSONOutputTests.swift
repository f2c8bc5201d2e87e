import Foundation
import Testing

/// Every command's JSON on the bundled scenario, compared byte for byte with committed snapshots:
/// a refactoring of the commands must not change what machines read. Refresh with
/// `DEPLOYDIFF_UPDATE_SNAPSHOTS=1` only when a change of output is intended (and say why).
@Suite(.serialized) struct JSONOutputTests {
    typealias Gate = GateCommandTests

    /// Times that differ per run (when the store was written) and the scenario's temporary folder.
    static func normalised(_ s: String, _ d: Gate.Demo) -> String {
        let stamped = s.replacingOccurrences(
            of: #""indexedAt" : "[^"]*""#, with: #""indexedAt" : "$INDEXED_AT""#, options: .regularExpression)
        return Gate.normalised(stamped, d)
    }

    /// A store no diff has run on: `deploys` shows each deployment's latest review once one ran,
    /// and the other suites run diffs on the shared scenario store in any order.
    static let unreviewed = Result { try Gate.Demo() }

    @Test func deploysJSONIsUnchanged() throws {
        let d = try Self.unreviewed.get()
        let r = try CommandLineTests.run(["deploys", "--format", "json", "--db", d.db, "--service", "shop"])
        #expect(r.status == 0, "\(r.stderr)")
        try Gate.snapshot("json/deploys.json", Self.normalised(r.stdout, d))
    }

    @Test(arguments: [
        ("templates-v1.2.0", ["templates", "--deploy", "v1.2.0", "--format", "json"]),
        ("diff-v1.0.0-v1.1.0", ["diff", "v1.0.0", "v1.1.0", "--format", "json"]),
        ("diff-latest", ["diff", "--format", "json"]),
        ("explain-latest", ["explain", "--format", "json"]),
        ("gate-v1.0.0-v1.2.0", ["gate", "v1.0.0", "v1.2.0", "--format", "json"]),
    ])
    func jsonIsUnchanged(name: String, args: [String]) throws {
        let d = try Gate.demo.get()
        // deploys and templates take no repository.
        let r = args[0] == "deploys" || args[0] == "templates"
            ? try CommandLineTests.run(args + ["--db", d.db, "--service", "shop"]) : try d.run(args)
        #expect(r.status == 0 || (args[0] == "gate" && r.status == 1), "\(r.stderr)")
        #expect(!r.stdout.isEmpty)
        try Gate.snapshot("json/\(name).json", Self.normalised(r.stdout, d))
    }

    @Test func changesJSONIsUnchanged() throws {
        let d = try Gate.demo.get()
        let r = try CommandLineTests.run(["changes", "v1.0.0", "v1.2.0", "--repo", d.repo, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        try Gate.snapshot("json/changes-v1.0.0-v1.2.0.json", Self.normalised(r.stdout, d))
    }
}
