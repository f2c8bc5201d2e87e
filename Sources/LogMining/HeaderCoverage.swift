/// How many of a sample's lines a header format matches: a format that matches few lines turns a
/// file into a handful of huge records (every unmatched line continues the record before it), so
/// a low coverage is reported instead of mined silently.
public struct HeaderCoverage: Sendable, Equatable {
    /// Non-empty lines looked at (whole lines only), less the stack traces that continue a matched record.
    public let lines: Int
    public let matched: Int
    /// The first line the header did not match: its number (from 1) and its start.
    public let firstUnmatched: (line: Int, text: String)?

    /// Below this share of matched lines the format is taken as wrong for the input. Stack traces
    /// and other continuation lines do not match a header, so the bar is low: half.
    public static let minimumShare = 0.5
    /// Lines looked at: enough to see past a banner, few enough to cost nothing.
    public static let sampleLines = 1000

    public var isTooLow: Bool { lines > 0 && Double(matched) < Double(lines) * Self.minimumShare }

    public static func == (a: HeaderCoverage, b: HeaderCoverage) -> Bool {
        a.lines == b.lines && a.matched == b.matched && a.firstUnmatched?.line == b.firstUnmatched?.line
            && a.firstUnmatched?.text == b.firstUnmatched?.text
    }

    /// The coverage of `format` on the start of an input; nil for formats without a header.
    /// A run of unmatched lines after a matched record that holds an indented line is a stack trace (Python,
    /// Java, Go and Node.js all indent their frames): it continues that record and is not counted, so a
    /// service whose every record carries a traceback is not taken for a wrong format. Runs before the first
    /// match, and runs without an indented line, count.
    public static func measure(_ format: LogFormat, sample: UnsafeBufferPointer<UInt8>) -> HeaderCoverage? {
        guard case .header(let h) = format else { return nil }
        var ranges: [Int] = []
        var seen = 0
        var counted = 0
        var matched = 0
        var first: (Int, String)?
        var run = UnmatchedRun()
        var start = 0
        var number = 0
        func flush() {
            if !(run.afterMatch && run.indented) {
                counted += run.lines
                if first == nil, let f = run.first { first = f }
            }
            run = UnmatchedRun(afterMatch: matched > 0)
        }
        while start < sample.count, seen < sampleLines {
            guard let nl = sample[start...].firstIndex(of: 10) else { break }
            number += 1
            var end = nl
            if end > start, sample[end - 1] == 13 { end -= 1 }
            if end > start {
                seen += 1
                if h.match(UnsafeBufferPointer(rebasing: sample[start..<end]), ranges: &ranges) {
                    flush()
                    matched += 1
                    counted += 1
                    run = UnmatchedRun(afterMatch: true)
                } else {
                    run.lines += 1
                    if sample[start] == 32 || sample[start] == 9 { run.indented = true }
                    if run.first == nil {
                        // Shown on a terminal: control characters (escape sequences) become '?'.
                        let shown = sample[start..<min(end, start + 200)].map { $0 < 0x20 || $0 == 0x7F ? UInt8(ascii: "?") : $0 }
                        run.first = (number, String(decoding: shown, as: UTF8.self))
                    }
                }
            }
            start = nl + 1
        }
        flush()
        return HeaderCoverage(lines: counted, matched: matched, firstUnmatched: first)
    }

    /// Consecutive lines the header did not match.
    private struct UnmatchedRun {
        var afterMatch = false
        var lines = 0
        var indented = false
        var first: (Int, String)?
    }

    /// "matched 0 of the first 2000 lines; the first unmatched is line 1: ..."
    public var summary: String {
        var s = "the header format matched \(matched) of the first \(lines) lines"
        if let f = firstUnmatched { s += "; the first it did not match is line \(f.line): \(f.text)" }
        return s
    }
}
