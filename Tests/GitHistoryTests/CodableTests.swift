import Foundation
import Testing

@testable import GitHistory

@Suite(.gitFixtures) struct CodableTests {
    let fx = Fixture.shared

    @Test func aChangeSetRoundTripsThroughSortedJSON() throws {
        let changes = try fx.open().changes(from: "v1.1.0", to: "v1.2.0")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(changes)
        #expect(try encoder.encode(try fx.open().changes(from: "v1.1.0", to: "v1.2.0")) == data)
        #expect(try JSONDecoder().decode(ChangeSet.self, from: data) == changes)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"spec\":\"v1.1.0\""))
        #expect(text.contains("+01:00\""))
    }
}

@Suite struct GitTimeTests {
    @Test(arguments: [
        (Int64(0), Int32(0), "1970-01-01T00:00:00+00:00"),
        (1_704_106_800, 60, "2024-01-01T12:00:00+01:00"),
        (951_782_400, -330, "2000-02-28T18:30:00-05:30"),
        (-86_400, 0, "1969-12-31T00:00:00+00:00"),
        (1_709_208_000, 0, "2024-02-29T12:00:00+00:00"),
    ])
    func writesAndReadsISO8601(_ seconds: Int64, _ offset: Int32, _ text: String) {
        let t = GitTime(seconds: seconds, offsetMinutes: offset)
        #expect(t.iso8601 == text)
        #expect(GitTime(iso8601: text) == t)
    }

    @Test func objectIDsOrderAsTheirHex() {
        let a = ObjectID(hex: "0f" + String(repeating: "0", count: 38))!
        let b = ObjectID(hex: "10" + String(repeating: "0", count: 38))!
        #expect(a < b)
        #expect(a.hex.hasPrefix("0f"))
        #expect(ObjectID(hex: "xyz") == nil)
    }
}
