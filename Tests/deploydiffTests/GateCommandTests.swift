import Foundation
import Testing
import TestSupport

/// The demo scenario through the built binary: explain, gate, reports.
/// Snapshots refresh with `DEPLOYDIFF_UPDATE_SNAPSHOTS=1 make test`.
@Suite(.serialized) struct GateCommandTests {
    typealias CLI = CommandLineTests

    final class Demo: @unchecked Sendable {
        let dir: URL
        let db: String
        init() throws {
            dir = try FixtureScript.temporaryDirectory("deploydiff-gate")
            try FixtureScript.run("fixtures/scenario/build.sh", [dir.path])
            db = dir.appendingPathComponent("store.sqlite").path
            for v in ["v1.0.0", "v1.1.0", "v1.2.0"] {
                let r = try CLI.run(["index", "--db", db, "--service", "shop", "--deploy", v, "--quiet", dir.appendingPathComponent("logs/\(v).log").path])
                guard r.status == 0 else { throw CLIError(message: r.stderr) }
            }
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
        var repo: String { dir.appendingPathComponent("repo").path }
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }
        func run(_ args: [String]) throws -> CLI.Run { try CLI.run(args + ["--db", db, "--service", "shop", "--repo", repo]) }
    }

    struct CLIError: Error { let message: String }

    static let demo = Result { try Demo() }

    static func snapshot(_ name: String, _ text: String) throws {
        let url = CLI.root.appendingPathComponent("Tests/deploydiffTests/Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["DEPLOYDIFF_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "snapshot \(name) differs; refresh with DEPLOYDIFF_UPDATE_SNAPSHOTS=1 if intended")
    }

    /// Machine-specific parts (commit ids are fixed by the fixture's dates; paths are not).
    static func normalised(_ s: String, _ d: Demo) -> String {
        s.replacingOccurrences(of: d.dir.path, with: "$DEMO")
    }

    @Test func theIntendedStepPassesAndTheRegressionFails() throws {
        let d = try Self.demo.get()
        let intended = try d.run(["gate", "v1.0.0", "v1.1.0"])
        #expect(intended.status == 0, "\(intended.stderr)")
        #expect(intended.stdout.hasPrefix("gate: PASS"))
        #expect(intended.stdout.contains("finding: intended-change"))
        let regression = try d.run(["gate"])
        #expect(regression.status == 1)
        #expect(regression.stdout.hasPrefix("gate: FAIL"))
        #expect(regression.stdout.contains("unexplained-new-error: payment gateway timeout after <*> for order <*>"))
        #expect(regression.stdout.contains("Lower payment gateway timeout to 250ms"))
    }

    @Test func theJSONFollowsTheDocumentedSchema() throws {
        let d = try Self.demo.get()
        let r = try d.run(["gate", "--format", "json"])
        #expect(r.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(root["schemaVersion"] as? Int == 1)
        let gate = try #require(root["gate"] as? [String: Any])
        #expect(gate["decision"] as? String == "fail")
        let finding = try #require(root["finding"] as? [String: Any])
        for key in ["verdict", "confidence", "title", "narrative", "suspectedPattern", "evidence", "nextCheck", "proposedActions", "routing", "schemaVersion"] {
            #expect(finding[key] != nil, "finding.\(key)")
        }
        #expect(finding["verdict"] as? String == "regression")
        let diff = try #require(root["diff"] as? [String: Any])
        for key in ["schemaVersion", "service", "baseline", "candidate", "options", "changes", "incidents", "code"] {
            #expect(diff[key] != nil, "diff.\(key)")
        }
        let change = try #require((diff["changes"] as? [[String: Any]])?.first)
        for key in ["id", "kind", "template", "severity", "countA", "countB", "rateA", "rateB", "pValue", "qValue", "samples", "acknowledged"] {
            #expect(change[key] != nil, "change.\(key)")
        }
        let again = try d.run(["gate", "--format", "json"])
        #expect(again.stdout == r.stdout, "byte-identical")
    }

