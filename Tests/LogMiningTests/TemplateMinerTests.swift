import Foundation
import Testing

@testable import LogMining

@Suite struct TemplateMinerTests {
    @Test func sameStatementGetsOneTemplateWithVariablesMasked() throws {
        let miner = try TemplateMiner()
        let a = miner.add("user 4412 logged in from 10.0.3.17:5521 after 153ms")
        let b = miner.add("user 98 logged in from 192.168.1.1:80 after 2s")
        #expect(a.kind == .created)
        #expect(b.id == a.id)
        #expect(b.kind == .matched)
        #expect(miner.template(a.id)?.text == "user <*> logged in from <*> after <*>")
    }

    /// `index` tokenizes on its reader thread and mines from a `TokenBatch`: the result must be
    /// exactly what mining the text gives, id for id and template for template.
    @Test func miningPreTokenizedMessagesEqualsMiningTheirText() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lines = try String(contentsOf: root.appendingPathComponent("fixtures/logs/kv-short.log"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let direct = try TemplateMiner()
        let batched = try TemplateMiner()
        let tokenizer = try MessageTokenizer(config: batched.config)
        let batch = TokenBatch()
        for start in stride(from: 0, to: lines.count, by: 100) {
            let chunk = Array(lines[start..<min(start + 100, lines.count)])
            batch.removeAll()
            for line in chunk {
                var l = line
                l.withUTF8 { tokenizer.append($0, to: batch) }
            }
            #expect(batch.count == chunk.count)
            for (k, line) in chunk.enumerated() {
                var l = line
                let b = l.withUTF8 { batched.add($0, tokens: batch, at: k) }
                #expect(b == direct.add(line), "line \(start + k + 1)")
            }
        }
        #expect(batched.templates == direct.templates)
        #expect(batched.templates.count > 5)
        #expect(batched.state() == direct.state())
    }

    @Test func maskingRulesCoverCommonVariableShapes() throws {
        let miner = try TemplateMiner()
        let cases = [
            ("open 2f1c3a9e-8b7d-4c6e-9f10-1a2b3c4d5e6f done", "open <*> done"),
            ("fetch https://example.com/a/b?x=1 done", "fetch <*> done"),
            ("mail alice@example.org done", "mail <*> done"),
            ("peer [2001:db8::1]:443 done", "peer <*> done"),
            ("peer fe80::1ff:fe23:4567:890a done", "peer <*> done"),
            ("read /var/log/app/current done", "read <*> done"),
            ("addr 0xdeadbeef done", "addr <*> done"),
            ("at 2026-03-02T10:15:03.123Z done", "at <*> done"),
            ("kv uid=10037, flags=0x1 done", "kv uid=<*>, flags=<*> done"),
            ("mask ffffffff done", "mask <*> done"),
            ("GET /a [26/Nov/2026:16:18:07 +0000] 200", "GET /a [<*> <*>] <*>"),
            ("at 16:18:07.123 done", "at <*> done"),
            ("on 2026-11-26 done", "on <*> done"),
        ]
        for (line, expected) in cases {
            let id = miner.add(line).id
            #expect(miner.template(id)?.text == expected, "\(line)")
        }
    }

    @Test func keyValueSidesAreJudgedSeparately() throws {
        let miner = try TemplateMiner()
        let a = miner.add("ready=true,policy=3,mode=false,manual=38")
        let b = miner.add("ready=false,policy=1,mode=false,manual=12")
        #expect(a.id == b.id)
    }

    @Test func aTemplateKeepsItsFirstIdWhenItGeneralises() throws {
        let miner = try TemplateMiner()
        let first = miner.add("connection closed by alpha port 22 reason timeout").id
        var ids: [TemplateID] = []
        for name in ["bravo", "charlie", "delta", "echo", "foxtrot"] {
            ids.append(miner.add("connection closed by \(name) port 22 reason timeout").id)
        }
        // Until four distinct values were seen the word stays a constant; then all join the first id.
        #expect(ids[0] != first)
        #expect(ids.map(miner.resolve).allSatisfy { $0 == first })
        #expect(miner.resolve(ids[0]) == first)
        #expect(miner.template(first)?.text == "connection closed by <*> port <*> reason timeout")
        #expect(miner.template(ids[0])?.id == first)
        #expect(miner.templates.count == 1)
    }

    @Test func wordsWithFewValuesStayConstants() throws {
        let miner = try TemplateMiner()
        let begin = miner.add("layout pass begin for window main").id
        let end = miner.add("layout pass end for window main").id
        for _ in 0..<20 {
            miner.add("layout pass begin for window main")
            miner.add("layout pass end for window main")
        }
        #expect(begin != end)
        #expect(miner.template(begin)?.text == "layout pass begin for window main")
        #expect(miner.template(end)?.count == 21)
    }

    @Test func matchNeverMutates() throws {
        let miner = try TemplateMiner()
        let id = miner.add("cache miss for key user:1").id
        let before = miner.state()
        #expect(miner.match("cache miss for key user:2") == id)
        #expect(miner.match("completely different text here") == nil)
        #expect(miner.state() == before)
    }

    @Test func parametersAreExtractedPerVariablePosition() throws {
        let miner = try TemplateMiner()
        let id = miner.add("order 17 placed by user 5 total=42.10 EUR").id
        #expect(miner.parameters(of: "order 99 placed by user 7 total=1.00 EUR", for: id) == ["99", "7", "1.00"])
    }

    @Test func restoredStateAssignsTheSameIds() throws {
        let lines = try FixtureCorpus.lines("python-app.log")
        let half = lines.count / 2
        let original = try TemplateMiner()
        for l in lines[..<half] { original.add(l) }
        let data = try original.state().encoded()
        let restored = try TemplateMiner(state: MinerState.decode(data))
        for l in lines[half...] {
            let a = original.add(l)
            let b = restored.add(l)
            #expect(a == b, "\(l)")
        }
        #expect(original.state() == restored.state())
        #expect(original.templates.count > 5)
    }

    @Test func corruptStateIsRefusedWithAReason() throws {
        #expect(throws: LogMiningError.self) { try MinerState.decode(Data("{\"version\":1}".utf8)) }
        var state = try TemplateMiner().state()
        state.version = 99
        let data = try state.encoded()
        #expect(throws: LogMiningError.stateVersion(found: 99, supported: MinerState.currentVersion)) {
            try MinerState.decode(data)
        }
    }

