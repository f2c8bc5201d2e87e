#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the timestamps logs write into milliseconds since the Unix epoch.
///
/// Understood: ISO-8601 and its common relatives (`2026-03-02T10:15:03.123Z`, `2026-03-02 10:15:03,123`,
/// `2026/03/02 10:15:03`, offsets `+01:00`/`+0100`), syslog (`Mar  2 10:15:03`), ctime and Apache
/// (`Sun Dec 04 04:47:44 2005`), logcat (`03-02 10:15:03.123`), two-digit years (`17/06/09 20:10:40`)
/// and epoch seconds or milliseconds. Times without a zone are read as UTC.
///
/// Formats without a year take `referenceYear` (the caller passes the file's modification year);
/// a date that would lie after `referenceMillis` is put in the year before, and when months go
/// from December back to January inside one stream the year advances. Timestamps that go
/// backwards are returned as written: callers keep minimum and maximum, not the last value.
public struct TimestampParser: Sendable {
    public var referenceYear: Int
    public var referenceMillis: Int64?
    private var yearlessYear: Int?
    private var lastYearlessMonth = 0

    public init(referenceYear: Int, referenceMillis: Int64? = nil) {
        self.referenceYear = referenceYear
        self.referenceMillis = referenceMillis
    }

    public mutating func parse(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
        var c = Cursor(s)
        c.skipSpaces()
        if let v = c.peekDigits(), v >= 4 {
            if let t = sameSecond(s) { return t }
            let save = c.i
            if let t = iso(&c) { return t }
            c.i = save
            if v == 10 || v == 13, let t = epoch(&c) { return t }
            c.i = save
            if v == 6, let t = compact(&c) { return t }
            return nil
        }
        if c.peekDigits() == 2 {
            let save = c.i
            if let t = twoDigitYear(&c) { return t }
            c.i = save
            return logcat(&c)
        }
        return named(&c)
    }

    public mutating func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    // MARK: Forms

    private mutating func iso(_ c: inout Cursor) -> Int64? {
        guard let y = c.number(4), c.eat(UInt8(ascii: "-")) || c.eat(UInt8(ascii: "/")), let mo = c.number(1...2), c.eat(UInt8(ascii: "-")) || c.eat(UInt8(ascii: "/")),
            let d = c.number(1...2)
        else { return nil }
        guard c.eat(UInt8(ascii: "T")) || c.eat(UInt8(ascii: " ")) || c.eat(UInt8(ascii: "_")) || c.eat(UInt8(ascii: "-")) else { return Self.millis(y, mo, d, 0, 0, 0, 0) }
        c.skipSpaces()
        var fractionStart: Int?
        guard let (h, mi, sec, ms) = time(&c, fractionStart: &fractionStart), let base = Self.millis(y, mo, d, h, mi, sec, ms) else { return nil }
        let t = base - Int64(zone(&c)) * 60_000
        if let f = fractionStart, c.i == c.s.count { remember(c.s, fractionStart: f, millis: t - Int64(ms)) }
        return t
    }

    // MARK: The same second again

    /// Consecutive records mostly share the second they were written in: after an ISO timestamp
    /// that ends with its fraction, the next one with the same bytes before the fraction and as
    /// many digits after it costs a comparison and a few digits (timestamp parsing was a tenth of
    /// the reader thread, perf on bench/index_speed.py).
    private var secondPrefix: [UInt8] = []
    private var secondMillis: Int64 = 0
    private var secondLength = 0

    private mutating func remember(_ s: UnsafeBufferPointer<UInt8>, fractionStart: Int, millis: Int64) {
        guard fractionStart <= 40 else { return }
        secondPrefix.removeAll(keepingCapacity: true)
        secondPrefix.append(contentsOf: UnsafeBufferPointer(rebasing: s[..<fractionStart]))
        secondMillis = millis
        secondLength = s.count
    }

    @inline(__always)
    private func sameSecond(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard s.count == secondLength, secondLength > 0, let p = s.baseAddress else { return nil }
        let n = secondPrefix.count
        let equal = secondPrefix.withUnsafeBufferPointer { memcmp(p, $0.baseAddress!, n) == 0 }
        guard equal else { return nil }
        var c = Cursor(s)
        c.i = n
        for i in n..<s.count where p[i] &- 48 >= 10 { return nil }
        return secondMillis + Int64(c.fraction())
    }

