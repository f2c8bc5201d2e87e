import Foundation

/// The one JSON writer of every command's output: sorted keys, slashes as they are, and one
/// escaping rule for strings (`string(_:)`, byte for byte what the encoder writes).
///
/// - `document`: a whole report, indented (`deploys`, `templates`, `diff`, `explain`, `gate`).
/// - `line`: one value on one line (`changes`; `parse --format jsonl` builds its lines with `string`).
public enum JSONOutput {
    public static func document<T: Encodable>(_ value: T) throws -> String {
        try encode(value, [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    public static func line<T: Encodable>(_ value: T) throws -> String {
        try encode(value, [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func encode<T: Encodable>(_ value: T, _ formatting: JSONEncoder.OutputFormatting) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = formatting
        return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
    }

    /// A JSON string literal, quotes included, escaped as `document` and `line` escape strings.
    public static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
