import Foundation
import Testing

@testable import LogMining

@Suite struct StoredTemplateCodecTests {
    struct Fixture: Decodable {
        let config: MinerConfig
        let states: [String]
        let texts: [String]
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/state-t1.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// Stores written before codec t2 keep their ids: t1 states (hashes included) restore, and the
    /// same templates written as t2 (hashes left out, recomputed from the texts) restore to the
    /// identical state, which mines new messages identically.
    @Test func t1StatesRestoreAndT2RestoresTheSameState() throws {
        let f = try Self.fixture()
        let t1 = try f.states.map { try MinerState.StoredTemplate(compact: $0) }
        #expect(t1.count > 100)
        #expect(t1.allSatisfy { $0.hashes.count == $0.tokens.count })
        let miner = try TemplateMiner(state: MinerState(config: f.config, templates: t1))
        #expect(miner.state().templates.map(\.text) == f.texts)

        let t2 = try t1.map { try MinerState.StoredTemplate(compact: $0.compactEncoded()) }
        #expect(t2.allSatisfy { $0.hashes.isEmpty })
        let again = try TemplateMiner(state: MinerState(config: f.config, templates: t2))
        #expect(again.state() == miner.state())
        #expect(again.state().templates == t1)

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lines = try String(contentsOf: root.appendingPathComponent("fixtures/logs/kv-short.log"), encoding: .utf8).split(separator: "\n")
        for line in lines.prefix(300) { #expect(again.add(String(line)) == miner.add(String(line))) }
    }

    /// A message that was not UTF-8 is stored as text with U+FFFD, which does not tokenize back to
    /// its hashes: those templates keep their hashes.
    @Test func templatesFromInvalidUTF8KeepTheirHashes() throws {
        let miner = try TemplateMiner()
        let bytes: [UInt8] = Array("user ".utf8) + [0xff, 0xfe, 0x41] + Array(" logged in".utf8)
        let id = bytes.withUnsafeBufferPointer { miner.add($0) }.id
        let stored = miner.storedTemplate(id)
        let decoded = try MinerState.StoredTemplate(compact: stored.compactEncoded())
        #expect(decoded.hashes == stored.hashes)
        let restored = try TemplateMiner(state: miner.state())
        #expect(bytes.withUnsafeBufferPointer { restored.add($0) } == MatchResult(id: id, kind: .matched))
    }

    @Test func anUnknownEncodingIsRefused() {
        #expect(throws: LogMiningError.self) { try MinerState.StoredTemplate(compact: "2:t9") }
    }
}
