import Testing

@testable import PatternDiff

/// Issue 13 item 3: where a record came from, read from its trace.
struct TraceSummaryTests {
    static func pythonRecord(frames: Int) -> String {
        var s = "2026-12-02 08:59:51,048 ERROR waitress: Exception while serving /quote\nTraceback (most recent call last):\n"
        s += "  File \"/venv/lib/python3.11/site-packages/waitress/channel.py\", line 397, in service\n    task.service()\n"
        for k in 0..<frames {
            s += "  File \"/venv/lib/python3.11/site-packages/lib\(k)/mod.py\", line \(k + 1), in step\(k)\n    step\(k + 1)()\n"
        }
        s += "  File \"/venv/lib/python3.11/site-packages/waitress/task.py\", line 434, in execute\n    app_iter = app(environ)\n"
        s += "  File \"/srv/app.py\", line 13, in quote\n    return ask(port)\n"
        s += "  File \"/usr/lib/python3.11/socket.py\", line 851, in create_connection\n    raise exceptions[0]\n"
        s += "    ^^^^^^^^^^^^^^^^^\nConnectionRefusedError: [Errno 111] Connection refused\n"
        return s
    }

    @Test func aPythonTraceGivesTheExceptionAndTheDeepestRepositoryFrame() throws {
        let t = try #require(TraceSummary.read(Self.pythonRecord(frames: 0)))
        #expect(t.exception == "ConnectionRefusedError")
        #expect(t.exceptionLine == "ConnectionRefusedError: [Errno 111] Connection refused")
        #expect(t.frames.last?.file == "/usr/lib/python3.11/socket.py")
        // The repository holds src/waitress/*.py: socket.py and app.py are not its files.
        let repo = { (f: String) -> String? in f.hasSuffix("/waitress/task.py") ? "src/waitress/task.py" : f.hasSuffix("/waitress/channel.py") ? "src/waitress/channel.py" : nil }
        #expect(t.headline(repo) == "ConnectionRefusedError in src/waitress/task.py:434 execute()")
        #expect(t.headline { _ in nil } == "ConnectionRefusedError")
    }

    @Test func aJavaTraceReadsItsDeepestFrameFirst() throws {
        let record = "ERROR c.s.Checkout : payment failed\njava.net.ConnectException: Connection refused\n\tat com.shop.Gateway.charge(Gateway.java:88)\n\tat com.shop.Checkout.pay(Checkout.java:41)\nCaused by: java.io.IOException: x\n\tat a.B.c(B.java:1)\n"
        let t = try #require(TraceSummary.read(record))
        #expect(t.exception == "ConnectException")
        #expect(t.frames.last?.function == "charge")
        #expect(t.headline { $0 == "Gateway.java" ? "src/main/java/com/shop/Gateway.java" : nil } == "ConnectException in src/main/java/com/shop/Gateway.java:88 charge()")
    }

    @Test func theCompactTraceKeepsTheExceptionLineOfALongTrace() {
        let record = Self.pythonRecord(frames: 60)
        #expect(record.count > 1500)
        #expect(!String(record.prefix(1500)).contains("ConnectionRefusedError"), "what a fixed-length cut loses")
        let c = TraceSummary.compact(record, limit: 1500)
        #expect(c.count <= 1500)
        #expect(c.contains("ConnectionRefusedError: [Errno 111] Connection refused"))
        #expect(c.contains("socket.py:851 create_connection()"), "the last frame")
        #expect(c.hasPrefix("2026-12-02 08:59:51,048 ERROR waitress: Exception while serving /quote"))
        #expect(c.contains("frames left out"))
    }

    @Test func aRecordWithoutATraceIsCutAsBefore() {
        #expect(TraceSummary.read("INFO svc: ok") == nil)
        #expect(TraceSummary.compact(String(repeating: "x", count: 2000), limit: 1500).count == 1500)
    }
}
