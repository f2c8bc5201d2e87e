import Foundation
import LogMining
import DeployGate
import Findings
import Reports
import Testing
import PatternStore
import Workflows

@Suite struct WorkflowsTests {
    @Test func aLookbackIsANumberAndAUnit() {
        #expect(HistoryRequest.lookback("30d") == 2_592_000.0)
        #expect(HistoryRequest.lookback("90m") == 5_400.0)
        #expect(HistoryRequest.lookback("1.5h") == 5_400.0)
        for bad in ["30", "d", "-1d", "3y", ""] { #expect(HistoryRequest.lookback(bad) == nil, "\(bad)") }
    }

    /// The gate weighs only a model's verdict: the deterministic reader reads the same diff the gate
    /// does, so its finding is no second opinion.
    @Test func onlyAModelsFindingBecomesAnOpinionForTheGate() throws {
        let json = #"""
            {"schemaVersion":1,"verdict":"benign","confidence":0.7,"title":"t","narrative":"n","suspectedPattern":[],"evidence":[],
             "nextCheck":"c","proposedActions":[],"routing":{"tier":"deterministic","inputTokens":0,"outputTokens":0,"calls":0,"seconds":0,"notes":[]}}
            """#
        let f = try JSONDecoder().decode(Finding.self, from: Data(json.utf8))
        #expect(f.modelOpinion == nil)
        var small = f
        small.routing.tier = .smallModel
        #expect(small.modelOpinion == ModelOpinion(source: "small-model", verdict: "benign", isRegression: false))
        small.verdict = .regression
        #expect(small.modelOpinion?.isRegression == true)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("workflows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func log(_ folder: URL, _ name: String, _ lines: [String]) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func parseStreamsRowsWithFinalTemplates() throws {
        let folder = try Self.temporaryFolder()
        let path = try Self.log(folder, "a.log", (0..<20).map { "2026-03-02 10:15:03,123 ERROR app.db: query \($0) took \($0 * 3)ms" })
        var rows: [ParsedRow] = []
        var notices = 0
        let report = try ParseRun.run(
            ParseRequest(inputs: [path, folder.appendingPathComponent("missing.log").path], format: nil, rows: .templatesAndFields),
            notice: { if case .inputFailed = $0 { notices += 1 } }, sink: { rows.append($0) })
        #expect(rows.count == 20)
        #expect(Set(rows.map(\.template)).count == 1, "every row carries the final template")
        #expect(rows.first?.fields?.level == .error)
        #expect(rows.first?.fields?.component == "app.db")
        #expect(report.failedInputs == 1 && notices == 1)
        #expect(report.templates.isEmpty, "templates are listed only when no rows are asked for")
    }

    @Test func explainAndGateAreOnePipeline() throws {
        let folder = try Self.temporaryFolder()
        let db = folder.appendingPathComponent("store.sqlite").path
        let a = try Self.log(folder, "a.log", (0..<200).map { "2026-03-02 10:15:03,123 INFO app: served request \($0)" })
        let b = try Self.log(
            folder, "b.log",
            (0..<200).map { "2026-03-02 11:15:03,123 INFO app: served request \($0)" }
                + (0..<50).map { "2026-03-02 11:16:03,123 ERROR app.db: connection \($0) refused" })
        for (name, path) in [("v1", a), ("v2", b)] {
            let r = try IndexRun.run(
                IndexRunRequest(
                    store: .sqlite(path: db), service: "s", destination: .deployment(name: name, commit: nil), inputs: [path], format: nil, batchRecords: 1000,
                    allowUnmatchedHeader: false))
            #expect(r.failures == 0)
        }
        let pair = DeploymentPair(store: .sqlite(path: db), service: "s", baseline: nil, candidate: nil, repository: nil, tagPattern: nil, normalize: .records)
        let diff = try DiffRun.run(pair, redact: true)
        let finding = FindingRequest(routing: Routing(small: nil, strong: nil), small: nil, strong: nil, showPrompt: false, useCache: true)
        guard case .report(let explained) = try ReviewRun.run(ReviewRequest(pair: pair, purpose: .explain, finding: finding, redact: true)),
            case .report(let gated) = try ReviewRun.run(
                ReviewRequest(pair: pair, purpose: .gate(policyFile: nil, preset: nil), finding: finding, redact: true))
        else {
            Issue.record("no report")
            return
        }
        #expect(explained.diff == diff)
        #expect(explained.finding == gated.finding)
        #expect(explained.finding.routing.tier == .deterministic)
    }
}
