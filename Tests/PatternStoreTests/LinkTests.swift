import Testing

@testable import PatternStore

@Suite struct LinkTests {
    @Test func sqliteIsLinked() throws {
        #expect(try PatternStore.sqliteVersion().hasPrefix("3."))
    }
}
