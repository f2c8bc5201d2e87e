/// `git diff` output, parsed into what the library's `FileChange` holds, so the two can be compared.
struct UnifiedDiff {
    struct File: Equatable, CustomStringConvertible {
        var oldPath: String?
        var newPath: String?
        var status = "modified"
        var binary = false
        var hunks: [Hunk] = []
        var description: String { "\(status) \(oldPath ?? "-") -> \(newPath ?? "-")" }
    }

    struct Hunk: Equatable {
        var header: String
        var oldStart: Int
        var oldCount: Int
        var newStart: Int
        var newCount: Int
        var lines: [Line] = []
    }

    struct Line: Equatable, CustomStringConvertible {
        var added: Bool
        var number: Int
        var text: String
        var description: String { "\(added ? "+" : "-")\(number) \(text)" }
    }

    var files: [File] = []

    /// Parses `git diff --no-color` output (paths without spaces or quoting, as in the fixtures).
    init(_ text: String) {
        // Split on bytes: in a Swift String "\r\n" is one Character, and CRLF files must keep their "\r".
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        var oldLine = 0
        var newLine = 0
        for line in lines {
            if line.hasPrefix("diff --git ") {
                let parts = line.dropFirst("diff --git ".count).split(separator: " ")
                files.append(File(oldPath: String(parts[0].dropFirst(2)), newPath: String(parts[1].dropFirst(2))))
            } else if files.last?.hunks.isEmpty ?? true, !line.hasPrefix("@@") {
                header(line)
            } else if line.hasPrefix("@@") {
                let hunk = Self.hunk(line)
                oldLine = hunk.oldStart
                newLine = hunk.newStart
                files[files.count - 1].hunks.append(hunk)
            } else if line.hasPrefix("+") {
                append(Line(added: true, number: newLine, text: String(line.dropFirst())))
                newLine += 1
            } else if line.hasPrefix("-") {
                append(Line(added: false, number: oldLine, text: String(line.dropFirst())))
                oldLine += 1
            } else if line.hasPrefix(" ") {
                oldLine += 1
                newLine += 1
            }
        }
    }

    private mutating func header(_ line: String) {
        guard !files.isEmpty else { return }
        let i = files.count - 1
        if line.hasPrefix("new file mode") {
            files[i].status = "added"
            files[i].oldPath = nil
        } else if line.hasPrefix("deleted file mode") {
            files[i].status = "deleted"
            files[i].newPath = nil
        } else if line.hasPrefix("rename from ") {
            files[i].status = "renamed"
            files[i].oldPath = String(line.dropFirst("rename from ".count))
        } else if line.hasPrefix("rename to ") {
            files[i].newPath = String(line.dropFirst("rename to ".count))
        } else if line.hasPrefix("Binary files ") {
            files[i].binary = true
        }
    }

    private mutating func append(_ l: Line) {
        files[files.count - 1].hunks[files[files.count - 1].hunks.count - 1].lines.append(l)
    }

    /// "@@ -a,b +c,d @@ context"; a missing count means 1.
    private static func hunk(_ line: String) -> Hunk {
        let close = line.range(of: " @@", range: line.index(line.startIndex, offsetBy: 2)..<line.endIndex)!
        let ranges = line[line.index(line.startIndex, offsetBy: 3)..<close.lowerBound].split(separator: " ")
        func range(_ s: Substring) -> (Int, Int) {
            let parts = s.dropFirst().split(separator: ",")
            return (Int(parts[0])!, parts.count > 1 ? Int(parts[1])! : 1)
        }
        let (os, oc) = range(ranges[0])
        let (ns, nc) = range(ranges[1])
        return Hunk(header: line, oldStart: os, oldCount: oc, newStart: ns, newCount: nc)
    }
}
