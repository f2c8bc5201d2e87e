import LogMining
import Testing

@testable import Reports

/// What the executable used to decide itself, now reachable by a library test.
@Suite struct ReportDestinationTests {
    @Test func aFileTakesTheDefaultFormatAndAPrefixNamesAnother() throws {
        #expect(try ReportDestination("out.txt", defaultFormat: .md) == ReportDestination(format: .md, path: "out.txt"))
        #expect(try ReportDestination("junit=r/j.xml", defaultFormat: .text) == ReportDestination(format: .junit, path: "r/j.xml"))
        // Only the first '=' splits: the rest is the file's name.
        #expect(try ReportDestination("html=a=b.html", defaultFormat: .text) == ReportDestination(format: .html, path: "a=b.html"))
    }

    @Test func aPrefixThatNamesNoFormatIsRefusedWithTheFormats() {
        do {
            _ = try ReportDestination("xml=out.xml", defaultFormat: .text)
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("xml=out.xml"))
            #expect("\(error)".contains("text, json, md, junit, github, html"))
        }
    }

    @Test func csvRowsEscapeEachTemplateOnceAndNameTheFileWhenThereAreSeveral() {
        var one = ParseRenderer.CSVRows(inputs: ["a.log"])
        let id = TemplateID(3)
        #expect(one.row(input: 0, line: 7, template: id, text: "x, \"y\"") == "7,\(id),\"x, \"\"y\"\"\"\n")
        var two = ParseRenderer.CSVRows(inputs: ["a.log", "b,c.log"])
        #expect(two.row(input: 1, line: 2, template: id, text: "z") == "\"b,c.log\",2,\(id),z\n")
    }
}
