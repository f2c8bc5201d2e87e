import Foundation
import Findings
import DeployGate
import PatternDiff
import Testing

@testable import Reports

/// Log text, commits and model answers are untrusted: no renderer lets their control characters act
/// on a terminal, nor their markup act in Markdown or HTML.
@Suite struct UntrustedTextInReportsTests {
    static let esc = "\u{1B}"
    /// An ANSI colour, a window-title change, NUL, CR, DEL and a C1 CSI, as a log line can carry them.
    static let hostile = "boom \(esc)[31mred\(esc)[0m \(esc)]0;owned\u{07} nul\u{0}cr\r del\u{7F} csi\u{9B}2J"

    static func report(_ text: String) throws -> GateReport {
        let json = """
            {"schemaVersion":1,"service":"shop",
             "baseline":{"name":"v1","records":1000,"minutes":30},
             "candidate":{"name":"v2","records":1000,"minutes":30},
             "options":{"alpha":0.01,"minEffect":2,"minCount":10,"normalize":"records","minLinkScore":0.6,"acknowledged":[]},
             "changes":[{"id":"new:T15","kind":"new","template":{"id":15,"text":\(Self.json(text + " <*>")),"level":"ERROR"},
               "severity":"critical","countA":0,"countB":553,"rateA":0,"rateB":76.5,"pValue":1e-100,"qValue":1e-99,
               "levelsA":{},"levelsB":{"ERROR":553},"classification":"intended",
               "link":{"file":"app/x.py","line":20,"hunkHeader":"@@ -1 +1 @@","text":\(Self.json("log.error(" + text + ")")),"side":"added",
                       "commit":{"id":"33401f157e0000000000000000000000000000aa","subject":\(Self.json(text)),"author":"Ken"},"score":1,
                       "hunk":[\(Self.json("+log.error(" + text + ")"))]},
               "values":[{"position":"1","value":\(Self.json(text)),"countA":0,"countB":3}],
               "samples":[\(Self.json("2026-03-03 ERROR " + text)), \(Self.json("second\n" + text))],
               "seriesA":[],"seriesB":[3,4],"acknowledged":false,"component":"app"}],
             "incidents":[{"id":"I1","severity":"critical","title":\(Self.json(text)),"changes":["new:T15","new:T16"],"reasons":[\(Self.json(text))]}],
             "code":{"available":true,"range":"v1..v2","commits":[],"filesChanged":1}}
            """
        let diff = try JSONDecoder().decode(DeployDiff.self, from: Data(json.utf8))
        var finding = DeterministicReader.finding(for: diff)
        finding.title = "model says " + text
        finding.narrative = "narrative " + text
        finding.nextCheck = text
        finding.proposedActions = [text]
        let gate = Gate.evaluate(diff, policy: GatePolicy(preset: .strict))
        return GateReport(gate: gate, finding: finding, diff: diff)
    }

    static func json(_ s: String) -> String { String(decoding: try! JSONEncoder().encode(s), as: UTF8.self) }

    static func renderAll(_ r: GateReport) -> [(String, String)] {
        [
            ("text", FindingTextRenderer(color: false).render(r, withGate: true)),
            ("text-colour", FindingTextRenderer(color: true).render(r, withGate: true)),
            ("diff-text", DiffTextRenderer(color: false).render(r.diff)),
            ("diff-md", DiffMarkdownRenderer().render(r.diff)),
            ("md", GateMarkdownRenderer().render(r)),
            ("html", HTMLRenderer().render(r)),
            ("junit", JUnitRenderer().render(r)),
            ("github", GitHubAnnotationsRenderer().render(r)),
        ]
    }

    /// C0 except \n and \t, DEL, C1. The colour renderer's own ESC sequences are allowed only in
    /// the form it writes them (ESC [ digits ; m).
    static func rawControls(_ s: String, allowingOwnColours: Bool = false) -> [String] {
        var text = s
        if allowingOwnColours {
            text = text.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression)
        }
        return text.unicodeScalars.filter { v in
            (v.value < 0x20 && v != "\n" && v != "\t") || (0x7F...0x9F).contains(v.value)
        }.map { String(format: "U+%04X", $0.value) }
    }

    @Test func noRawControlCharacterReachesAnyFormat() throws {
        let r = try Self.report(Self.hostile)
        #expect(r.gate.violations.contains { $0.template.contains(Self.esc) }, "the gate saw the raw text: the test covers violations too")
        for (name, out) in Self.renderAll(r) {
            #expect(Self.rawControls(out, allowingOwnColours: name == "text-colour").isEmpty, "\(name): \(Self.rawControls(out))")
            let visible = name.hasSuffix("md") ? "&#92;x1b&#91;31mred" : "\\x1b[31mred"
            #expect(out.contains(visible), "\(name) shows the escape visibly")
            #expect(!out.contains("\(Self.esc)]0;owned"), "\(name)")
        }
        let text = FindingTextRenderer(color: false).render(r, withGate: true)
        #expect(text.contains("model says boom \\x1b[31mred\\x1b[0m \\x1b]0;owned\\x07 nul\\x00cr\\x0d del\\x7f csi\\x9b2J"))
    }

    static let markup = "<img src=x onerror=alert(1)> <script>alert(2)</script> | `code` **bold** [link](http://x) @octocat"

    @Test func markdownCarriesNoRawHTMLNorMarkdownFromLogs() throws {
        let r = try Self.report(Self.markup)
        for (name, out) in [("md", GateMarkdownRenderer().render(r)), ("diff-md", DiffMarkdownRenderer().render(r.diff))] {
            #expect(!out.contains("<img"), "\(name)")
            #expect(!out.contains("<script"), "\(name)")
            #expect(!out.contains("**bold**"), "\(name)")
            #expect(!out.contains("[link]"), "\(name)")
            #expect(!out.contains("@octocat"), "\(name)")
            #expect(!out.contains("`code`"), "\(name)")
            #expect(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "\(name)")
            // Every table row keeps its five (or four) columns: no pipe from a log splits a cell.
            for row in out.split(separator: "\n") where row.hasPrefix("| ") {
                let cells = row.split(separator: "|", omittingEmptySubsequences: false).count - 2
                #expect(cells == 5 || cells == 4, "\(name): \(row)")
            }
        }
        let md = GateMarkdownRenderer().render(r)
        // A multi-line model answer stays one paragraph: no line of it can start a block.
        var multi = r
        multi.finding.narrative = "first\n# heading\n- item\n<script>x</script>\n1. one"
        let out = GateMarkdownRenderer().render(multi)
        #expect(out.contains("first<br>&#35; heading<br>- item<br>&lt;script&gt;x&lt;/script&gt;<br>1. one"), "\(out)")
        #expect(md.contains("<details><summary>T15 samples</summary><pre>"))
    }

    @Test func markdownEscapingKeepsOrdinaryTextReadable() {
        #expect(MarkdownText.escape("payment gateway timeout after <*> for order <*>")
            == "payment gateway timeout after &lt;&#42;&gt; for order &lt;&#42;&gt;")
        #expect(MarkdownText.escape("- a list?") == "&#45; a list?")
        #expect(MarkdownText.escape("12. ordered") == "12&#46; ordered")
        #expect(MarkdownText.escape("v1.2.0 took 3-4 s") == "v1.2.0 took 3-4 s")
    }
}
