/// Splits a message into tokens on whitespace and on delimiters, and marks variables with the
/// masking rules.
///
/// Splitting on `=`, `:`, `,`, brackets and quotes matters for accuracy: `uid=10037,` becomes the
/// tokens `uid` and `10037`, so the value side is judged on its own and short `key=value` messages
/// do not each become a template of their own. Each token's hash folds in the delimiters before it,
/// so `a=<*>` and `a:<*>` stay different.
struct Tokenizer {
    let masks: CompiledMasks
    let maxTokens: Int
    /// `MinerConfig.valueLists`: variables joined by `,` alone are one variable.
    let valueLists: Bool
    /// `MinerConfig.sizeUnits`: a size unit word right after a number is a variable too.
    let sizeUnits: Bool
    /// `MinerConfig.valueAnnotations`: an amount restated in brackets after its unit is part of it.
    let valueAnnotations: Bool
    /// `MinerConfig.datesInWords`: a month or weekday name that starts a date is a variable.
    let datesInWords: Bool
    /// Tokenize `key=<masked value>` as before issue 14 (the key folded into the delimiters, no
    /// token of its own): only to recompute the hashes of templates stored by that tokenizer.
    var legacyKeyValue = false

    init(config: MinerConfig) throws {
        masks = try CompiledMasks(config.maskingRules)
        maxTokens = max(1, config.limits.maxTokens)
        valueLists = config.valueLists
        sizeUnits = config.sizeUnits
        valueAnnotations = config.valueAnnotations
        datesInWords = config.datesInWords
    }

    /// The delimiter signature of one run of whitespace and nothing else.
    static let spaceSignature: UInt64 = ((0 ^ 0x20) &* TokenHash.prime) | 1

    /// Room for `maxTokens` and the one past it that tells the limit was hit.
    static func bufferCapacity(_ config: MinerConfig) -> Int { max(1, config.limits.maxTokens) + 1 }

    /// Tokenizes `msg` into `out`; `out.truncated` tells whether the token limit cut it.
    @inline(__always)
    func tokenize(_ msg: UnsafeBufferPointer<UInt8>, into out: TokenBuffer) {
        out.reset()
        guard let base = msg.baseAddress else { return }
        let n = msg.count
        let table = ByteClass.pointer
        let features = ByteClass.features
        var i = 0
        var sep: UInt64 = 0
        while i < n {
            let c = table[Int(base[i])]
            if c & ByteClass.space != 0 {
                if sep & 1 == 0 { sep = ((sep ^ 0x20) &* TokenHash.prime) | 1 }
                i += 1
                continue
            }
            if valueAnnotations, base[i] == UInt8(ascii: "("), sep == Self.spaceSignature, Self.isUnitAfterValue(base, out),
                let close = Self.groupEnd(base, i, n), groupHoldsOnlyValues(base, i + 1, close, out)
            {
                // `1190 bytes (1.16 KB)`: an amount restated in other units, in brackets right after
                // its unit, is part of the value with the unit, so its presence does not change the
                // shape. (A bracket after a bare value, `file.jpg (1.8GB)`, is a value of its own.)
                out.makeLastVariable(hash: TokenHash.mix(TokenHash.variable, Self.spaceSignature))
                out.extendLast(to: close + 1)
                sep = 0
                i = close + 1
                continue
            }
            var j = i + 1
            var f = features[Int(base[i])]
            while j < n {
                let b = base[j]
                if table[Int(b)] & ByteClass.space != 0 { break }
                f |= features[Int(b)]
                j += 1
            }
            sep = word(base, i, j, sep, f, out, n)
            if out.truncated || out.count > maxTokens {
                out.cut(to: maxTokens, end: n)
                return
            }
            i = j
        }
    }

    /// The `)` closing the group opened at `open`: within 64 bytes, nothing but spaces after it
    /// before the next word, no other bracket inside.
    @inline(__always)
    static func groupEnd(_ base: UnsafePointer<UInt8>, _ open: Int, _ n: Int) -> Int? {
        var k = open + 1
        let limit = min(n, open + 64)
        while k < limit {
            let b = base[k]
            if b == UInt8(ascii: ")") {
                return k + 1 == n || ByteClass.pointer[Int(base[k + 1])] & ByteClass.space != 0 ? k : nil
            }
            if b == UInt8(ascii: "(") || b == UInt8(ascii: "\n") { return nil }
            k += 1
        }
        return nil
    }

