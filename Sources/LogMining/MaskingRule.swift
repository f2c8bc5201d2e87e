import Foundation

/// One rule that turns a span of a message into a variable (`<*>`).
///
/// Rules apply in the order of `MinerConfig.maskingRules`. All rules except `.number` look at a
/// whole whitespace-separated word (with surrounding brackets, quotes and trailing punctuation
/// trimmed) and, when they match, make it one variable. `.number` then looks at the pieces left
/// after splitting the word on delimiters (`= , : ; ( ) [ ] { } " ' < > | @ /`) and makes each
/// piece that contains a digit a variable: that covers integers, decimals, durations (`153ms`),
/// sizes (`12.5MB`), ids with digits and timestamps split on `:`.
public enum MaskingRule: Codable, Sendable, Hashable {
    case uuid
    case url
    case email
    /// IPv4 with optional port, IPv6 (also bracketed with a port), MAC addresses.
    case ipAddress
    /// Absolute Unix paths with two or more components, `~/` and `./` paths, Windows drive paths.
    case path
    /// `0x`-prefixed hexadecimal numbers.
    case hexNumber
    /// Date-times written as one word: ISO 8601 (`2026-03-02T10:15:03.123Z`, a date alone
    /// `2026-03-02`), Apache/nginx (`26/Nov/2026:16:18:07`) and clock times (`16:18:07`,
    /// `16:18:07.123`), so a time embedded in a message is one variable, not one per field.
    case timestamp
    /// Any delimiter-separated piece that contains a digit, is eight or more hex letters, or is
    /// `true`/`false`.
    case number
    /// A user rule: a regular expression that must match the whole trimmed word.
    case pattern(name: String, regex: String)

    public static let defaults: [MaskingRule] = [
        .uuid, .url, .email, .timestamp, .ipAddress, .path, .hexNumber, .number,
    ]
}

/// The compiled form of the rule list, built once per miner.
struct CompiledMasks {
    let wordRules: [MaskingRule]
    let regexes: [NSRegularExpression?]
    let maskNumbers: Bool
    let hasPatterns: Bool

    init(_ rules: [MaskingRule]) throws {
        wordRules = rules.filter { $0 != .number }
        maskNumbers = rules.contains(.number)
        hasPatterns = rules.contains { if case .pattern = $0 { true } else { false } }
        regexes = try wordRules.map { rule in
            guard case .pattern(let name, let regex) = rule else { return nil }
            do { return try NSRegularExpression(pattern: "^(?:" + regex + ")$") } catch {
                throw LogMiningError.invalidMaskPattern(name: name, pattern: regex, reason: "\(error)")
            }
        }
    }

    /// Whether a word with these `ByteClass.Feature` bits can match a word rule at all: the
    /// built-in rules all need a digit, `:`, `@`, `/` or `\\`, so plain words skip the rules.
    @inline(__always)
    func mayMatch(_ features: UInt8) -> Bool {
        typealias F = ByteClass.Feature
        return hasPatterns || (!wordRules.isEmpty && features & (F.digit | F.colon | F.at | F.slash | F.backslash) != 0)
    }

    /// Whether any word-level rule makes `w` a variable.
    @inline(__always)
    func wordIsVariable(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        if w.count < 3 { return false }
        var f: UInt8 = 0
        let features = ByteClass.features
        for b in w { f |= features[Int(b)] }
        for (i, rule) in wordRules.enumerated() where Self.matches(rule, regexes[i], w, f) { return true }
        return false
    }

