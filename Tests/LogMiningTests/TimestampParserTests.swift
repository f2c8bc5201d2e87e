import Testing

@testable import LogMining

@Suite struct TimestampParserTests {
    static let forms: [(String, Int64?)] = [
        ("2026-03-02T10:15:03.123Z", TimestampParser.millis(2026, 3, 2, 10, 15, 3, 123)),
        ("2026-03-02 10:15:03,5", TimestampParser.millis(2026, 3, 2, 10, 15, 3, 500)),
        ("2026/03/02 10:15:03", TimestampParser.millis(2026, 3, 2, 10, 15, 3, 0)),
        ("2026-03-02T10:15:03.123+01:00", TimestampParser.millis(2026, 3, 2, 9, 15, 3, 123)),
        ("Sun Dec 04 04:47:44 2005", TimestampParser.millis(2005, 12, 4, 4, 47, 44, 0)),
        ("17/06/09 20:10:40", TimestampParser.millis(2017, 6, 9, 20, 10, 40, 0)),
        ("1772445600123", 1_772_445_600_123),
        ("not a time", nil),
    ]

    @Test(arguments: forms)
    func readsCommonForms(_ text: String, _ expected: Int64?) {
        var p = TimestampParser(referenceYear: 2026)
        #expect(p.parse(text) == expected)
    }

    /// One parser over a stream (it remembers the last second) must give what a fresh parser
    /// gives for every timestamp: same second, next second, other fraction lengths, a time with
    /// `.` between its fields, zones, and garbage in between.
    @Test func aStreamParsesLikeFreshParsers() {
        let stream = [
            "2026-03-02 10:00:00.001", "2026-03-02 10:00:00.002", "2026-03-02 10:00:00.999", "2026-03-02 10:00:01.000",
            "2026-03-02 10:00:01.5", "2026-03-02 10:00:01.50", "2026-03-02 10:00:01.123456", "2026-03-02 10:00:01.12345x",
            "2026-03-02 10.00.02", "2026-03-02 10.00.03", "2026-03-02 10:00:03.004Z", "2026-03-02 10:00:03.005Z",
            "2026-03-02 10:00:03.006+01:00", "2026-03-02 10:00:03.007", "2026-03-03 10:00:03.007", "garbage",
            "2026-03-03 10:00:03.008", "2026-03-03 10:00:03,009",
        ]
        var shared = TimestampParser(referenceYear: 2026)
        for text in stream {
            var fresh = TimestampParser(referenceYear: 2026)
            #expect(shared.parse(text) == fresh.parse(text), "\(text)")
        }
        var p = TimestampParser(referenceYear: 2026)
        #expect(p.parse("2026-03-02 10:00:00.001") == TimestampParser.millis(2026, 3, 2, 10, 0, 0, 1))
        #expect(p.parse("2026-03-02 10:00:00.250") == TimestampParser.millis(2026, 3, 2, 10, 0, 0, 250))
        #expect(p.parse("2026-03-02 10:00:01.000") == TimestampParser.millis(2026, 3, 2, 10, 0, 1, 0))
    }
}
