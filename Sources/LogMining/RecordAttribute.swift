/// Attributes of a record besides its template's variables, stored beside them as values of
/// reserved positions so a diff can compare them the same way.
public enum RecordAttribute: Int, CaseIterable, Sendable {
    /// The component or logger.
    case component = 0xFF00
    /// The exception type of an attached stack trace (the root cause for chained ones).
    case exceptionType = 0xFF01
    /// The innermost frame of that exception: where it was raised.
    case innermostFrame = 0xFF02

    public var position: Int { rawValue }
    public static func from(position: Int) -> RecordAttribute? { RecordAttribute(rawValue: position) }
}

/// The exception a stack trace reports, read from a record's continuation lines.
public struct ExceptionInfo: Equatable, Sendable {
    public let type: String
    public let frame: String?

    /// Python tracebacks (last `File ..., in f` frame; the final `Type: message` line) and Java or
    /// JVM-style traces (`pkg.Type: message`, `Caused by:` for the root cause, the first `at` frame
    /// after it). Nil when the text holds no recognisable trace.
    public static func extract(_ continuation: UnsafeBufferPointer<UInt8>) -> ExceptionInfo? {
        guard !continuation.isEmpty else { return nil }
        let text = String(decoding: continuation, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        if text.contains("Traceback (most recent call last)") { return python(lines) }
        return jvm(lines)
    }

    private static func python(_ lines: [Substring]) -> ExceptionInfo? {
        var frame: String?
        var type: String?
        for l in lines {
            let t = l.drop { $0 == " " || $0 == "\t" }
            if t.hasPrefix("File \"") {
                let parts = t.split(separator: ",")
                let file = parts.first.map { $0.dropFirst(6).prefix { $0 != "\"" } }.map(String.init) ?? ""
                let fn = parts.last.map { $0.drop { $0 == " " }.dropFirst(3) }.map(String.init) ?? ""
                frame = "\(file.split(separator: "/").last.map(String.init) ?? file):\(fn)"
            } else if l.first != " ", l.first != "\t", let name = exceptionName(l, anyName: true) {
                // The traceback's unindented `Type: message` line names the exception, whatever
                // the type is called (`app.gateway.Timeout`).
                type = name
            }
        }
        return type.map { ExceptionInfo(type: $0, frame: frame) }
    }

    private static func jvm(_ lines: [Substring]) -> ExceptionInfo? {
        var type: String?
        var frame: String?
        var wantFrame = false
        for l in lines {
            let t = l.drop { $0 == " " || $0 == "\t" }
            if t.hasPrefix("at ") {
                if wantFrame {
                    frame = String(t.dropFirst(3).prefix { $0 != "(" })
                    wantFrame = false
                }
            } else if t.hasPrefix("Caused by: "), let name = exceptionName(t.dropFirst(11)) {
                type = name
                wantFrame = true
            } else if type == nil, let name = exceptionName(t) {
                type = name
                wantFrame = true
            }
        }
        return type.map { ExceptionInfo(type: $0, frame: frame) }
    }

    /// `pkg.SomeError: message` or `SomeException` → the type name, when it reads as one.
    private static func exceptionName(_ l: Substring, anyName: Bool = false) -> String? {
        let name = l.prefix { $0 != ":" && $0 != " " }
        guard !name.isEmpty, name.count < 200, name.first?.isLetter == true || name.first == "_",
            anyName || name.hasSuffix("Error") || name.hasSuffix("Exception") || name.hasSuffix("Exit") || name.hasSuffix("Interrupt")
                || name.hasSuffix("Throwable") || name.hasSuffix("Warning") || name.hasSuffix("Failure"),
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "$" }),
            !anyName || name.count == l.count || l.dropFirst(name.count).hasPrefix(":")
        else { return nil }
        return String(name)
    }
}