    /// `f` holds the word's `ByteClass.Feature` bits: each rule first checks the bytes it needs.
    @inline(__always)
    static func matches(_ rule: MaskingRule, _ regex: NSRegularExpression?, _ w: UnsafeBufferPointer<UInt8>, _ f: UInt8) -> Bool {
        typealias F = ByteClass.Feature
        switch rule {
        case .uuid: return w.count == 36 && f & F.dash != 0 && WordShape.isUUID(w)
        case .url: return f & F.colon != 0 && f & F.slash != 0 && WordShape.isURL(w)
        case .email: return f & F.at != 0 && f & F.dot != 0 && WordShape.isEmail(w)
        case .ipAddress:
            return (f & F.digit != 0 && f & F.dot != 0 && WordShape.isIPv4(w))
                || (f & F.colon != 0 && (WordShape.isIPv6(w) || WordShape.isMAC(w)))
                || (w.count == 17 && f & F.dash != 0 && WordShape.isMAC(w))
        case .path: return f & (F.slash | F.backslash) != 0 && WordShape.isPath(w)
        case .hexNumber: return f & F.digit != 0 && WordShape.isHexNumber(w)
        case .timestamp:
            return f & F.digit != 0
                && (f & F.dash != 0 && WordShape.isTimestamp(w) || f & F.colon != 0 && WordShape.isClockTimestamp(w))
        case .number: return false
        case .pattern:
            guard let regex else { return false }
            let s = String(decoding: w, as: UTF8.self)
            return regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        }
    }
}

/// Hand-written recognisers for the built-in rules: they run on every word of every record, so
/// they work on bytes and give up at the first byte that cannot fit.
enum WordShape {
    @inline(__always) static func cls(_ b: UInt8) -> UInt8 { ByteClass.pointer[Int(b)] }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { cls(b) & ByteClass.hex != 0 }