    /// Whether `base[s..<e]` is a month or weekday name that starts a date written in words: a
    /// number follows it, or another such name and then a number (`Jun 17`, `Fri Jun 17`).
    @inline(__always)
    static func startsDate(_ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ n: Int) -> Bool {
        guard ValueShape.isCalendarWord(base + s, e - s) else { return false }
        let space = ByteClass.space
        var p = e
        while p < n, ByteClass.pointer[Int(base[p])] & space != 0 { p += 1 }
        guard p < n, p > e else { return false }
        if ValueShape.isDigit(base[p]) { return true }
        var q = p
        while q < n, ByteClass.pointer[Int(base[q])] & space == 0 { q += 1 }
        guard ValueShape.isCalendarWord(base + p, q - p) else { return false }
        var r = q
        while r < n, ByteClass.pointer[Int(base[r])] & space != 0 { r += 1 }
        return r < n && r > q && ValueShape.isDigit(base[r])
    }

    /// Whether the last token is a size unit word (`bytes`, `KB`) after a variable, with only
    /// spaces between them.
    @inline(__always)
    static func isUnitAfterValue(_ base: UnsafePointer<UInt8>, _ out: TokenBuffer) -> Bool {
        let n = out.count
        guard n >= 2, out.isVariable[n - 2] else { return false }
        let s = Int(out.start[n - 1])
        let e = Int(out.end[n - 1])
        guard Int(out.end[n - 2]) < s, ValueShape.isSizeUnit(base + s, e - s) || ValueShape.isBytes(base + s, e - s) else { return false }
        for k in Int(out.end[n - 2])..<s where ByteClass.pointer[Int(base[k])] & ByteClass.space == 0 { return false }
        return true
    }

    /// Whether `base[from..<to]` holds words and they are all variables: tokenized into `out`
    /// after its tokens, then taken off again. An empty group is no restated amount.
    private func groupHoldsOnlyValues(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ out: TokenBuffer) -> Bool {
        let before = out.count
        defer { out.truncate(to: before) }
        let table = ByteClass.pointer
        let features = ByteClass.features
        var i = from
        var sep: UInt64 = 0
        while i < to {
            if table[Int(base[i])] & ByteClass.space != 0 {
                if sep & 1 == 0 { sep = ((sep ^ 0x20) &* TokenHash.prime) | 1 }
                i += 1
                continue
            }
            var j = i + 1
            var f = features[Int(base[i])]
            while j < to, table[Int(base[j])] & ByteClass.space == 0 {
                f |= features[Int(base[j])]
                j += 1
            }
            sep = word(base, i, j, sep, f, out, to)
            if out.truncated || out.isFull { out.truncated = false; return false }
            i = j
        }
        guard out.count > before else { return false }
        for k in before..<out.count where !out.isVariable[k] { return false }
        return true
    }

    /// `true` and `false` in any case: values, however few their spellings.
    @inline(__always)
    static func isBoolean(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n == 4 || n == 5 else { return false }
        let a = p[0] | 0x20, b = p[1] | 0x20, c = p[2] | 0x20, d = p[3] | 0x20
        if n == 4 { return a == UInt8(ascii: "t") && b == UInt8(ascii: "r") && c == UInt8(ascii: "u") && d == UInt8(ascii: "e") }
        return a == UInt8(ascii: "f") && b == UInt8(ascii: "a") && c == UInt8(ascii: "l") && d == UInt8(ascii: "s") && p[4] | 0x20 == UInt8(ascii: "e")
    }

    /// The span of the word that a word-level rule makes one variable: the trimmed word, the word
    /// with its leading bracket (`[::1]:80`), or the value side of `key=value`.
    @inline(__always)
    private func variableSpan(_ base: UnsafePointer<UInt8>, _ i: Int, _ a: Int, _ b: Int) -> (Int, Int)? {
        guard b - a >= 3 else { return nil }
        if masks.wordIsVariable(UnsafeBufferPointer(start: base + a, count: b - a)) { return (a, b) }
        if a > i, base[a - 1] == UInt8(ascii: "["), masks.wordIsVariable(UnsafeBufferPointer(start: base + a - 1, count: b - a + 1)) {
            return (a - 1, b)
        }
        var e = a
        while e < b, base[e] != UInt8(ascii: "=") { e += 1 }
        var v = e + 1
        while v < b, ByteClass.pointer[Int(base[v])] & ByteClass.openTrim != 0 { v += 1 }
        if e < b, b - v >= 3, masks.wordIsVariable(UnsafeBufferPointer(start: base + v, count: b - v)) { return (v, b) }
        return nil
    }

