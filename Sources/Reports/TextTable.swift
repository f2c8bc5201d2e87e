/// A text table for a terminal: a header row, then columns padded to their widest cell; the last
/// column is left unpadded so no line ends in spaces.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    public var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces + "\n"
        }.joined()
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while let l = s.last, l == " " { s = s.dropLast() }
        return String(s)
    }
}