    @Test func aLineOfFiveThousandTokensIsCutAndCounted() throws {
        let miner = try TemplateMiner()
        let line = (0..<5000).map { "w\($0 % 7)x" }.joined(separator: " ")
        let id = miner.add(line).id
        #expect(miner.limitCounts[.tooManyTokens] == 1)
        #expect(miner.template(id)!.tokenCount == miner.config.limits.maxTokens)
        #expect(miner.template(id)!.text.hasSuffix("<*>"))
    }

    @Test func aLineWithNoSpacesDoesNotBlowUp() throws {
        let miner = try TemplateMiner()
        for i in 0..<3000 { miner.add("HEADER\(i)glued_message_with_no_spaces_\(i * 7919 % 1000)") }
        #expect(miner.templates.count < 3000)
    }

    @Test func invalidMaskPatternIsAnError() {
        #expect(throws: LogMiningError.self) {
            try TemplateMiner(config: MinerConfig(maskingRules: [.pattern(name: "bad", regex: "([")]))
        }
    }

    @Test func userPatternMasksWords() throws {
        let rules = [MaskingRule.pattern(name: "ticket", regex: "[A-Z]+-[A-Z]+")] + MaskingRule.defaults
        let miner = try TemplateMiner(config: MinerConfig(maskingRules: rules))
        let id = miner.add("closing ABC-DEF now").id
        #expect(miner.template(id)?.text == "closing <*> now")
    }
}

/// Paths of the project's own fixtures.
enum FixtureCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func url(_ name: String) -> URL { root.appendingPathComponent("fixtures/logs/\(name)") }
    static func lines(_ name: String) throws -> [String] {
        try String(contentsOf: url(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
