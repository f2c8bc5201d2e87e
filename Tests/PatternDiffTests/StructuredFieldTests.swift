import Foundation
import Ingestion
import LogMining
import PatternStore
import Testing
import TestSupport

@testable import PatternDiff

/// Issue 13, item 5: in structured records the fields beside the message are variables of the
/// template, indexed into a real store and compared like any variable.
@Suite struct StructuredFieldTests {
    /// `n` records of `request served`, every `every`-th with status 500; each with its own
    /// request id and duration (fields with too many values to enumerate).
    static func jsonLog(_ path: String, n: Int, fiveHundredEvery every: Int?) throws {
        var out = ""
        for i in 0..<n {
            let status = every.map { i % $0 == 0 } == true ? 500 : 200
            let t = String(format: "2026-11-26T16:%02d:%02dZ", (i / 60) % 60, i % 60)
            out += #"{"time":"\#(t)","level":"info","msg":"request served","status":\#(status),"request_id":"r-\#(i)-\#(i * 7919 % 10007)","duration_ms":\#(i * 37 % 997),"user":"u\#(i % 3)"}"# + "\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func logfmtLog(_ path: String, n: Int, errEvery every: Int?) throws {
        var out = ""
        for i in 0..<n {
            let err = every.map { i % $0 == 0 } == true ? "timeout" : "none"
            let t = String(format: "2026-11-26T16:%02d:%02dZ", (i / 60) % 60, i % 60)
            out += "time=\(t) level=info msg=\"job finished\" err=\(err) job=\(i)\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func diff(_ dir: TemporaryDirectory, format: LogFormat) throws -> DeployDiff {
        let store = try PatternStore(path: dir.path("s.sqlite"))
        for v in ["v1", "v2"] {
            _ = try DeploymentIndexer(store: store, request: IndexRequest(service: "svc", deployment: v, inputs: [dir.path("\(v).log")], format: format)).run()
        }
        return DiffEngine.diff(try DiffPlanner.input(store: store, service: "svc", baseline: "v1", candidate: "v2", repository: nil))
    }

    @Test func aStatusFieldMovingTo500IsOneHighValueShiftNamedByItsField() throws {
        let dir = try TemporaryDirectory()
        try Self.jsonLog(dir.path("v1.log"), n: 1000, fiveHundredEvery: nil)
        try Self.jsonLog(dir.path("v2.log"), n: 1000, fiveHundredEvery: 10)
        let d = try Self.diff(dir, format: .jsonLines(FieldKeys()))
        let shifts = d.changes.filter { $0.kind == .valueShift }
        #expect(shifts.count == 1, "\(shifts.map(\.id))")
        let s = try #require(shifts.first)
        #expect(s.values == [ValueCount(position: "field status", value: "500", countA: 0, countB: 100)])
        #expect(s.severity == .high, "a shift into a 5xx ranks high")
        #expect(s.id.hasSuffix("@field status"))
        // Ids and durations have too many values to enumerate: summarized, never a shift.
        #expect(!d.changes.contains { ($0.values ?? []).contains { $0.position.contains("request_id") || $0.position.contains("duration") } })
    }

    @Test func withoutAChangeInTheFieldsThereIsNoShift() throws {
        let dir = try TemporaryDirectory()
        try Self.jsonLog(dir.path("v1.log"), n: 1000, fiveHundredEvery: 10)
        try Self.jsonLog(dir.path("v2.log"), n: 1000, fiveHundredEvery: 10)
        #expect(try Self.diff(dir, format: .jsonLines(FieldKeys())).changes.isEmpty)
    }

    @Test func logfmtFieldsShiftToo() throws {
        let dir = try TemporaryDirectory()
        try Self.logfmtLog(dir.path("v1.log"), n: 600, errEvery: nil)
        try Self.logfmtLog(dir.path("v2.log"), n: 600, errEvery: 5)
        let d = try Self.diff(dir, format: .logfmt(FieldKeys()))
        let s = try #require(d.changes.first { $0.kind == .valueShift })
        #expect(s.values?.first?.position == "field err")
        #expect(s.values?.first?.value == "timeout")
        #expect(s.severity == .high, "a shift into an error word ranks high")
    }
}
