import Foundation
import Testing

@testable import DeployGate

/// `.deploydiff.yml`: what is accepted, and what is refused with the file, the line and the fix.
@Suite struct PolicyLoaderTests {
    /// The error `text` is refused with, as the user reads it; "" when it was accepted.
    func refusal(_ text: String) -> String {
        do {
            _ = try PolicyLoader.parse(text, path: "p.yml")
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func theInitTemplateIsValid() throws {
        let p = try PolicyLoader.parse(PolicyLoader.template, path: "p.yml")
        #expect(p.version == 1)
        #expect(p.preset == .default)
        #expect(p.rules?.first?.minLevel == .warning)
        #expect(p.services?["checkout"]?.preset == .strict)
    }

    @Test func anEmptyFileIsTheDefaultPolicy() throws {
        #expect(try PolicyLoader.parse("", path: "p.yml") == GatePolicy())
        #expect(try PolicyLoader.parse("# nothing\n", path: "p.yml") == GatePolicy())
    }

    @Test func unknownKeysListTheKnownOnesFromTheTypes() {
        let top = refusal("version: 1\ncolour: red\n")
        #expect(top.hasPrefix("p.yml:2: unknown key 'colour'; known here: "))
        let known = GatePolicy.CodingKeys.allCases.map(\.rawValue).sorted().joined(separator: ", ")
        #expect(top.hasSuffix("known here: \(known)"))
        let rule = refusal("rules:\n  - name: x\n    action: fail\n    colour: red\n")
        #expect(rule == "p.yml:4: unknown key 'rules[0].colour'; known here: " + GatePolicy.Rule.CodingKeys.allCases.map(\.rawValue).sorted().joined(separator: ", "))
        // A service override may not set the version or nest services.
        #expect(refusal("services:\n  shop:\n    version: 1\n").hasPrefix("p.yml:3: unknown key 'services.shop.version'"))
        #expect(refusal("rules: fail\n") == "p.yml:1: 'rules' must be a list")
    }

    @Test func anUnknownVersionIsRefused() throws {
        #expect(try PolicyLoader.parse("version: 1\n", path: "p.yml").version == 1)
        let e = refusal("preset: strict\nversion: 2\n")
        #expect(e.hasPrefix("p.yml:2: 'version': "), "\(e)")
        #expect(e.contains("2"))
        #expect(e.contains("version: 1"), "the fix: \(e)")
        #expect(refusal("version: 0\n").hasPrefix("p.yml:1: 'version': "))
    }

    @Test func anUnknownLevelIsRefused() {
        let e = refusal("rules:\n  - name: loud\n    minLevel: LOUD\n    action: fail\n")
        #expect(e.hasPrefix("p.yml:3: 'rules[0].minLevel': "), "\(e)")
        #expect(e.contains("LOUD"))
        #expect(e.contains("WARN") && e.contains("ERROR"), "the fix: \(e)")
        let nested = refusal("services:\n  shop:\n    rules:\n      - name: x\n        maxLevel: 7\n        action: warn\n")
        #expect(nested.hasPrefix("p.yml:5: 'services.shop.rules[0].maxLevel': "), "\(nested)")
        // UNKNOWN is what records without a level get; no rule can be written for it.
        #expect(refusal("rules:\n  - name: x\n    minLevel: unknown\n    action: warn\n").contains("'UNKNOWN' is not a level"))
        // Spellings logs use are levels too.
        #expect(refusal("rules:\n  - name: x\n    minLevel: warning\n    maxLevel: err\n    action: warn\n") == "")
    }

    @Test func levelsTheWrongWayRoundAreRefused() {
        let e = refusal("rules:\n  - name: x\n    minLevel: ERROR\n    maxLevel: WARN\n    action: fail\n")
        #expect(e.hasPrefix("p.yml:3: 'rules[0].minLevel': "), "\(e)")
        #expect(e.contains("maxLevel"))
    }

    @Test(arguments: [
        ("maxQ: -1", "maxQ"), ("maxQ: 1.5", "maxQ"), ("maxQ: .nan", "maxQ"), ("minRatio: -2", "minRatio"),
        ("minRatio: .inf", "minRatio"), ("minRatio: .nan", "minRatio"),
    ])
    func numbersOutOfRangeAreRefused(line: String, key: String) {
        let e = refusal("rules:\n  - name: x\n    action: fail\n    \(line)\n")
        #expect(e.hasPrefix("p.yml:4: 'rules[0].\(key)': "), "\(e)")
        #expect(e.contains(key == "maxQ" ? "between 0 and 1" : "0 or more"), "the fix: \(e)")
    }

    @Test func numbersInRangeAreKept() throws {
        let p = try PolicyLoader.parse("rules:\n  - name: x\n    action: fail\n    maxQ: 0.05\n    minRatio: 0.5\n", path: "p.yml")
        #expect(p.rules?.first?.maxQ == 0.05)
        #expect(p.rules?.first?.minRatio == 0.5)
        #expect(refusal("rules:\n  - name: x\n    action: fail\n    maxQ: 1\n    minRatio: 0\n") == "")
    }

    @Test func ignoreEntriesMustNameSomething() {
        let negative = refusal("ignore:\n  - template: -1\n")
        #expect(negative.hasPrefix("p.yml:2: 'ignore[0].template': "), "\(negative)")
        let nothing = refusal("ignore:\n  - reason: flaky\n")
        #expect(nothing.hasPrefix("p.yml:2: 'ignore[0]': "), "\(nothing)")
        #expect(nothing.contains("template") && nothing.contains("match"))
        #expect(refusal("ignore:\n  - template: 12\n  - match: \"cache*\"\n") == "")
    }

    @Test func aRuleForRareAbsentTemplatesWouldNeverFire() {
        let e = refusal("rules:\n  - name: x\n    kinds: [new, rare-absent]\n    action: fail\n")
        #expect(e.hasPrefix("p.yml:3: 'rules[0].kinds': "), "\(e)")
        #expect(e.contains("rare-absent"))
    }

    @Test func wrongTypesStillNameTheKeyAndLine() {
        #expect(refusal("trustModelVerdict: maybe\n").hasPrefix("p.yml:1: 'trustModelVerdict': "))
        #expect(refusal("preset: loose\n").hasSuffix("; use strict, default or lenient"))
        #expect(refusal("rules:\n  - name: x\n    action: block\n").hasPrefix("p.yml:3: 'rules[0].action': "))
        #expect(refusal("rules: [\n").hasPrefix("p.yml: not valid YAML: "))
    }

    @Test func locateWalksUpFromTheDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)")
        let deep = root.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "version: 1\n".write(to: root.appendingPathComponent(PolicyLoader.fileName), atomically: true, encoding: .utf8)
        #expect(PolicyLoader.locate(nil, from: deep.path) == root.appendingPathComponent(PolicyLoader.fileName).path)
        #expect(PolicyLoader.locate("given.yml", from: deep.path) == "given.yml")
        #expect(throws: PolicyError.unreadable(path: deep.appendingPathComponent("none.yml").path)) {
            try PolicyLoader.load(deep.appendingPathComponent("none.yml").path)
        }
    }
}
