/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break, its quotes doubled.
///
/// Decided on UTF-8 bytes, not Characters: a comma or quote followed by a combining mark is one
/// Character (`",\u{301}"`) that is not equal to `","`, yet a CSV reader splits on the byte.
public enum CSVField {
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: needsQuotes) else { return s }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(s.utf8.count + 8)
        for b in s.utf8 {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsQuotes(_ b: UInt8) -> Bool { b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D }
}