    @Test func markdownAndJUnitMatchTheirSnapshots() throws {
        let d = try Self.demo.get()
        let r = try d.run(["gate", "v1.0.0", "v1.2.0", "--output", "md=\(d.path("s.md"))", "--output", "junit=\(d.path("j.xml"))"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty, "with --output nothing goes to stdout")
        try Self.snapshot("gate-v1.0.0-v1.2.0.md", Self.normalised(try String(contentsOfFile: d.path("s.md"), encoding: .utf8), d))
        try Self.snapshot("gate-v1.0.0-v1.2.0.junit.xml", Self.normalised(try String(contentsOfFile: d.path("j.xml"), encoding: .utf8), d))
    }

    @Test func annotationsPointAtTheLinkedLine() throws {
        let d = try Self.demo.get()
        let policy = d.path("policy.yml")
        try """
            preset: lenient
            rules:
              - name: new-info-statements
                kinds: [new]
                classifications: [intended]
                action: warn
            """.write(toFile: policy, atomically: true, encoding: .utf8)
        let r = try d.run(["gate", "v1.0.0", "v1.1.0", "--policy", policy, "--format", "github"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("::warning file=app/checkout.py,line=20,") && $0.contains("fraud check passed") })
        #expect(lines.contains { $0.hasPrefix("::warning file=worker/main.go,line=14,") && $0.contains("retrying job") })
    }

    @Test func badPoliciesNameTheKeyAndLine() throws {
        let d = try Self.demo.get()
        let policy = d.path("bad.yml")
        try "preset: default\nrules:\n  - name: x\n    action: fail\n    colour: red\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let r = try d.run(["gate", "--policy", policy])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yml:5: unknown key 'rules[0].colour'"))
        try "preset: default\ntrustModelVerdict: maybe\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let t = try CLI.run(["policy", "check", policy])
        #expect(t.status == 2)
        #expect(t.stderr.contains("bad.yml:2: 'trustModelVerdict'"))
        let ok = try CLI.run(["policy", "init", d.path("init.yml")])
        #expect(ok.status == 0)
        #expect(try CLI.run(["policy", "check", d.path("init.yml")]).status == 0)
    }

    @Test func toolErrorsExit2UnlessTeamsPreferToPass() throws {
        let d = try Self.demo.get()
        let missing = try CLI.run(["gate", "v0", "v1.2.0", "--db", d.db, "--service", "shop"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no deployment 'v0'"))
        let lenient = try CLI.run(["gate", "v0", "v1.2.0", "--db", d.db, "--service", "shop", "--fail-on-error-as-pass"])
        #expect(lenient.status == 0)
    }

    @Test func theHTMLReportIsSelfContained() throws {
        let d = try Self.demo.get()
        _ = try d.run(["gate", "--output", "html=\(d.path("r.html"))"])
        let html = try String(contentsOfFile: d.path("r.html"), encoding: .utf8)
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("id=\"verdict\""))
        #expect(!html.contains("http://") && !html.contains("https://"), "no external assets")
    }
}

/// The HTML report in a real headless browser (Debian's chromium; `make test` installs it).
@Suite(.serialized) struct HTMLReportBrowserTests {
    typealias CLI = CommandLineTests

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func browse(_ args: [String]) throws -> (String, String) {
        let browser = URL(fileURLWithPath: try #require(chromium, "chromium is not installed: run 'make test' (it installs it) or apt-get install chromium"))
        let r = try ProcessRun.run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0"] + args)
        return (r.stdout, r.stderr)
    }

    @Test func theReportRendersWithoutConsoleErrors() throws {
        let d = try GateCommandTests.demo.get()
        let html = d.path("browser.html")
        _ = try d.run(["gate", "--output", "html=\(html)"])
        let url = URL(fileURLWithPath: html).absoluteString
        let (dom, log) = try Self.browse(["--dump-dom", url])
        #expect(dom.contains("id=\"verdict\""))
        #expect(dom.contains("class=\"change critical\""))
        #expect(dom.contains("<svg class=\"chart\""))
        #expect(dom.contains("payment gateway timeout after &lt;*&gt; for order &lt;*&gt;"))
        #expect(!log.contains("Uncaught"), "console errors: \(log)")
        #expect(!log.contains(":ERROR:CONSOLE"), "console errors: \(log)")
        let artefacts = CLI.root.appendingPathComponent("out/test-artifacts")
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        let shot = artefacts.appendingPathComponent("report.png").path
        try? FileManager.default.removeItem(atPath: shot)
        _ = try Self.browse(["--screenshot=\(shot)", "--window-size=1200,1600", "--hide-scrollbars", url])
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        #expect(size > 10_000, "a screenshot was taken")
    }
}

/// The history fixture's report (a recurrence, with history strips) as a browser lays it out, at
/// desktop and phone widths: the rendered text is read back through a probe script added to a copy
/// of the report (the report itself has no scripts).
@Suite(.serialized) struct HTMLLayoutTests {
    typealias Browser = HTMLReportBrowserTests

    /// What the probe reports: the layout viewport's width, the elements wider than it, the
    /// page's visible text and the charts' text.
    struct Probe: Decodable {
        let viewport: Double
        let wide: [String]
        let text: String
        let svgText: [String]
    }

