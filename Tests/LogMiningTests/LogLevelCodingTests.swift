import Foundation
import Testing

@testable import LogMining

/// Levels travel typed; in JSON and YAML they are names, as the diff schema has always written them.
@Suite struct LogLevelCodingTests {
    @Test func aLevelIsItsNameInJSONAlsoAsADictionaryKey() throws {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        #expect(String(decoding: try e.encode([LogLevel.warning, .error]), as: UTF8.self) == #"["WARN","ERROR"]"#)
        #expect(String(decoding: try e.encode([LogLevel.error: 3, .info: 1]), as: UTF8.self) == #"{"ERROR":3,"INFO":1}"#)
        let back = try JSONDecoder().decode([LogLevel: Int].self, from: Data(#"{"ERROR":3,"warning":2,"UNKNOWN":1}"#.utf8))
        #expect(back == [.error: 3, .warning: 2, .unknown: 1])
    }

    @Test func aWordThatNamesNoLevelIsADecodingErrorNotUnknown() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LogLevel.self, from: Data(#""LOUD""#.utf8)) }
        #expect(LogLevel(named: "LOUD") == nil)
        #expect(LogLevel(named: "unknown") == .unknown)
        #expect(LogLevel(named: "crit") == .fatal)
    }
}

/// The benchmark's candidate settings (`DEPLOYDIFF_MINER_CANDIDATE`), parsed by the library.
@Suite struct MinerConfigOverrideTests {
    @Test func aSpecOverridesNamedSettingsAndSkipsWhatIsNotANumber() {
        let c = MinerConfig().overriding(spec: "similarityThreshold=0.6,minDistinctValues=2,hosts=0,bogus,symbols=x")
        #expect(c.similarityThreshold == 0.6)
        #expect(c.minDistinctValues == 2)
        #expect(c.valueEvidence.hosts == false)
        #expect(c.valueEvidence.symbols == MinerConfig().valueEvidence.symbols)
    }
}