    /// Emits the tokens of the word `base[i..<j]`; returns the pending delimiter signature.
    @inline(__always)
    private func word(_ base: UnsafePointer<UInt8>, _ i: Int, _ j: Int, _ sepIn: UInt64, _ features: UInt8, _ out: TokenBuffer, _ n: Int) -> UInt64 {
        let table = ByteClass.pointer
        var sep = sepIn
        var a = i
        var b = j
        while a < b, table[Int(base[a])] & ByteClass.openTrim != 0 { a += 1 }
        while b > a, table[Int(base[b - 1])] & ByteClass.closeTrim != 0 { b -= 1 }
        if masks.mayMatch(features), let (va, vb) = variableSpan(base, i, a, b) {
            // The key of `key=value` is a token of its own, as it is when the value is a plain
            // number: `rhost=10.0.0.1` and `rhost=host9.example` have the same tokens.
            var k0 = i
            if !legacyKeyValue, va > a, base[va - 1] == UInt8(ascii: "=") || ByteClass.pointer[Int(base[va - 1])] & ByteClass.openTrim != 0 {
                sep = pieces(base, i, va, sep, out, n)
                if out.truncated || out.isFull { out.truncated = true; return sep }
                k0 = va
            }
            a = va
            b = vb
            for k in k0..<a { sep = ((sep ^ UInt64(base[k])) &* TokenHash.prime) & ~1 }
            guard !out.isFull else { out.truncated = true; return sep }
            out.append(start: a, end: b, hash: TokenHash.mix(TokenHash.variable, sep), variable: true)
            sep = 0
            for k in b..<j { sep = ((sep ^ UInt64(base[k])) &* TokenHash.prime) & ~1 }
            return sep
        }
        return pieces(base, i, j, sep, out, n)
    }

    /// Emits the delimiter-separated pieces of `base[i..<j]` as tokens (a piece with a digit is a
    /// number); returns the pending delimiter signature.
    @inline(__always)
    private func pieces(_ base: UnsafePointer<UInt8>, _ i: Int, _ j: Int, _ sepIn: UInt64, _ out: TokenBuffer, _ n: Int) -> UInt64 {
        let table = ByteClass.pointer
        var sep = sepIn
        var k = i
        while k < j {
            let c = table[Int(base[k])]
            if c & ByteClass.delimiter != 0 {
                sep = ((sep ^ UInt64(base[k])) &* TokenHash.prime) & ~1
                k += 1
                continue
            }
            var h = TokenHash.offset
            var classes: UInt8 = ByteClass.hex
            let s = k
            while k < j {
                let d = base[k]
                let dc = table[Int(d)]
                if dc & ByteClass.delimiter != 0 { break }
                classes = (classes | (dc & ByteClass.digit)) & (dc | ~ByteClass.hex)
                h = (h ^ UInt64(d)) &* TokenHash.prime
                k += 1
            }
            // A piece with a digit, or a long run of hex letters (`ffffffff`), is a number.
            let number = classes & ByteClass.digit != 0 || (classes & ByteClass.hex != 0 && k - s >= 8)
                || Self.isBoolean(base + s, k - s)
            var variable = number && masks.maskNumbers
            if variable, valueLists, s > i, base[s - 1] == UInt8(ascii: ","), out.count > 0,
                out.isVariable[out.count - 1], Int(out.end[out.count - 1]) == s - 1
            {
                // `a,b`: the next item of a list of values; the list is one variable.
                out.extendLast(to: k)
                sep = 0
                continue
            }
            if !variable, sizeUnits, s == i, sep == Self.spaceSignature, out.count > 0, out.isVariable[out.count - 1],
                ValueShape.isSizeUnit(base + s, k - s)
            {
                variable = true
            }
            if !variable, datesInWords, s == i, k == j, masks.maskNumbers, Self.startsDate(base, s, k, n) { variable = true }
            guard !out.isFull else { out.truncated = true; return sep }
            out.append(start: s, end: k, hash: TokenHash.mix(variable ? TokenHash.variable : h, sep), variable: variable)
            sep = 0
        }
        return sep
    }
}
