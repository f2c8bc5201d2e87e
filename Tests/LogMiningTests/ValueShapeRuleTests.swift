import Foundation
import Testing

@testable import LogMining

/// Failure classes met on logs the rules were not chosen on (issue 14), each in a small fixture:
/// a value as the first token, dotted names of any case, dates written in words, lists of values,
/// size units written apart from their number. Each rule is shown on and off, so a test fails
/// when its rule stops working.
@Suite struct ValueShapeRuleTests {
    private static let off = MinerConfig(
        valueEvidence: ValueEvidence(dottedNames: false, calendar: false),
        valueLists: false, sizeUnits: false, valueFirstTokens: false)

    // MARK: A value as the first token

    @Test func dottedNamesAsFirstTokenMeetInOneTemplate() throws {
        let lines = [
            "com.example.heartbeat: scheduler told me to run this job in 4390 seconds",
            "com.example.Browsing.Update: scheduler told me to run this job in 2450 seconds",
            "com.example.CacheDelete.daily: scheduler told me to run this job in 12119 seconds",
        ]
        let miner = try TemplateMiner()
        let ids = lines.map { miner.add($0).id }
        #expect(Set(ids.map(miner.resolve)).count == 1)
        #expect(miner.template(ids[0])?.text == "<*>: scheduler told me to run this job in <*> seconds")
        // Routed by their first word, each name is a branch of its own and never meets the others.
        let split = try TemplateMiner(config: Self.off)
        #expect(Set(lines.map { split.add($0).id }).count == 3)
    }

    @Test func aWordAsFirstTokenStillSeparatesStatements() throws {
        let miner = try TemplateMiner()
        let started = miner.add("started worker pool in 12 ms").id
        let stopped = miner.add("stopped worker pool in 3 ms").id
        #expect(miner.resolve(stopped) != miner.resolve(started))
    }

    @Test func dottedNamesOfAnyCaseGeneraliseAtTheSecondName() throws {
        let miner = try TemplateMiner()
        let a = miner.add("Successfully started service org.example.net.BlockTransfer on port 40984").id
        let b = miner.add("Successfully started service com.Example.Shuffle.Server on port 55904").id
        #expect(miner.resolve(b) == a)
        #expect(miner.template(a)?.text == "Successfully started service <*> on port <*>")
        let split = try TemplateMiner(config: Self.off)
        let c = split.add("Successfully started service org.example.net.BlockTransfer on port 40984").id
        #expect(split.add("Successfully started service com.Example.Shuffle.Server on port 55904").id != c)
    }

    // MARK: Dates in words

    @Test func weekdayAndMonthNamesInAMessageAreValues() throws {
        let miner = try TemplateMiner()
        let a = miner.add("connection from 10.1.2.3 at Fri Jun 17 07:07:00 2005").id
        let b = miner.add("connection from 10.1.2.4 at Mon Jun 20 06:39:18 2005").id
        #expect(miner.resolve(b) == a)
        #expect(miner.template(a)?.text == "connection from <*> at <*> Jun <*> <*> <*>")
        let c = miner.add("connection from 10.1.2.4 at Tue Jul 26 06:39:18 2005").id
        let d = miner.add("connection from 10.1.2.4 at Wed Jul 27 06:39:18 2005").id
        #expect(miner.resolve(d) == c)
        // Words that are not dates keep their meaning at the same place.
        let opened = miner.add("connection from 10.1.2.3 at gate north opened now").id
        let closed = miner.add("connection from 10.1.2.3 at gate north closed now").id
        #expect(miner.resolve(opened) != miner.resolve(closed))
        let split = try TemplateMiner(config: Self.off)
        let e = split.add("connection from 10.1.2.3 at Fri Jun 17 07:07:00 2005").id
        #expect(split.add("connection from 10.1.2.4 at Mon Jun 20 06:39:18 2005").id != e)
    }

    // MARK: Lists of values

