import Foundation
import Testing

@testable import LogMining

@Suite struct RecordReaderTests {
    struct Seen: Equatable {
        var line: Int
        var lines: Int
        var message: String
        var level: LogLevel
        var text: String
    }

    func read(_ text: String, format: LogFormat, limits: MinerLimits = MinerLimits(), chunk: Int = 1 << 20) throws -> ([Seen], ReadStats) {
        let reader = RecordReader(format: format, limits: limits, chunkSize: chunk)
        var out: [Seen] = []
        try reader.read(text) { r in
            out.append(Seen(line: r.lineNumber, lines: r.lineCount, message: r.messageString, level: r.level, text: r.textString))
        }
        return (out, reader.stats)
    }

    let python = try! LogFormat(argument: "<Date> <Time> <Level> <Component>: <Content>")

    @Test func pythonTracebackIsOneRecord() throws {
        let log = """
            2026-03-02 10:15:03,123 INFO app.api: request served
            2026-03-02 10:15:04,000 ERROR app.api: unhandled error while processing order 12
            Traceback (most recent call last):
              File "/srv/app/orders.py", line 88, in place
                total = compute(order)
            ValueError: negative total

            2026-03-02 10:15:05,001 WARNING app.api: slow request
            """
        let (records, stats) = try read(log, format: python)
        #expect(records.count == 3)
        #expect(records[1].line == 2)
        #expect(records[1].lines == 6)
        #expect(records[1].level == .error)
        #expect(records[1].message == "unhandled error while processing order 12")
        #expect(records[1].text.hasSuffix("ValueError: negative total\n"))
        #expect(records[2].line == 8)
        #expect(records[2].level == .warning)
        #expect(stats.lines == 8)
    }

    @Test func javaStackTraceIsOneRecord() throws {
        let log = """
            2026-03-02T10:15:03.123Z ERROR 4412 --- [http-nio-8080-exec-3] c.e.shop.PaymentClient : charge failed
            java.lang.IllegalStateException: gateway closed
            \tat com.example.shop.PaymentClient.charge(PaymentClient.java:42)
            Caused by: java.io.IOException: reset
            \t... 12 more
            2026-03-02T10:15:04.000Z  INFO 4412 --- [main] c.e.shop.App : started
            """
        let format = try LogFormat(argument: "<Timestamp> <Level> <Pid> --- [<Thread>] <Component> : <Content>")
        let (records, _) = try read(log, format: format)
        #expect(records.map(\.lines) == [5, 1])
        #expect(records[0].message == "charge failed")
        #expect(records[1].level == .info)
    }

    @Test func crlfLinesLoseTheirCarriageReturn() throws {
        let (records, _) = try read("a 1\r\nb 2\r\n", format: .plain)
        #expect(records.map(\.message) == ["a 1", "b 2"])
    }

    @Test func invalidUTF8IsKeptAndCounted() throws {
        let reader = RecordReader(format: .plain)
        var source = MemorySource([0x61, 0xFF, 0xFE, 0x62, 10, 0x63, 10])
        var messages: [[UInt8]] = []
        try reader.read(&source) { messages.append(Array($0.message)) }
        #expect(messages == [[0x61, 0xFF, 0xFE, 0x62], [0x63]])
        #expect(reader.stats.limits[.invalidUTF8] == 1)
    }

    @Test func aTenMegabyteLineIsCutAndTheNextLineSurvives() throws {
        let big = String(repeating: "x", count: 10 << 20)
        let (records, stats) = try read(big + "\nnext line\n", format: .plain, chunk: 64 << 10)
        #expect(records.count == 2)
        #expect(records[0].message.utf8.count == MinerLimits().maxRecordBytes)
        #expect(records[1].message == "next line")
        #expect(records[1].line == 2)
        #expect(stats.limits[.recordTooLong] == 1)
    }

    @Test func anEmptyInputHasNoRecords() throws {
        let (records, stats) = try read("", format: python)
        #expect(records.isEmpty)
        #expect(stats.records == 0)
    }

    @Test func binaryGarbageNeverCrashes() throws {
        var rng = SystemRandomNumberGenerator()
        var bytes = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes += Array("\n2026-03-02 10:15:03,123 INFO app: survived\n".utf8)
        let reader = RecordReader(format: python, chunkSize: 4096)
        let miner = try TemplateMiner()
        var last = ""
        var source = MemorySource(bytes)
        try reader.read(&source) { r in
            miner.add(r.message)
            last = r.messageString
        }
        #expect(last == "survived")
        #expect(reader.stats.limits[.binary] > 0)
    }

    @Test func chunkBoundariesDoNotChangeRecords() throws {
        let text = try String(contentsOf: FixtureCorpus.url("python-app.log"), encoding: .utf8)
        let (big, _) = try read(text, format: python)
        let (small, _) = try read(text, format: python, chunk: 4096)
        #expect(big == small)
        #expect(big.count == 1400)
    }

