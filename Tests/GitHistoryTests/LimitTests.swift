import Testing

@testable import GitHistory

@Suite(.gitFixtures) struct LimitTests {
    let fx = Fixture.shared

    @Test func aLargePatchKeepsItsCountsButNotItsHunks() throws {
        let limits = DiffLimits(maxFileBytes: 200, maxTotalBytes: .max)
        let changes = try fx.open().changes(from: "v1.1.0", to: "v1.2.0", limits: limits)
        let cache = try #require(changes.files.first { $0.path == "src/cache.py" })
        #expect(cache.omitted == .fileLimit)
        #expect(cache.hunks.isEmpty)
        #expect(cache.additions == 13)
        #expect(cache.patchBytes > 200)
        let over = changes.files.filter { $0.omitted == .fileLimit }
        #expect(changes.limits.filesOverFileLimit == over.count)
        #expect(changes.limits.omittedBytes == over.reduce(0) { $0 + $1.patchBytes })
        #expect(changes.files.filter { $0.omitted == nil }.allSatisfy { $0.patchBytes <= 200 })
        #expect(changes.limits.binaryFiles == 1)
    }

    @Test func theTotalLimitCutsLaterFilesAndCountsThem() throws {
        let full = try fx.open().diff(from: "v1.1.0", to: "v1.2.0", limits: DiffLimits(maxFileBytes: .max, maxTotalBytes: .max))
        let total = full.limits.keptBytes
        let limited = try fx.open().diff(from: "v1.1.0", to: "v1.2.0", limits: DiffLimits(maxFileBytes: .max, maxTotalBytes: total / 2))
        #expect(limited.limits.filesOverTotalLimit > 0)
        #expect(limited.limits.keptBytes <= total / 2)
        #expect(limited.limits.keptBytes + limited.limits.omittedBytes == total)
        #expect(limited.files.filter { $0.omitted == .totalLimit }.count == limited.limits.filesOverTotalLimit)
        // Counts survive the cut.
        #expect(limited.files.map(\.additions) == full.files.map(\.additions))
    }
}