    static func isUUID(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count == 36 else { return false }
        for i in 0..<36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if w[i] != UInt8(ascii: "-") { return false }
            } else if !isHex(w[i]) { return false }
        }
        return true
    }

    static func isURL(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count > 4 else { return false }
        var i = 0
        while i < w.count, cls(w[i]) & ByteClass.alpha != 0 || w[i] == UInt8(ascii: "+") { i += 1 }
        return i >= 2 && i + 2 < w.count && w[i] == UInt8(ascii: ":") && w[i + 1] == UInt8(ascii: "/")
            && w[i + 2] == UInt8(ascii: "/")
    }

    static func isEmail(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let at = w.firstIndex(of: UInt8(ascii: "@")), at > 0, at < w.count - 3 else { return false }
        var dot = false
        for i in (at + 1)..<w.count {
            let b = w[i]
            if b == UInt8(ascii: ".") { dot = true; continue }
            if cls(b) & (ByteClass.alpha | ByteClass.digit) == 0 && b != UInt8(ascii: "-") { return false }
        }
        for i in 0..<at where cls(w[i]) & (ByteClass.alpha | ByteClass.digit) == 0 {
            if !".-_+".utf8.contains(w[i]) { return false }
        }
        return dot && w[w.count - 1] != UInt8(ascii: ".")
    }

    static func isIPv4(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        var parts = 0
        if i < w.count, w[i] == UInt8(ascii: "/") { i += 1 }
        while parts < 4 {
            let start = i
            while i < w.count, isDigit(w[i]), i - start < 3 { i += 1 }
            if i == start { return false }
            parts += 1
            if parts < 4 {
                guard i < w.count, w[i] == UInt8(ascii: ".") else { return false }
                i += 1
            }
        }
        if i == w.count { return true }
        guard w[i] == UInt8(ascii: ":"), i + 1 < w.count else { return false }
        i += 1
        while i < w.count, isDigit(w[i]) { i += 1 }
        return i == w.count
    }

    /// Full (seven colons) or compressed (`::`) IPv6, optionally `[bracketed]:port`. Times
    /// such as `10:15:03` have neither, so they stay numbers.
    static func isIPv6(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var end = w.count
        if w[0] == UInt8(ascii: "[") {
            guard let close = w.firstIndex(of: UInt8(ascii: "]")) else { return false }
            start = 1
            end = close
            if close + 1 < w.count && !isPort(w, from: close + 1) { return false }
        }
        var colons = 0
        var doubleColon = false
        var hexDigits = 0
        var previousColon = false
        for i in start..<end {
            let b = w[i]
            if b == UInt8(ascii: ":") {
                colons += 1
                if previousColon { doubleColon = true }
                previousColon = true
                continue
            }
            previousColon = false
            if isHex(b) { hexDigits += 1 } else if b != UInt8(ascii: ".") { return false }
        }
        return hexDigits > 0 && (colons == 7 || (doubleColon && colons >= 2))
    }

    /// Six hex pairs joined by `:` or `-`.
    static func isMAC(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count == 17 else { return false }
        let sep = w[2]
        guard sep == UInt8(ascii: ":") || sep == UInt8(ascii: "-") else { return false }
        for i in 0..<17 {
            if i % 3 == 2 { if w[i] != sep { return false } } else if !isHex(w[i]) { return false }
        }
        return true
    }

    static func isPort(_ w: UnsafeBufferPointer<UInt8>, from i: Int) -> Bool {
        guard i + 1 < w.count, w[i] == UInt8(ascii: ":") else { return false }
        for j in (i + 1)..<w.count where !isDigit(w[j]) { return false }
        return true
    }

    static func isPath(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        let slash = UInt8(ascii: "/")
        if w.count >= 3, cls(w[0]) & ByteClass.alpha != 0, w[1] == UInt8(ascii: ":"), w[2] == UInt8(ascii: "\\") { return true }
        if w[0] == UInt8(ascii: "~") || w[0] == UInt8(ascii: "."), w.count > 2 {
            let j = w[1] == UInt8(ascii: ".") ? 2 : 1
            return j < w.count && w[j] == slash && j + 1 < w.count
        }
        guard w[0] == slash, w.count > 2, w[1] != slash else { return false }
        var slashes = 0
        for b in w where b == slash { slashes += 1 }
        return slashes >= 2
    }

    static func isHexNumber(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count > 2, w[0] == UInt8(ascii: "0"), w[1] | 0x20 == UInt8(ascii: "x") else { return false }
        for i in 2..<w.count where !isHex(w[i]) { return false }
        return true
    }

    /// `dd/Mon/yyyy:HH:MM:SS` (Apache, nginx) or `HH:MM:SS` with an optional fraction.
    static func isClockTimestamp(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if w.count >= 20, isDigit(w[0]), isDigit(w[1]), w[2] == UInt8(ascii: "/"), w[6] == UInt8(ascii: "/"),
            cls(w[3]) & ByteClass.alpha != 0, cls(w[4]) & ByteClass.alpha != 0, cls(w[5]) & ByteClass.alpha != 0,
            isDigit(w[7]), isDigit(w[8]), isDigit(w[9]), isDigit(w[10]), w[11] == UInt8(ascii: ":")
        {
            i = 12
        }
        guard w.count >= i + 8 else { return false }
        for k in [0, 1, 3, 4, 6, 7] where !isDigit(w[i + k]) { return false }
        guard w[i + 2] == UInt8(ascii: ":"), w[i + 5] == UInt8(ascii: ":") else { return false }
        var j = i + 8
        if j < w.count, w[j] == UInt8(ascii: ".") || w[j] == UInt8(ascii: ",") {
            j += 1
            while j < w.count, isDigit(w[j]) { j += 1 }
        }
        return j == w.count
    }

    static func isTimestamp(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        // yyyy-mm-dd, alone or followed by T or _ and a time.
        guard w.count >= 10 else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(w[i]) { return false }
        guard w[4] == UInt8(ascii: "-"), w[7] == UInt8(ascii: "-") else { return false }
        if w.count == 10 { return true }
        guard w.count >= 16 else { return false }
        let t = w[10]
        guard t == UInt8(ascii: "T") || t == UInt8(ascii: "_") || t == UInt8(ascii: "-") else { return false }
        return isDigit(w[11]) && isDigit(w[12])
    }
}

