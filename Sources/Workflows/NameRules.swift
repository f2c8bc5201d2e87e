/// Deployment and service names are keys in the store, matched exactly, and printed on one line
/// in every report: an empty name, a line break or a control character would make two
/// deployments that look the same, or a report line that lies.
public enum NameRules {
    /// What is wrong with `value` as a name of a `what` ("deployment", "service"), nil when nothing:
    /// the name quoted, escaped so that the message stays one line.
    public static func problem(_ value: String, what: String) -> String? {
        if value.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            return "\(shown(value)) is empty; give the \(what)'s name"
        }
        if let bad = value.unicodeScalars.first(where: isForbidden) {
            return "\(shown(value)) contains \(describe(bad)); a \(what) name must be one line of printable characters"
        }
        if value.unicodeScalars.first!.properties.isWhitespace || value.unicodeScalars.last!.properties.isWhitespace {
            return "\(shown(value)) starts or ends with a space; write the \(what) name without it"
        }
        return nil
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional
    /// overrides that make text print in another order than it is stored.
    static func isForbidden(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
        }
    }

    /// The name quoted for the message, forbidden characters escaped (`"v1\n"`), so that the
    /// message itself stays one line.
    private static func shown(_ value: String) -> String {
        var out = "\""
        for u in value.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if isForbidden(u) { out += "\\u{\(String(u.value, radix: 16, uppercase: true))}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    private static func describe(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        switch u {
        case "\n", "\r", "\u{2028}", "\u{2029}", "\u{85}": return "a line break (\(code))"
        default: return "a control character (\(code))"
        }
    }
}