    @Test func aListOfValuesIsOneValueWhateverItsLength() throws {
        let miner = try TemplateMiner()
        let one = miner.add("request from 10.11.10.1 GET /v2/servers status: 200").id
        let two = miner.add("request from 10.11.21.122,10.11.10.1 GET /v2/servers status: 200").id
        let four = miner.add("request from an43,an44,an45,an46 GET /v2/servers status: 200").id
        #expect(two == one)
        #expect(four == one)
        #expect(miner.template(one)?.text == "request from <*> GET <*> status: <*>")
        // Words joined by commas are no list of values: they stay constants.
        let levels = miner.add("levels ERROR,WARN enabled").id
        #expect(miner.template(levels)?.text == "levels ERROR,WARN enabled")
        let split = try TemplateMiner(config: Self.off)
        let a = split.add("request from 10.11.10.1 GET /v2/servers status: 200").id
        #expect(split.add("request from 10.11.21.122,10.11.10.1 GET /v2/servers status: 200").id != a)
    }

    // MARK: Size units

    @Test func aSizeUnitAfterANumberIsPartOfTheValue() throws {
        let miner = try TemplateMiner()
        let a = miner.add("Block rdd_2_1 stored as bytes in memory (estimated size 5.2 KB, free 5.2 KB)").id
        let b = miner.add("Block rdd_2_3 stored as bytes in memory (estimated size 16 B, free 5.2 KB)").id
        let c = miner.add("Block rdd_4_0 stored as bytes in memory (estimated size 1024.0 MiB, free 3.1 GB)").id
        #expect(b == a)
        #expect(c == a)
        // A unit letter after a word is a word: plan B and plan C are different plans.
        let planB = miner.add("switching to plan B now").id
        let planC = miner.add("switching to plan C now").id
        #expect(planB != planC)
        let split = try TemplateMiner(config: Self.off)
        let d = split.add("Block rdd_2_1 stored as bytes in memory (estimated size 5.2 KB, free 5.2 KB)").id
        #expect(split.add("Block rdd_2_3 stored as bytes in memory (estimated size 16 B, free 5.2 KB)").id != d)
    }

    // MARK: Values kept, ids stable, old states

    @Test func aFirstTokenThatGeneralisesKeepsItsValuesAndItsId() throws {
        let miner = try TemplateMiner()
        var first: TemplateID?
        for _ in 0..<2 { first = miner.add("com.example.heartbeat: job deferred").id }
        var message = "com.example.Browsing.Update: job deferred"
        var values: [String: Int] = [:]
        let result = message.withUTF8 { buf in
            let r = miner.add(buf)
            miner.forEachVariableOfLastAdd(r, in: buf) { p, v in
                if p == 0 { values[String(decoding: v, as: UTF8.self), default: 0] += 1 }
            }
            return r
        }
        #expect(result.kind == .generalized)
        #expect(result.id == first)
        #expect(values == ["com.example.heartbeat": 2, "com.example.Browsing.Update": 1])
        let restored = try TemplateMiner(state: MinerState.decode(miner.state().encoded()))
        #expect(restored.add("com.example.CacheDelete.daily: job deferred").id == first)
    }

    @Test func statesWrittenBeforeTheseRulesKeepTheirTokensAndGetTheEvidence() throws {
        var json = try JSONSerialization.jsonObject(with: MinerState(config: MinerConfig(), templates: []).encoded()) as! [String: Any]
        var config = json["config"] as! [String: Any]
        for key in ["valueLists", "sizeUnits", "valueFirstTokens"] { config[key] = nil }
        var evidence = config["valueEvidence"] as! [String: Any]
        for key in ["dottedNames", "calendar"] { evidence[key] = nil }
        config["valueEvidence"] = evidence
        json["config"] = config
        let state = try MinerState.decode(JSONSerialization.data(withJSONObject: json))
        // Tokens and routing as the stored templates were made; evidence only merges, as today.
        #expect(!state.config.valueLists && !state.config.sizeUnits && !state.config.valueFirstTokens)
        #expect(state.config.valueEvidence == ValueEvidence())
    }
}