/// Shapes of words that are values rather than event words, for `ValueEvidence`.
enum ValueShape {
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 97 < 26 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 65 < 26 }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    /// Two or more dots between labels of lowercase letters, digits and `-`, ending in letters.
    static func isHost(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count >= 5 else { return false }
        var dots = 0
        var label = 0
        var lastLetters = true
        for b in w {
            if b == UInt8(ascii: ".") {
                if label == 0 { return false }
                dots += 1
                label = 0
                lastLetters = true
            } else if isLower(b) {
                label += 1
            } else if isDigit(b) || b == UInt8(ascii: "-") {
                label += 1
                lastLetters = false
            } else {
                return false
            }
        }
        return dots >= 2 && label >= 2 && lastLetters
    }

    /// A dotted name of any case: two or more dots between labels of letters, digits, `-` and `_`,
    /// starting with a letter (`com.apple.Safari.Update`, `org.example.Worker`, `Db1.Prod.Eu`).
    /// Reverse-DNS service names, class names and host names are values of the statement that
    /// names them, whatever their case.
    static func isDottedName(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count >= 5, isLower(w[0]) || isUpper(w[0]) else { return false }
        var dots = 0
        var label = 0
        for b in w {
            if b == UInt8(ascii: ".") {
                if label == 0 { return false }
                dots += 1
                label = 0
            } else if isLower(b) || isUpper(b) || isDigit(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") {
                label += 1
            } else {
                return false
            }
        }
        return dots >= 2 && label > 0
    }

    /// A month or weekday name, abbreviated (`Jul`, `Mon`) or in full, with a capital first
    /// letter: a date written in words inside a message is a value. Bytes only (no allocation):
    /// it runs on capitalised words in the tokenizer's loop.
    static func isCalendarWord(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = w.baseAddress else { return false }
        return isCalendarWord(p, w.count)
    }

    @inline(__always)
    static func isCalendarWord(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n >= 3, n <= 9, isUpper(p[0]), !isUpper(p[1]) else { return false }
        let key = UInt32(p[0] | 0x20) << 16 | UInt32(p[1] | 0x20) << 8 | UInt32(p[2] | 0x20)
        for (k, full) in calendarNames where k == key {
            if n == 3 { return true }
            guard n == full.count else { return false }
            for i in 3..<n where p[i] | 0x20 != full[i] { return false }
            return true
        }
        return false
    }

    private static let calendarNames: [(UInt32, [UInt8])] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ].map { name in
        let b = Array(name.utf8)
        return (UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2]), b)
    }

    /// `bytes`: a unit, but a word people keep in templates (`<*> bytes sent`); it becomes part
    /// of the value only when the value is restated after it (`1190 bytes (1.16 KB)`).
    @inline(__always)
    static func isBytes(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        n == 5 && p[0] == UInt8(ascii: "b") && p[1] == UInt8(ascii: "y") && p[2] == UInt8(ascii: "t") && p[3] == UInt8(ascii: "e")
            && p[4] == UInt8(ascii: "s")
    }

    /// A size unit written as its own word after a number (`5.2 KB`, `512 B`, `3 GiB`).
    @inline(__always)
    static func isSizeUnit(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n >= 1, n <= 3, p[n - 1] == UInt8(ascii: "B") else { return false }
        if n == 1 { return true }
        let k = p[0]
        let prefix = k == UInt8(ascii: "K") || k == UInt8(ascii: "k") || k == UInt8(ascii: "M") || k == UInt8(ascii: "G")
            || k == UInt8(ascii: "T") || k == UInt8(ascii: "P")
        return prefix && (n == 2 || p[1] == UInt8(ascii: "i"))
    }

    /// Letters or digits on both sides of a `-` or `_` (`gw-north`, `build_agent`).
    static func isJoined(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count >= 3 else { return false }
        for i in 1..<(w.count - 1) where w[i] == UInt8(ascii: "-") || w[i] == UInt8(ascii: "_") {
            let a = w[i - 1], b = w[i + 1]
            let alnum = { (x: UInt8) in isLower(x) || isUpper(x) || isDigit(x) }
            if alnum(a) && alnum(b) { return true }
        }
        return false
    }

    /// Two or more upper-case letters (digits and `_` allowed after the first), no lower case.
    static func isSymbol(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count >= 2, isUpper(w[0]) else { return false }
        var letters = 0
        for b in w {
            if isUpper(b) { letters += 1 } else if !(isDigit(b) || b == UInt8(ascii: "_")) { return false }
        }
        return letters >= 2
    }
}