    static let probe = """
        <script>
        (function () {
          const vw = document.documentElement.clientWidth;
          const wide = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && (r.right > vw + 1 || r.left < -1)) wide.push(el.tagName + '.' + (el.getAttribute('class') || '') + ' ' + Math.round(r.right));
          }
          const svgText = Array.from(document.querySelectorAll('svg text')).map(t => t.textContent);
          const out = document.createElement('pre');
          out.id = 'probe';
          out.textContent = JSON.stringify({viewport: vw, wide: wide, text: document.body.innerText, svgText: svgText});
          parent.document.body.appendChild(out);
        })();
        </script>
        """

    /// A page that shows `html` in a frame `width` CSS pixels wide: headless Chromium keeps its
    /// windows at least 500 px wide, so a phone's width is a frame's. The frame's document is
    /// `srcdoc`, of the host page's origin, so its script can write the result into the host.
    static func framed(_ html: String, width: Int, height: Int, to url: URL) throws {
        let escaped = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        try """
            <!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">\
            <iframe style="width:\(width)px;height:\(height)px;border:0;display:block" srcdoc="\(escaped)"></iframe></body></html>
            """.write(to: url, atomically: true, encoding: .utf8)
    }

    static func probe(_ html: String, width: Int, in dir: URL) throws -> Probe {
        let copy = dir.appendingPathComponent("probe-\(width).html")
        try framed(html.replacingOccurrences(of: "</body>", with: probe + "</body>"), width: width, height: 900, to: copy)
        let (dom, log) = try Browser.browse(["--window-size=\(max(width, 500) + 40),900", "--dump-dom", copy.absoluteString])
        #expect(!log.contains("Uncaught"), "console errors: \(log)")
        let start = try #require(dom.range(of: "<pre id=\"probe\">"))
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let json = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
    }

    @Test(arguments: [1280, 390])
    func theFirstScreenAndTheChartsReadAtEveryWidth(width: Int) throws {
        let f = try HistoryTests.fixture.get()
        let report = f.path("history-\(width).html")
        let r = try f.run(["gate", "v1.3.0", "v1.4.0", "--output", "html=\(report)"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"), "self-contained, no scripts")
        let p = try Self.probe(html, width: width, in: f.dir)
        #expect(abs(p.viewport - Double(width)) <= 20, "the page was laid out at \(width) px, not \(p.viewport)")
        #expect(p.wide.isEmpty, "wider than the viewport at \(width) px: \(p.wide.prefix(10))")
        // The first screen: verdict, the change that matters most, its evidence, the next check.
        let first = String(p.text.prefix(1500))
        #expect(first.contains("gate warn"), "\(first)")
        #expect(first.contains("Recurrence in v1.4.0"))
        #expect(first.uppercased().contains("THE CHANGE THAT MATTERS MOST"))
        #expect(first.contains("0 in v1.3.0 → 186 in v1.4.0"))
        #expect(first.contains("restore sku guard"))
        #expect(first.contains("app/cart.py:23"))
        #expect(first.contains("Next check:"))
        // Charts: axes with units, a legend, the deploy.
        #expect(p.svgText.contains("minutes since deploy start"))
        #expect(p.svgText.contains("records / min"))
        #expect(p.svgText.contains("deploy"))
        #expect(p.svgText.contains("v1.3.0 (baseline)") && p.svgText.contains("v1.4.0 (candidate)"))
        #expect(p.svgText.contains("0") && p.svgText.contains("10"), "tick labels: \(p.svgText.prefix(12))")
        #expect(html.contains("<title>v1.4.0, minute 0: "), "a tooltip per point")
        // The statement in place, the hunk folded, the history strip of the fixed template.
        #expect(p.text.split(separator: "\n").contains { $0.hasPrefix("23 ") && $0.hasSuffix("log.exception(\"add_items failed for cart %s (batch of %d)\", request.cart.id, len(request.items))") })
        #expect(p.text.contains("Whole hunk"))
        #expect(p.text.uppercased().contains("THE TEMPLATE WHOSE FIX DID NOT HOLD"))
        let artefacts = CommandLineTests.root.appendingPathComponent("out/test-artifacts")
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        let shot = artefacts.appendingPathComponent("history-report-\(width).png").path
        try? FileManager.default.removeItem(atPath: shot)
        let page = f.dir.appendingPathComponent("shot-\(width).html")
        try Self.framed(html, width: width, height: 1400, to: page)
        _ = try Browser.browse(["--screenshot=\(shot)", "--window-size=\(max(width, 500)),1400", "--hide-scrollbars", page.absoluteString])
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        #expect(size > 10_000, "a screenshot was taken")
    }
}
