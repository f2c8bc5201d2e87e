import Foundation
import LogMining
import PatternDiff
import Yams

/// Loads `.deploydiff.yml`. Unknown keys and wrong types are errors naming the key and the line.
public enum PolicyLoader {
    public static let fileName = ".deploydiff.yml"

    /// The policy file to use: `path`, else the nearest `.deploydiff.yml` in `directory` or above it;
    /// nil when none.
    public static func locate(_ path: String?, from directory: String) -> String? {
        if let path { return path }
        var dir = URL(fileURLWithPath: directory)
        while true {
            let candidate = dir.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    public static func load(_ path: String) throws -> GatePolicy {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw PolicyError.unreadable(path: path) }
        return try parse(text, path: path)
    }

    /// Parses the text of the policy file `path` (named in errors).
    public static func parse(_ text: String, path: String) throws -> GatePolicy {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw PolicyError.invalidYAML(path: path, reason: "\(error)")
        }
        guard let node else { return GatePolicy() }
        try check(node, against: top, path: path, at: "")
        let policy: GatePolicy
        do { policy = try YAMLDecoder().decode(GatePolicy.self, from: node) } catch let e as DecodingError {
            throw describe(e, node: node, path: path)
        }
        try validate(policy, node, path: path)
        return policy
    }

    // MARK: Known keys

    indirect enum Shape: Sendable {
        case scalar
        case list(Shape)
        case object([String: Shape])
        case map(Shape)
    }

    /// The keys come from the types' `CodingKeys`: a key added there must be given a shape here.
    static let rule: Shape = .object(
        Dictionary(uniqueKeysWithValues: GatePolicy.Rule.CodingKeys.allCases.map { k in
            let shape: Shape = switch k {
            case .kinds, .classifications: .list(.scalar)
            case .name, .minLevel, .maxLevel, .minRatio, .maxQ, .match, .action: .scalar
            }
            return (k.rawValue, shape)
        }))
    static let ignore: Shape = .object(
        Dictionary(uniqueKeysWithValues: GatePolicy.Ignore.CodingKeys.allCases.map { k in
            let shape: Shape = switch k {
            case .template, .match, .reason: .scalar
            }
            return (k.rawValue, shape)
        }))
    /// A key of the top level, or nil for one a per-service override may not set.
    static func shape(of key: GatePolicy.CodingKeys, service: Bool) -> Shape? {
        switch key {
        case .preset, .trustModelVerdict: .scalar
        case .nonProductionPaths: .list(.scalar)
        case .rules: .list(rule)
        case .ignore: .list(ignore)
        case .version: service ? nil : .scalar
        case .services: service ? nil : .map(serviceShape)
        }
    }
    static let serviceShape: Shape = .object(keys(service: true))
    static let top: Shape = .object(keys(service: false))
    private static func keys(service: Bool) -> [String: Shape] {
        var keys: [String: Shape] = [:]
        for k in GatePolicy.CodingKeys.allCases { keys[k.rawValue] = shape(of: k, service: service) }
        return keys
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
                    throw PolicyError.unknownKey(
                        path: path, line: k.mark?.line ?? line, key: key.isEmpty ? name : key + "." + name, known: keys.keys.sorted())
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
            throw PolicyError.wrongShape(path: path, line: line, key: key, expected: want)
        }
    }

    /// A decoding error as "file:line: key: what is wrong".
    private static func describe(_ e: DecodingError, node: Node, path: String) -> PolicyError {
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
        var problem = what
        if key.hasSuffix("preset") { problem += "; use strict, default or lenient" }
        if key.hasSuffix("action") { problem += "; use fail or warn" }
        if key.contains("kinds") { problem += "; kinds are " + ChangeKind.allCases.filter { $0 != .rareAbsent }.map(\.rawValue).joined(separator: ", ") }
        return .invalidValue(path: path, line: n?.mark?.line ?? 0, key: key, problem: problem)
    }

    // MARK: Values

    private enum Step {
        case key(String)
        case index(Int)
    }

    /// What types alone do not catch: the version, level names, numbers out of range, rules and
    /// ignores that could never apply. Each would otherwise pass a gate by accident.
    private static func validate(_ p: GatePolicy, _ root: Node, path: String) throws {
        func refuse(_ at: [Step], _ problem: String) -> PolicyError {
            var n: Node? = root
            var key = ""
            for s in at {
                switch s {
                case .key(let k):
                    n = n?.mapping?[k]
                    key += key.isEmpty ? k : ".\(k)"
                case .index(let i):
                    n = n?.sequence.flatMap { i < $0.count ? $0[i] : nil }
                    key += "[\(i)]"
                }
            }
            return .invalidValue(path: path, line: n?.mark?.line ?? 0, key: key, problem: problem)
        }
        if let v = p.version, v != GatePolicy.supportedVersion {
            throw refuse([.key("version")], "version \(v) is not one this deploydiff reads; write version: \(GatePolicy.supportedVersion)")
        }
        func overrides(_ o: GatePolicy, _ at: [Step]) throws {
            for (i, r) in (o.rules ?? []).enumerated() {
                let here = at + [.key("rules"), .index(i)]
                // A word that names no level was refused while decoding (LogLevel's decoder);
                // UNKNOWN is a level records can have, not one a rule can be written for.
                for (name, level) in [("minLevel", r.minLevel), ("maxLevel", r.maxLevel)] where level == .unknown {
                    throw refuse(here + [.key(name)], "'UNKNOWN' is not a level; use TRACE, DEBUG, INFO, NOTICE, WARN, ERROR or FATAL")
                }
                if let lo = r.minLevel, let hi = r.maxLevel, lo > hi {
                    throw refuse(here + [.key("minLevel")], "minLevel \(lo) is above maxLevel \(hi), so the rule matches nothing; swap them")
                }
                if let q = r.maxQ, !(0...1).contains(q) {
                    throw refuse(here + [.key("maxQ")], "\(q) is not a q-value; write a number between 0 and 1, e.g. 0.01")
                }
                if let m = r.minRatio, !m.isFinite || m < 0 {
                    throw refuse(here + [.key("minRatio")], "\(m) is not a ratio; write a number 0 or more, e.g. 2")
                }
                if r.kinds?.contains(.rareAbsent) == true {
                    throw refuse(
                        here + [.key("kinds")], "rare-absent changes are never gated (too rare in the baseline to mean anything); remove rare-absent")
                }
            }
            for (i, g) in (o.ignore ?? []).enumerated() {
                let here = at + [.key("ignore"), .index(i)]
                if let t = g.template, t < 0 {
                    throw refuse(here + [.key("template")], "\(t) is not a template id; write the number 'deploydiff templates' shows after T, e.g. 12")
                }
                if g.template == nil, g.match == nil {
                    throw refuse(here, "it names no template; give template: ID or match: GLOB")
                }
            }
        }
        try overrides(p, [])
        for (name, o) in (p.services ?? [:]).sorted(by: { $0.key < $1.key }) { try overrides(o, [.key("services"), .key(name)]) }
    }

    /// The commented default written by `deploydiff policy init`.
    public static let template = """
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
