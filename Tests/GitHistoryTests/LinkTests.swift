import Testing

@testable import GitHistory

@Suite struct LinkTests {
    @Test func libgit2IsLinked() {
        let parts = GitHistory.libgit2Version().split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3)
        #expect(parts[0] >= 1)
    }
}
