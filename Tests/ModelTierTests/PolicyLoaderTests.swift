import Foundation
import Testing

@testable import ModelTier

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
        #expect(p.rules?.first?.minLevel == "WARN")
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