    private func time(_ c: inout Cursor) -> (Int, Int, Int, Int)? {
        var fractionStart: Int?
        return time(&c, fractionStart: &fractionStart)
    }

    /// `fractionStart`: where the digits after the seconds' `.` or `,` begin, when there are some.
    private func time(_ c: inout Cursor, fractionStart: inout Int?) -> (Int, Int, Int, Int)? {
        guard let h = c.number(1...2), c.eat(UInt8(ascii: ":")) || c.eat(UInt8(ascii: ".")), let mi = c.number(2) else { return nil }
        var sec = 0
        if c.eat(UInt8(ascii: ":")) || c.eat(UInt8(ascii: ".")) { guard let s = c.number(2) else { return nil }; sec = s }
        var ms = 0
        if c.eat(UInt8(ascii: ".")) || c.eat(UInt8(ascii: ",")) {
            fractionStart = c.i
            ms = c.fraction()
        }
        return (h, mi, sec, ms)
    }

    /// Minutes east of UTC.
    private func zone(_ c: inout Cursor) -> Int {
        c.skipSpaces()
        if c.eat(UInt8(ascii: "Z")) || c.eat(UInt8(ascii: "z")) { return 0 }
        let save = c.i
        let sign: Int
        if c.eat(UInt8(ascii: "+")) { sign = 1 } else if c.eat(UInt8(ascii: "-")) { sign = -1 } else { return 0 }
        guard let h = c.number(2) else { c.i = save; return 0 }
        _ = c.eat(UInt8(ascii: ":"))
        let m = c.number(2) ?? 0
        return sign * (h * 60 + m)
    }

    private func epoch(_ c: inout Cursor) -> Int64? {
        guard let digits = c.peekDigits(), let v = c.number(digits) else { return nil }
        if digits == 13 { return Int64(v) }
        var ms = 0
        if c.eat(UInt8(ascii: ".")) { ms = c.fraction() }
        return Int64(v) * 1000 + Int64(ms)
    }

    /// `YYMMDD HHMMSS`, as Hadoop's HDFS writes.
    private func compact(_ c: inout Cursor) -> Int64? {
        guard let y = c.number(2), let mo = c.number(2), let d = c.number(2), c.eat(UInt8(ascii: " ")), let h = c.number(2),
            let mi = c.number(2), let s = c.number(2)
        else { return nil }
        return Self.millis(2000 + y, mo, d, h, mi, s, 0)
    }

    private func twoDigitYear(_ c: inout Cursor) -> Int64? {
        guard let y = c.number(2), c.eat(UInt8(ascii: "/")) || c.eat(UInt8(ascii: "-")), let mo = c.number(2), c.eat(UInt8(ascii: "/")) || c.eat(UInt8(ascii: "-")),
            let d = c.number(2), c.eat(UInt8(ascii: " ")) || c.eat(UInt8(ascii: "T")), let (h, mi, s, ms) = time(&c)
        else { return nil }
        return Self.millis(2000 + y, mo, d, h, mi, s, ms)
    }

    /// `MM-DD HH:MM:SS.mmm`: no year.
    private mutating func logcat(_ c: inout Cursor) -> Int64? {
        guard let mo = c.number(2), c.eat(UInt8(ascii: "-")) || c.eat(UInt8(ascii: "/")), let d = c.number(2), c.eat(UInt8(ascii: " ")), let (h, mi, s, ms) = time(&c)
        else { return nil }
        return yearless(mo, d, h, mi, s, ms)
    }

    /// Syslog (`Mar  2 10:15:03`) and ctime (`Sun Dec 04 04:47:44 2005`).
    private mutating func named(_ c: inout Cursor) -> Int64? {
        if c.weekday() { c.skipSpaces() }
        guard let mo = c.month() else { return nil }
        c.skipSpaces()
        guard let d = c.number(1...2) else { return nil }
        c.skipSpaces()
        if c.peekDigits() == 4, let y = c.number(4) {
            c.skipSpaces()
            guard let (h, mi, s, ms) = time(&c) else { return nil }
            return Self.millis(y, mo, d, h, mi, s, ms)
        }
        guard let (h, mi, s, ms) = time(&c) else { return nil }
        c.skipSpaces()
        if c.peekDigits() == 4, let y = c.number(4) { return Self.millis(y, mo, d, h, mi, s, ms) }
        return yearless(mo, d, h, mi, s, ms)
    }

