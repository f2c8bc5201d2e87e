import Foundation
import ModelTier
import Yams

/// Loads `.deploydiff.yml`: found upwards from the working directory unless a path is given.
/// Unknown keys and wrong types are errors naming the key and the line.
enum PolicyLoader {
    static let fileName = ".deploydiff.yml"

    /// The policy file to use: `path`, else the nearest `.deploydiff.yml` upwards; nil when none.
    static func locate(_ path: String?) -> String? {
        if let path { return path }
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while true {
            let candidate = dir.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    static func load(_ path: String) throws -> GatePolicy {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError.message("\(path): cannot read the policy file; check the path")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws -> GatePolicy {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw CLIError.message("\(path): not valid YAML: \(error)")
        }
        guard let node else { return GatePolicy() }
        try check(node, against: top, path: path, at: "")
        do { return try YAMLDecoder().decode(GatePolicy.self, from: node) } catch let e as DecodingError {
            throw CLIError.message(describe(e, node: node, path: path))
        }
    }

    // MARK: Known keys

    indirect enum Shape: Sendable {
        case scalar
        case list(Shape)
        case object([String: Shape])
        case map(Shape)
    }

    static let rule: Shape = .object([
        "name": .scalar, "kinds": .list(.scalar), "classifications": .list(.scalar), "minLevel": .scalar, "maxLevel": .scalar, "minRatio": .scalar,
        "maxQ": .scalar, "match": .scalar, "action": .scalar,
    ])
    static let ignore: Shape = .object(["template": .scalar, "match": .scalar, "reason": .scalar])
    static let serviceKeys: [String: Shape] = [
        "preset": .scalar, "rules": .list(rule), "ignore": .list(ignore), "trustModelVerdict": .scalar, "nonProductionPaths": .list(.scalar),
    ]
    static var top: Shape {
        var keys = serviceKeys
        keys["version"] = .scalar
        keys["services"] = .map(.object(serviceKeys))
        return .object(keys)
    }

    private static func check(_ node: Node, against shape: Shape, path: String, at key: String) throws {
        let line = node.mark?.line ?? 0
        switch (shape, node) {
        case (.scalar, .scalar): return
        case (.list(let inner), .sequence(let seq)):
            for (i, item) in seq.enumerated() { try check(item, against: inner, path: path, at: "\(key)[\(i)]") }
        case (.object(let keys), .mapping(let map)):
            for (k, v) in map {
                let name = k.string ?? "?"
                guard let s = keys[name] else {
                    throw CLIError.message(
                        "\(path):\(k.mark?.line ?? line): unknown key '\(key.isEmpty ? name : key + "." + name)'; known here: \(keys.keys.sorted().joined(separator: ", "))")
                }
                try check(v, against: s, path: path, at: key.isEmpty ? name : "\(key).\(name)")
            }
        case (.map(let inner), .mapping(let map)):
            for (k, v) in map { try check(v, against: inner, path: path, at: "\(key).\(k.string ?? "?")") }
        default:
            let want = switch shape {
            case .scalar: "a single value"
            case .list: "a list"
            case .object, .map: "a mapping of keys"
            }
            throw CLIError.message("\(path):\(line): '\(key)' must be \(want)")
        }
    }

    /// A decoding error as "file:line: key: what is wrong".
    private static func describe(_ e: DecodingError, node: Node, path: String) -> String {
        let (context, what): (DecodingError.Context, String) = switch e {
        case .typeMismatch(let t, let c): (c, "expected \(t)")
        case .valueNotFound(let t, let c): (c, "missing \(t)")
        case .keyNotFound(let k, let c): (c, "missing key '\(k.stringValue)'")
        case .dataCorrupted(let c): (c, c.debugDescription)
        @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), "invalid")
        }
        var n: Node? = node
        var keys: [String] = []
        for k in context.codingPath {
            if let i = k.intValue { n = n?.sequence.flatMap { i < $0.count ? $0[i] : nil } } else { n = n?.mapping?[k.stringValue] }
            keys.append(k.intValue.map { "[\($0)]" } ?? k.stringValue)
        }
        let key = keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        var message = "\(path):\(n?.mark?.line ?? 0): '\(key)': \(what)"
        if key.hasSuffix("preset") { message += "; use strict, default or lenient" }
        if key.hasSuffix("action") { message += "; use fail or warn" }
        if key.contains("kinds") { message += "; kinds are new, vanished, rate-increase, rate-decrease, level-change, value-shift, exception-change" }
        return message
    }

    /// The commented default written by `deploydiff policy init`.
    static let template = """
        # deploydiff gate policy. `deploydiff policy check` validates this file.
        version: 1

        # strict | default | lenient: the built-in rules (see docs/policy.md).
        #   default fails on an unexplained new ERROR template, an ERROR rate up 2x or more
        #   (q < 0.01) and a changed exception; warns on intended new errors, unexplained new
        #   warnings and templates that vanished without their statement being removed.
        preset: default

        # Extra rules, checked after the preset's.
        rules:
          - name: payment-errors
            kinds: [new, rate-increase]
            minLevel: WARN
            match: "payment*"
            action: fail

        # Changes never counted: template ids or globs on the template text.
        ignore:
          - match: "cache miss*"
            reason: cache warms up after every deploy

        # Per-service overrides.
        services:
          checkout:
            preset: strict

        # A model's finding explains the decision; it may only pass a failing gate when this is true.
        trustModelVerdict: false

        """
}