    /// Hands the bytes over `piece` at a time, as a pipe may.
    struct TrickleSource: ByteSource {
        let bytes: [UInt8]
        let piece: Int
        var offset = 0
        mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
            let n = min(count, piece, bytes.count - offset)
            guard n > 0 else { return 0 }
            bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + offset, count: n) }
            offset += n
            return n
        }
    }

    struct Full: Equatable {
        var line, lines, start, end: Int
        var text: [UInt8]
        var cut: Bool
    }

    func readAll(_ bytes: [UInt8], _ format: LogFormat, limit: Int, piece: Int) throws -> ([Full], ReadStats) {
        let reader = RecordReader(format: format, limits: MinerLimits(maxRecordBytes: limit), chunkSize: 4096)
        var source = TrickleSource(bytes: bytes, piece: piece)
        var out: [Full] = []
        try reader.read(&source) { r in
            out.append(Full(line: r.lineNumber, lines: r.lineCount, start: r.startOffset, end: r.endOffset, text: Array(r.text), cut: r.isCut))
        }
        return (out, reader.stats)
    }

    /// Found by FuzzRecordReader: a line over the limit was cut only when it did not fit the read
    /// buffer, so the same bytes read whole or trickled gave different records, counts and offsets
    /// (a resumed run then started inside a line).
    @Test(arguments: [LogFormat.plain, try! LogFormat(argument: "<Level> <Content>")])
    func aLineOverTheLimitIsCutHoweverTheStreamIsSplit(format: LogFormat) throws {
        let text = "INFO short\nINFO abcdefghij\r\nINFO xy\r\nINFO q\u{0}rstuvwxyz\nINFO ok\nINFO last-line-too-long"
        let bytes = Array(text.utf8)
        let (whole, wholeStats) = try readAll(bytes, format, limit: 7, piece: 1 << 20)
        for piece in [1, 2, 3, 5] {
            let (split, splitStats) = try readAll(bytes, format, limit: 7, piece: piece)
            #expect(split == whole, "in pieces of \(piece)")
            #expect(splitStats == wholeStats, "in pieces of \(piece)")
        }
        #expect(whole.allSatisfy { $0.text.count <= 7 })
        #expect(whole.contains { $0.cut })
        #expect(whole.last?.end == bytes.count, "the last record ends at the end of the stream")
        #expect(wholeStats.lines == 6)
    }

    @Test func jsonLinesGiveMessageLevelAndTimestamp() throws {
        let log = #"{"ts":"2026-03-02T10:15:03.123Z","level":"warn","logger":"api","msg":"unknown field \"qty\" in body","n":{"a":[1,2]}}"#
        let reader = RecordReader(format: .jsonLines(FieldKeys()))
        var got: [(String, LogLevel, String?, String?)] = []
        try reader.read(log + "\n") { got.append(($0.messageString, $0.level, $0.timestampString, $0.componentString)) }
        #expect(got.count == 1)
        #expect(got[0].0 == #"unknown field "qty" in body"#)
        #expect(got[0].1 == .warning)
        #expect(got[0].2 == "2026-03-02T10:15:03.123Z")
        #expect(got[0].3 == "api")
    }

    @Test func logfmtGivesMessage() throws {
        let (records, _) = try read(#"time=2026-03-02T10:15:03Z level=error msg="upstream failed" status=503"# + "\n", format: .logfmt(FieldKeys()))
        #expect(records.first?.message == "upstream failed")
        #expect(records.first?.level == .error)
    }

    @Test func badHeaderFormatsAreExplained() {
        #expect(throws: LogMiningError.self) { try HeaderFormat("no fields here") }
        #expect(throws: LogMiningError.self) { try HeaderFormat("<A><B>") }
        #expect(throws: LogMiningError.self) { try HeaderFormat("<A> <A>") }
    }

    @Test func aHeaderFormatWithoutContentIsRefused() throws {
        for format in ["<Date> <Time> <Level>", "<Level>: ", "[<Thread>] <Component>"] {
            do {
                _ = try LogFormat(argument: format)
                Issue.record("'\(format)' was accepted: with no <Content> every line would be its whole message")
            } catch let e as LogMiningError {
                #expect("\(e)".contains("must contain <Content>"), "\(e)")
                #expect("\(e)".contains(format))
            }
        }
        // <Message> and <Msg> name the content too.
        #expect(try HeaderFormat("<Date> <Level> <Message>").contentField == 2)
        #expect(try HeaderFormat("<Level>: <Msg>").contentField == 1)
        #expect(try LogFormat(argument: "<Content>") == .plain)
    }

    @Test(arguments: [
        ("python-app.log", "python"), ("java-service.log", "spring-boot"), ("app.jsonl", "json"),
        ("logfmt.log", "logfmt"), ("syslog.log", "syslog"), ("kv-short.log", "android-threadtime"),
    ])
    func formatsAreDetected(file: String, expected: String) throws {
        let data = try Data(contentsOf: FixtureCorpus.url(file))
        let bytes = [UInt8](data.prefix(64 << 10))
        let name = bytes.withUnsafeBufferPointer { FormatDetector.detect($0).name }
        #expect(name == expected)
    }
}