    private mutating func yearless(_ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ ms: Int) -> Int64? {
        var year = yearlessYear ?? referenceYear
        if yearlessYear == nil, let ref = referenceMillis, let t = Self.millis(year, mo, d, h, mi, s, ms), t > ref + 86_400_000 {
            year -= 1
        }
        if lastYearlessMonth == 12 && mo == 1 { year += 1 }
        yearlessYear = year
        lastYearlessMonth = mo
        return Self.millis(year, mo, d, h, mi, s, ms)
    }

    // MARK: Calendar

    /// Milliseconds since the epoch of a UTC civil time (Howard Hinnant's days-from-civil).
    public static func millis(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ ms: Int) -> Int64? {
        guard (1...12).contains(m), (1...31).contains(d), h < 25, mi < 60, s < 61 else { return nil }
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = Int64(era * 146_097 + doe - 719_468)
        return ((days * 24 + Int64(h)) * 60 + Int64(mi)) * 60_000 + Int64(s) * 1000 + Int64(ms)
    }

    /// The UTC year of an epoch time in milliseconds.
    public static func year(ofMillis t: Int64) -> Int {
        let days = Int((t >= 0 ? t : t - 86_399_999) / 86_400_000)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let m = mp < 10 ? mp + 3 : mp - 9
        return yoe + era * 400 + (m <= 2 ? 1 : 0)
    }
}

/// A read position in a timestamp's bytes.
private struct Cursor {
    let s: UnsafeBufferPointer<UInt8>
    var i = 0
    init(_ s: UnsafeBufferPointer<UInt8>) { self.s = s }

    mutating func skipSpaces() { while i < s.count, s[i] == 32 || s[i] == 9 { i += 1 } }

    /// Takes one ASCII byte. Callers pass `UInt8(ascii:)` literals: a `Character` would be
    /// converted on every call, which was most of the parser's time (perf).
    @inline(__always)
    mutating func eat(_ b: UInt8) -> Bool {
        guard i < s.count, s[i] == b else { return false }
        i += 1
        return true
    }

    func peekDigits() -> Int? {
        var j = i
        while j < s.count, s[j] &- 48 < 10 { j += 1 }
        return j > i ? j - i : nil
    }

    mutating func number(_ width: Int) -> Int? { number(width...width) }

    mutating func number(_ widths: ClosedRange<Int>) -> Int? {
        var v = 0
        var j = i
        while j < s.count, j - i < widths.upperBound, s[j] &- 48 < 10 {
            v = v * 10 + Int(s[j] - 48)
            j += 1
        }
        guard widths.contains(j - i) else { return nil }
        i = j
        return v
    }

    /// Fractional seconds as milliseconds, any number of digits.
    mutating func fraction() -> Int {
        var v = 0
        var n = 0
        while i < s.count, s[i] &- 48 < 10 {
            if n < 3 { v = v * 10 + Int(s[i] - 48) }
            n += 1
            i += 1
        }
        while n < 3 { v *= 10; n += 1 }
        return v
    }

    mutating func word() -> UInt32? {
        guard i + 3 <= s.count else { return nil }
        var w: UInt32 = 0
        for k in 0..<3 {
            let b = s[i + k] | 0x20
            guard b >= 97, b <= 122 else { return nil }
            w = w << 8 | UInt32(b)
        }
        return w
    }

    mutating func month() -> Int? {
        guard let w = word() else { return nil }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        for (k, n) in names.enumerated() where n.utf8.reduce(0, { $0 << 8 | UInt32($1) }) == w {
            i += 3
            while i < s.count, s[i] | 0x20 >= 97, s[i] | 0x20 <= 122 { i += 1 }
            return k + 1
        }
        return nil
    }

    mutating func weekday() -> Bool {
        guard let w = word() else { return false }
        for n in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] where n.utf8.reduce(0, { $0 << 8 | UInt32($1) }) == w {
            i += 3
            while i < s.count, s[i] | 0x20 >= 97, s[i] | 0x20 <= 122 { i += 1 }
            _ = eat(UInt8(ascii: ","))
            return true
        }
        return false
    }
}
