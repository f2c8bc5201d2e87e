import Foundation
@testable import LogMining
import Testing

@testable import PatternDiff
@testable import Ingestion
@testable import PatternStore

/// The diff's kinds on synthetic deployments: rate shifts that are and are not significant,
/// value shifts of low-cardinality variables, exception changes of attached stack traces.
@Suite struct DiffEngineTests {
    static func template(_ id: Int, _ count: Int, level: LogLevel = .info, values: [Int: [String: Int]] = [:]) -> DeploymentSnapshot.Template {
        var levels = [Int](repeating: 0, count: LogLevel.allCases.count)
        levels[level.rawValue] = count
        return .init(
            id: id, text: "template \(id) value <*>", count: count, levels: levels, firstTimestamp: 0, lastTimestamp: 60_000, minutes: [0: count],
            samples: ["sample of \(id)"], values: values)
    }

    static func snapshot(_ name: String, records: Int, _ ts: [DeploymentSnapshot.Template]) -> DeploymentSnapshot {
        DeploymentSnapshot(
            deployment: DeploymentInfo(
                id: 1, service: "s", name: name, commit: nil, source: nil, indexedAt: "", firstTimestamp: 0, lastTimestamp: 1_800_000, records: records,
                lines: records, bytes: 0, skipped: [:]),
            templates: Dictionary(uniqueKeysWithValues: ts.map { ($0.id, $0) }))
    }

    static func diff(_ a: [DeploymentSnapshot.Template], _ b: [DeploymentSnapshot.Template]) -> DeployDiff {
        DiffEngine.diff(
            DiffInput(
                service: "s", baseline: snapshot("a", records: 10_000, a), candidate: snapshot("b", records: 10_000, b), changes: nil,
                codeUnavailable: "none"))
    }

    @Test func threeHundredAgainstAHundredIsAShiftTwoAgainstNothingIsNot() {
        let d = Self.diff(
            [Self.template(1, 100, level: .error), Self.template(2, 5000), Self.template(3, 2)],
            [Self.template(1, 300, level: .error), Self.template(2, 5000), Self.template(3, 0)].filter { $0.count > 0 })
        let shift = d.changes.first { $0.template.id == 1 }
        #expect(shift?.kind == .rateIncrease)
        #expect(shift?.severity == .high)
        #expect(shift.map { abs(($0.ratio ?? 0) - 3) < 1e-9 } == true)
        #expect(!d.changes.contains { $0.template.id == 2 })
        #expect(d.changes.first { $0.template.id == 3 }?.kind == .rareAbsent)
        #expect(d.changes.first?.template.id == 1, "the error shift ranks first")
    }

    @Test func aNewValueOfALowCardinalityVariableIsAValueShift() {
        let a = Self.template(1, 400, values: [2: ["200": 300, "302": 60, "404": 40]])
        let b = Self.template(1, 400, values: [2: ["200": 250, "302": 50, "404": 40, "500": 60]])
        let d = Self.diff([a], [b])
        let shift = d.changes.first { $0.kind == .valueShift }
        #expect(shift?.values?.map(\.value) == ["500"])
        #expect(shift?.detail == "token 2 = 500: 0 → 60")
    }

    @Test func aShiftIntoA5xxStatusRanksHigh() {
        let a = Self.template(1, 500, values: [3: ["200": 500]])
        let b = Self.template(1, 500, values: [3: ["200": 448, "500": 52]])
        let other = Self.template(2, 40)
        let d = Self.diff([a], [b, other])
        let shift = d.changes.first { $0.kind == .valueShift }
        #expect(shift?.severity == .high)
        #expect(d.changes.first?.kind == .valueShift, "above a new info template")
        // The same shift into a non-error value stays low.
        let c = Self.template(1, 500, values: [3: ["200": 448, "204": 52]])
        #expect(Self.diff([a], [c]).changes.first { $0.kind == .valueShift }?.severity == .low)
    }

    @Test func timesEmbeddedInMessagesNeverShift() {
        let a = Self.template(1, 60, values: [2: ["26/Nov/2026:16:18:07": 30, "26/Nov/2026:16:18:08": 30]])
        let b = Self.template(1, 60, values: [2: ["27/Nov/2026:09:01:00": 60]])
        #expect(!Self.diff([a], [b]).changes.contains { $0.kind == .valueShift })
        for v in ["2026-11-26T16:18:07Z", "2026-11-26", "16:18:07", "16:18:07.123", "1764173887123", "Nov 26 16:18:07"] {
            #expect(TimeLike.matches(v), "\(v)")
        }
        for v in ["200", "sqlite", "16", "v1.2.3"] { #expect(!TimeLike.matches(v), "\(v)") }
    }

    @Test func errorValuesAreRecognised() {
        for v in ["500", "503", "ERROR", "timeout", "ConnectionRefused", "FATAL"] { #expect(DiffEngine.isErrorValue(v, template: "x <*>"), "\(v)") }
        for v in ["200", "404", "ok", "sqlite"] { #expect(!DiffEngine.isErrorValue(v, template: "x <*>"), "\(v)") }
        #expect(DiffEngine.isErrorValue("137", template: "worker exited with code <*>"))
        #expect(!DiffEngine.isErrorValue("0", template: "worker exited with code <*>"))
    }

    @Test func highCardinalityPositionsAreNotCompared() {
        let a = Self.template(1, 400, values: [2: [ValueTable.manyValue: 400]])
        let b = Self.template(1, 400, values: [2: ["x": 400]])
        #expect(!Self.diff([a], [b]).changes.contains { $0.kind == .valueShift })
    }

    @Test func aDifferentExceptionUnderTheSameMessageIsAnExceptionChange() {
        let type = RecordAttribute.exceptionType.position
        let a = Self.template(1, 50, level: .error, values: [type: ["app.gateway.Declined": 50]])
        let b = Self.template(1, 50, level: .error, values: [type: ["app.gateway.Declined": 20, "app.gateway.Timeout": 30]])
        let d = Self.diff([a], [b])
        let change = d.changes.first { $0.kind == .exceptionChange }
        #expect(change?.values?.first?.position == "exception")
        #expect(change?.values?.first?.value == "app.gateway.Timeout")
        #expect(change?.severity == .high)
    }

    @Test func exceptionTypesAndFramesAreReadFromTraces() {
        let python = """
            Traceback (most recent call last):
              File "/srv/app/checkout.py", line 29, in charge
                gateway.charge(order)
              File "/srv/app/gateway.py", line 41, in charge
                raise Timeout("no answer")
            app.gateway.Timeout: no answer
            """
        let java = """
            java.lang.IllegalStateException: wrapped
            \tat com.example.Outer.run(Outer.java:10)
            Caused by: java.net.SocketTimeoutException: Read timed out
            \tat java.net.SocketInputStream.read(SocketInputStream.java:150)
            \t... 12 more
            """
        var p = python
        var j = java
        let e1 = p.withUTF8 { ExceptionInfo.extract($0) }
        let e2 = j.withUTF8 { ExceptionInfo.extract($0) }
        #expect(e1 == ExceptionInfo(type: "app.gateway.Timeout", frame: "gateway.py:charge"))
        #expect(e2 == ExceptionInfo(type: "java.net.SocketTimeoutException", frame: "java.net.SocketInputStream.read"))
    }
}
