import Testing

@testable import LogMining

/// Issue 14: logparser's header syntax (a regex around `<Field>`s), refused constructs, coverage.
@Suite struct HeaderFormatTests {
    func records(_ format: String, _ text: String) throws -> [(message: String, fields: [String: String])] {
        let h = try HeaderFormat(format)
        let reader = RecordReader(format: .header(h))
        var out: [(String, [String: String])] = []
        try reader.read(text) { r in
            out.append((String(decoding: r.message, as: UTF8.self), ["component": String(decoding: r.component, as: UTF8.self)]))
        }
        return out
    }

    /// Linux and Thunderbird write `<Component>(\[<PID>\])?:`: with the group read as literal
    /// bytes no line matched and the whole file became one record.
    @Test func anOptionalGroupMatchesLinesWithAndWithoutIt() throws {
        let log = """
            Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0
            Jun 14 15:16:02 combo su(pam_unix): session opened for user news by (uid=0)
            Jun  9 06:06:20 combo syslogd 1.4.1: restart.

            """
        let r = try records("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>", log)
        #expect(r.count == 3)
        #expect(r.map(\.message) == ["authentication failure; logname= uid=0", "session opened for user news by (uid=0)", "restart."])
        #expect(r.map { $0.fields["component"]! } == ["sshd(pam_unix)", "su(pam_unix)", "syslogd 1.4.1"])
    }

    /// Mac: `\[<PID>\]( \(<Address>\))?:` — an optional group holding escaped parentheses and a field.
    @Test func anOptionalGroupWithAFieldAndEscapedParentheses() throws {
        let log = """
            Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback
            Jul  1 09:01:05 calvisitor-10-105-160-95 com.apple.CDScheduler[43]: Thermal pressure state: 1 Memory pressure state: 0
            Jul  1 09:02:26 calvisitor-10-105-160-95 QQ[10018] (0x7fb3): FA||Url||taskID[2019353]

            """
        let r = try records("<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>", log)
        #expect(r.count == 3)
        #expect(r[2].message == "FA||Url||taskID[2019353]")
        #expect(r[2].fields["component"] == "QQ")
    }

    @Test func escapedBarsAnyByteAndDigits() throws {
        let r = try records("<Time>\\|<Component>\\|<Pid>\\|<Content>", "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579\n")
        #expect(r.map(\.message) == ["onStandStepChanged 3579"])
        let d = try records("<Date> <Time>.\\d\\d\\d <Content>", "2026-03-02 10:00:01.123 started\n2026-03-02 10:00:01,45x not a header\n")
        #expect(d.count == 1)
        #expect(d[0].message.hasPrefix("started"))
    }

    @Test func unsupportedConstructsAreRefusedWithTheirPosition() {
        for (format, piece) in [
            ("<Date> <Time>+ <Content>", "quantifier '+' at position 14"),
            ("<Date> [a-z] <Content>", "character class '[' at position 8"),
            ("<Date> (a|b) <Content>", "alternation '|' at position 10"),
            ("<Date> (<Time> <Content>", "without its ')'"),
            ("<Date> \\w <Content>", "class '\\w' at position 8"),
        ] {
            #expect {
                _ = try HeaderFormat(format)
            } throws: { error in
                "\(error)".contains(piece)
            }
        }
    }

    @Test func optionalGroupsThatLeaveTwoFieldsTouchingAreRefused() {
        #expect(throws: LogMiningError.self) { _ = try HeaderFormat("<Date>(-)?<Time> <Content>") }
    }

    @Test func coverageReportsAFormatThatMatchesFewLines() throws {
        let log = "Jun 14 15:16:01 combo sshd[1]: a\nJun 14 15:16:02 combo sshd[2]: b\nJun 14 15:16:03 combo sshd[3]: c\n"
        let wrong = LogFormat.header(try HeaderFormat("<Date> <Time> \\[<Level>\\] <Content>"))
        let c = try #require(Array(log.utf8).withUnsafeBufferPointer { HeaderCoverage.measure(wrong, sample: $0) })
        #expect(c.lines == 3)
        #expect(c.matched == 0)
        #expect(c.isTooLow)
        #expect(c.firstUnmatched?.line == 1)
        #expect(c.summary.contains("matched 0 of the first 3 lines"))
        let right = LogFormat.header(try HeaderFormat("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>"))
        let ok = try #require(Array(log.utf8).withUnsafeBufferPointer { HeaderCoverage.measure(right, sample: $0) })
        #expect(ok.matched == 3)
        #expect(!ok.isTooLow)
    }

    /// A service whose every record carries a traceback (a backend down) has more trace lines than headers: the
    /// indented blocks after a matched record are continuation, not evidence of a wrong format.
    @Test func tracebacksAfterMatchedRecordsDoNotLowerTheCoverage() throws {
        var log = ""
        for i in 0..<20 {
            log += "2026-12-02 08:59:1\(i % 10),100 ERROR waitress: Exception while serving /quote\n"
            log += "Traceback (most recent call last):\n  File \"/srv/waitress/task.py\", line 434, in execute\n"
            log += "    app_iter = self.channel.server.application(environ, start_response)\n"
            log += "ConnectionRefusedError: [Errno 111] Connection refused\n\n"
            log += "During handling of the above exception, another exception occurred:\n\n"
            log += "Traceback (most recent call last):\n  File \"/srv/app.py\", line 9, in quote\nOSError: boom\n"
        }
        let format = LogFormat.header(try HeaderFormat("<Date> <Time> <Level> <Component>: <Content>"))
        let c = try #require(Array(log.utf8).withUnsafeBufferPointer { HeaderCoverage.measure(format, sample: $0) })
        #expect(c.matched == 20)
        #expect(!c.isTooLow)
        // The same lines under a format that matches none of them: still too low (no record to continue).
        let wrong = LogFormat.header(try HeaderFormat("<Date> <Time> \\[<Level>\\] <Content>"))
        let w = try #require(Array(log.utf8).withUnsafeBufferPointer { HeaderCoverage.measure(wrong, sample: $0) })
        #expect(w.matched == 0)
        #expect(w.isTooLow)
        #expect(w.firstUnmatched?.line == 1)
    }
}
