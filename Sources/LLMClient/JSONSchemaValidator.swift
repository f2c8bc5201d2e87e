/// Checks a JSON value against the subset of JSON Schema that answer schemas use: `type`,
/// `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, string and array
/// lengths, numeric bounds, `anyOf`/`oneOf`. Unknown keywords are ignored, so a richer schema is
/// checked as far as this subset goes. Issues name the JSON path (`$.evidence[0].count`).
public struct JSONSchemaValidator: Sendable {
    public let schema: JSONValue

    public init(schema: JSONValue) { self.schema = schema }

    public func issues(in value: JSONValue) -> [String] {
        var found: [String] = []
        check(value, against: schema, path: "$", into: &found)
        return found
    }

    private func check(_ value: JSONValue, against schema: JSONValue, path: String, into found: inout [String]) {
        guard case .object(let rules) = schema else { return }
        if let types = rules["type"], !matchesType(value, types) {
            found.append("\(path): expected \(describeTypes(types)), found \(typeName(value))")
            return
        }
        if let allowed = rules["enum"]?.arrayValue, !allowed.contains(where: { equal($0, value) }) {
            found.append("\(path): \(value.jsonString) is not one of \(JSONValue.array(allowed).jsonString)")
        }
        if let constant = rules["const"], !equal(constant, value) {
            found.append("\(path): expected \(constant.jsonString)")
        }
        checkAlternatives(value, rules: rules, path: path, into: &found)
        switch value {
        case .object(let members): checkObject(members, rules: rules, path: path, into: &found)
        case .array(let items): checkArray(items, rules: rules, path: path, into: &found)
        case .string(let s): checkString(s, rules: rules, path: path, into: &found)
        case .integer, .number: checkNumber(value.doubleValue!, rules: rules, path: path, into: &found)
        default: break
        }
    }

    private func checkAlternatives(_ value: JSONValue, rules: [String: JSONValue], path: String, into found: inout [String]) {
        for keyword in ["anyOf", "oneOf"] {
            guard let options = rules[keyword]?.arrayValue else { continue }
            let passing = options.filter { option in
                var scratch: [String] = []
                check(value, against: option, path: path, into: &scratch)
                return scratch.isEmpty
            }
            if passing.isEmpty { found.append("\(path): matches none of the \(keyword) alternatives") }
        }
    }

    private func checkObject(_ members: [String: JSONValue], rules: [String: JSONValue], path: String, into found: inout [String]) {
        let properties = rules["properties"]?.objectValue ?? [:]
        for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            found.append("\(path): missing required property '\(name)'")
        }
        for name in members.keys.sorted() {
            let member = members[name]!
            let childPath = "\(path).\(name)"
            if let propertySchema = properties[name] {
                check(member, against: propertySchema, path: childPath, into: &found)
            } else if let extra = rules["additionalProperties"] {
                if extra == .bool(false) { found.append("\(path): unexpected property '\(name)'") }
                else { check(member, against: extra, path: childPath, into: &found) }
            }
        }
    }

    private func checkArray(_ items: [JSONValue], rules: [String: JSONValue], path: String, into found: inout [String]) {
        if let min = rules["minItems"]?.intValue, items.count < min { found.append("\(path): fewer than \(min) items") }
        if let max = rules["maxItems"]?.intValue, items.count > max { found.append("\(path): more than \(max) items") }
        guard let itemSchema = rules["items"] else { return }
        for (i, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)[\(i)]", into: &found) }
    }

    private func checkString(_ s: String, rules: [String: JSONValue], path: String, into found: inout [String]) {
        if let min = rules["minLength"]?.intValue, s.count < min { found.append("\(path): shorter than \(min) characters") }
        if let max = rules["maxLength"]?.intValue, s.count > max { found.append("\(path): longer than \(max) characters") }
    }

    private func checkNumber(_ d: Double, rules: [String: JSONValue], path: String, into found: inout [String]) {
        if let min = rules["minimum"]?.doubleValue, d < min { found.append("\(path): below the minimum \(min)") }
        if let max = rules["maximum"]?.doubleValue, d > max { found.append("\(path): above the maximum \(max)") }
    }

    private func matchesType(_ value: JSONValue, _ types: JSONValue) -> Bool {
        let names = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue].compactMap { $0 }
        return names.isEmpty || names.contains { matches(value, typeName: $0) }
    }

    private func matches(_ value: JSONValue, typeName: String) -> Bool {
        switch (typeName, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .integer), ("number", .number), ("integer", .integer): true
        case ("integer", .number(let d)): d.rounded() == d
        default: false
        }
    }

    /// Numbers compare by value, so `1` matches an enum member written `1.0`.
    private func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    private func describeTypes(_ types: JSONValue) -> String {
        types.stringValue ?? (types.arrayValue?.compactMap(\.stringValue).joined(separator: " or ") ?? "?")
    }

    private func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
