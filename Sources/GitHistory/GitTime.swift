/// A point in time as git records it: seconds since the epoch and the author's UTC offset.
/// Written as ISO 8601 in the recorded offset ("2024-03-01T10:00:00+01:00"), as `git log --date=iso-strict` does.
public struct GitTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let seconds: Int64
    public let offsetMinutes: Int32

    public init(seconds: Int64, offsetMinutes: Int32) {
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// Earlier first; the same instant in different offsets orders by offset so the order is total.
    public static func < (a: GitTime, b: GitTime) -> Bool {
        (a.seconds, a.offsetMinutes) < (b.seconds, b.offsetMinutes)
    }

    public var iso8601: String {
        let local = seconds + Int64(offsetMinutes) * 60
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secs = local - days * 86400
        let (y, m, d) = Self.civil(fromDays: days)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let off = abs(Int(offsetMinutes))
        return "\(Self.pad(y, 4))-\(Self.pad(m))-\(Self.pad(d))T\(Self.pad(Int(secs / 3600)))"
            + ":\(Self.pad(Int(secs / 60 % 60))):\(Self.pad(Int(secs % 60)))\(sign)\(Self.pad(off / 60)):\(Self.pad(off % 60))"
    }

    /// The calendar day, for short listings.
    public var day: String { String(iso8601.prefix(10)) }

    public var description: String { iso8601 }

    /// Parses the form `iso8601` writes.
    public init?(iso8601 s: String) {
        let b = Array(s.utf8)
        guard b.count == 25, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 43 || b[19] == 45,
            b[22] == 58
        else { return nil }
        func num(_ from: Int, _ n: Int) -> Int? {
            var v = 0
            for c in b[from..<from + n] {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let se = num(17, 2), let oh = num(20, 2), let om = num(23, 2)
        else { return nil }
        let offset = (oh * 60 + om) * (b[19] == 45 ? -1 : 1)
        let local = Self.days(fromCivil: y, mo, d) * 86400 + Int64(h * 3600 + mi * 60 + se)
        self.init(seconds: local - Int64(offset) * 60, offsetMinutes: Int32(offset))
    }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let t = GitTime(iso8601: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(s)"))
        }
        self = t
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso8601)
    }

    private static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // Howard Hinnant's days/civil conversions: exact for the proleptic Gregorian calendar, no Foundation.
    private static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    private static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(m > 2 ? m - 3 : m + 9)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
