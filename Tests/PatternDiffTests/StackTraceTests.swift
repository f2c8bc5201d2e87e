import Testing

@testable import PatternDiff

/// Issue 13, item 3: where a record came from, by its stack trace, in each language's shape.
@Suite struct StackTraceTests {
    static let python = """
        2026-11-26 16:18:07,101 ERROR shop.quote: quote failed
        Traceback (most recent call last):
          File "/srv/app/shop/app.py", line 13, in quote
            return backend.fetch(sku)
          File "/srv/app/shop/backend.py", line 41, in fetch
            conn = socket.create_connection(addr, timeout=2)
          File "/usr/lib/python3.11/socket.py", line 851, in create_connection
            raise exceptions[0]
        ConnectionRefusedError: [Errno 111] Connection refused
        """

    static let repo = RepositoryPaths(["shop/app.py", "shop/backend.py", "tests/test_backend.py", "README.md"])

    @Test func pythonTheInnermostRepositoryFrameAndTheException() throws {
        let t = try #require(StackTrace.read(Self.python))
        #expect(t.exception == "ConnectionRefusedError")
        #expect(t.frames.count == 3)
        let (f, path) = try #require(t.deepestFrame(in: Self.repo))
        #expect(path == "shop/backend.py", "the library's socket.py is not the repository's")
        #expect(f.line == 41)
        #expect(CodeFrame(exception: t.exception, file: path, line: f.line, function: f.function).summary
            == "ConnectionRefusedError in shop/backend.py:41 fetch()")
    }

    @Test func jvmFramesAreReadInnermostLastAndMatchedByPackage() throws {
        let text = """
            ERROR c.s.Checkout - charge failed
            java.net.ConnectException: Connection refused
            \tat java.base/sun.nio.ch.Net.connect0(Net.java:42)
            \tat com.shop.pay.Gateway.charge(Gateway.java:88)
            \tat com.shop.Checkout.submit(Checkout.java:17)
            Caused by: java.io.IOException: reset
            \tat com.shop.pay.Other.x(Other.java:1)
            """
        let t = try #require(StackTrace.read(text))
        #expect(t.exception == "java.net.ConnectException")
        let paths = RepositoryPaths(["src/main/java/com/shop/pay/Gateway.java", "src/main/java/com/other/Gateway.java", "src/main/java/com/shop/Checkout.java"])
        let (f, path) = try #require(t.deepestFrame(in: paths))
        #expect(path == "src/main/java/com/shop/pay/Gateway.java")
        #expect(f.function == "Gateway.charge")
    }

    @Test func goAndNodeTracesToo() throws {
        let go = """
            panic: runtime error: index out of range [3] with length 3

            goroutine 1 [running]:
            main.lookup(...)
            \t/build/svc/cart/lookup.go:22 +0x1d
            main.main()
            \t/build/svc/main.go:9 +0x25
            """
        let g = try #require(StackTrace.read(go))
        #expect(g.exception == "panic")
        #expect(try #require(g.deepestFrame(in: RepositoryPaths(["svc/cart/lookup.go", "svc/main.go"]))).path == "svc/cart/lookup.go")
        let node = """
            TypeError: Cannot read properties of undefined (reading 'sku')
                at addItem (/app/src/cart.js:31:17)
                at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)
            """
        let n = try #require(StackTrace.read(node))
        #expect(n.exception == "TypeError")
        #expect(try #require(n.deepestFrame(in: RepositoryPaths(["src/cart.js"]))).frame.line == 31)
    }

    @Test func aLongTracesDigestKeepsTheExceptionAndTheRepositoryFrame() {
        let filler = (0..<60).map { "  File \"/usr/lib/python3.11/lib\($0).py\", line \($0), in f\($0)\n    x()" }.joined(separator: "\n")
        let long = Self.python.replacingOccurrences(of: "Traceback (most recent call last):", with: "Traceback (most recent call last):\n" + filler)
        #expect(long.count > 1500)
        #expect(!String(long.prefix(1500)).contains("ConnectionRefusedError"), "a fixed cut loses the exception")
        let d = StackTrace.digest(long, limit: 1500, repositoryFile: "shop/backend.py")
        #expect(d.count <= 1500)
        #expect(d.hasPrefix("2026-11-26 16:18:07,101 ERROR shop.quote: quote failed"))
        #expect(d.contains("ConnectionRefusedError: [Errno 111] Connection refused"))
        #expect(d.contains("/srv/app/shop/backend.py:41 in fetch  (repository)"))
        #expect(StackTrace.digest("short", limit: 1500) == "short")
    }
}
