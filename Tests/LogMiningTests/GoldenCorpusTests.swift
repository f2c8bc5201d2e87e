import Foundation
import Testing

@testable import LogMining

/// Golden tests per fixture corpus: template count and a hash of the sorted templates.
/// Refresh after an intended change with `DEPLOYDIFF_UPDATE_GOLDEN=1 make test`.
@Suite struct GoldenCorpusTests {
    static let corpora = ["python-app.log", "java-service.log", "app.jsonl", "logfmt.log", "syslog.log", "kv-short.log"]
    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/templates.golden")

    struct Mined {
        var templates: [String]
        /// Template id per record, by the record's first line.
        var idByLine: [Int: Int]
    }

    static func mine(_ file: String) throws -> Mined {
        let data = try Data(contentsOf: FixtureCorpus.url(file))
        let prefix = [UInt8](data.prefix(64 << 10))
        let format = prefix.withUnsafeBufferPointer { FormatDetector.detect($0).format }
        let reader = RecordReader(format: format)
        let miner = try TemplateMiner()
        var source = MemorySource([UInt8](data))
        var raw: [Int: Int] = [:]
        try reader.read(&source) { r in raw[r.lineNumber] = miner.add(r.message).id.rawValue }
        let ids = raw.mapValues { miner.resolve(TemplateID($0)).rawValue }
        return Mined(templates: miner.templates.map(\.text).sorted(), idByLine: ids)
    }

    static func fnv(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    static func goldenLine(_ file: String, _ m: Mined) -> String {
        "\(file) \(m.templates.count) \(fnv(m.templates.joined(separator: "\n")))"
    }

    @Test func templatesMatchTheGoldenFile() throws {
        let lines = try Self.corpora.map { try Self.goldenLine($0, Self.mine($0)) }
        if ProcessInfo.processInfo.environment["DEPLOYDIFF_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(to: Self.goldenURL, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: Self.goldenURL, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == golden)
    }

    /// Against the generator's labels (one label per log statement): no template may mix records
    /// of two statements, and statements may split only into a few templates. Splits are expected
    /// where a word takes few values (`GET`/`POST`, `state=ON`/`OFF`): those stay constants.
    @Test(arguments: corpora)
    func templatesNeverMixStatements(file: String) throws {
        let m = try Self.mine(file)
        let labels = try String(contentsOf: FixtureCorpus.url(file + ".labels.txt"), encoding: .utf8).split(separator: "\n")
        var statementsPerTemplate: [Int: Set<Substring>] = [:]
        var records = 0
        for (i, label) in labels.enumerated() where label != "-" {
            records += 1
            guard let id = m.idByLine[i + 1] else { continue }
            statementsPerTemplate[id, default: []].insert(label)
        }
        let statements = Set(labels.filter { $0 != "-" }).count
        #expect(m.idByLine.count == records, "every labelled record was mined once")
        let mixed = statementsPerTemplate.filter { $0.value.count > 1 }
        #expect(mixed.isEmpty, "templates mixing statements: \(mixed)")
        #expect(statementsPerTemplate.count <= 2 * statements, "\(statementsPerTemplate.count) templates for \(statements) statements")
    }
}
