/// Makes control characters in untrusted text visible instead of letting them act: a log line, a
/// commit message or a model's answer can hold ESC sequences (colours, cursor moves, window titles,
/// terminal queries), NUL or carriage returns that rewrite what a terminal or a CI log shows.
///
/// C0 controls except line feed and tab, DEL, and the C1 controls (U+0080–U+009F, where a lone
/// U+009B acts as an escape sequence introducer) become `\x1b`-style text. ESC itself becoming
/// visible text is what turns a whole escape sequence inert: `\x1b[31m` is nine printable characters.
public enum ControlCharacters {
    /// True if `text` has a character `escape` would change.
    public static func contains(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isNeutralised)
    }

    /// `text` with every control character but `\n` and `\t` written as `\xHH`.
    public static func escape(_ text: String) -> String {
        guard contains(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isNeutralised(scalar) {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: "\\x\(hex.count < 2 ? "0" + hex : hex)".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isNeutralised(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
