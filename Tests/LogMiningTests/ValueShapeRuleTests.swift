import Foundation
import Testing

@testable import LogMining

/// Failure classes met on logs the rules were not chosen on (issue 14), each in a small fixture:
/// a value as the first token, dotted names of any case, dates written in words, lists of values,
/// size units written apart from their number, amounts restated in brackets. Each rule is shown on and off, so a test fails
/// when its rule stops working.
@Suite struct ValueShapeRuleTests {
    private static let off = MinerConfig(
        valueEvidence: ValueEvidence(dottedNames: false, calendar: false),
        valueLists: false, sizeUnits: false, valueAnnotations: false, datesInWords: false, valueFirstTokens: false)

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

    @Test func aDateWrittenInWordsIsOneRunOfValues() throws {
        let miner = try TemplateMiner()
        let a = miner.add("connection from 10.1.2.3 at Fri Jun 17 07:07:00 2005").id
        let b = miner.add("connection from 10.1.2.4 at Mon Jul 25 06:39:18 2005").id
        #expect(b == a)
        #expect(miner.template(a)?.text == "connection from <*> at <*> <*> <*> <*> <*>")
        // A month name with no number after it is a word of the message.
        let may = miner.add("you May now log in").id
        #expect(miner.template(may)?.text == "you May now log in")
        let split = try TemplateMiner(config: Self.off)
        let c = split.add("connection from 10.1.2.3 at Fri Jun 17 07:07:00 2005").id
        #expect(split.add("connection from 10.1.2.4 at Mon Jul 25 06:39:18 2005").id != c)
    }

    @Test func weekdayNamesGeneraliseAtTheSecondName() throws {
        let miner = try TemplateMiner()
        let mon = miner.add("backup scheduled every Monday at night").id
        let tue = miner.add("backup scheduled every Tuesday at night").id
        #expect(miner.resolve(tue) == mon)
        #expect(miner.template(mon)?.text == "backup scheduled every <*> at night")
        // Words that are not dates keep their meaning at the same place.
        let opened = miner.add("backup scheduled every night at gate opened").id
        let closed = miner.add("backup scheduled every night at gate closed").id
        #expect(miner.resolve(opened) != miner.resolve(closed))
        let split = try TemplateMiner(config: Self.off)
        let a = split.add("backup scheduled every Monday at night").id
        #expect(split.add("backup scheduled every Tuesday at night").id != a)
    }

    // MARK: Amounts restated in brackets

    @Test func anAmountRestatedInBracketsIsPartOfTheValue() throws {
        let miner = try TemplateMiner()
        let plain = miner.add("proxy.example.org:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01").id
        let restated = miner.add("proxy.example.org:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02").id
        let mixed = miner.add("proxy.example.org:5070 close, 451 bytes sent, 18846 bytes (18.4 KB) received, lifetime 00:01").id
        #expect(miner.resolve(restated) == miner.resolve(plain))
        #expect(miner.resolve(mixed) == miner.resolve(plain))
        // A bracket after a bare value is a value of its own, and `bytes` stays a word without
        // a restated amount after it.
        let upload = miner.add("uploaded /var/lib/app/f2/95349c606eff.jpg (1.80GB) to bucket shop-media").id
        #expect(miner.template(upload)?.text == "uploaded <*> (<*>) to bucket shop-media")
        let task = miner.add("Finished task 1.0 in stage 2.0 (TID 7). 2087 bytes result sent to driver").id
        #expect(miner.template(task)?.text == "Finished task <*> in stage <*> (TID <*>). <*> bytes result sent to driver")
        let split = try TemplateMiner(config: Self.off)
        let a = split.add("proxy.example.org:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01").id
        #expect(split.add("proxy.example.org:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02").id != a)
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
        for key in ["valueLists", "sizeUnits", "valueAnnotations", "datesInWords", "valueFirstTokens", "variablesAlike"] { config[key] = nil }
        var evidence = config["valueEvidence"] as! [String: Any]
        for key in ["dottedNames", "calendar"] { evidence[key] = nil }
        config["valueEvidence"] = evidence
        json["config"] = config
        let state = try MinerState.decode(JSONSerialization.data(withJSONObject: json))
        // Tokens and routing as the stored templates were made; evidence only merges, as today.
        #expect(!state.config.valueLists && !state.config.sizeUnits && !state.config.valueAnnotations)
        #expect(!state.config.datesInWords && !state.config.valueFirstTokens && !state.config.variablesAlike)
        #expect(state.config.valueEvidence == ValueEvidence())
    }
}
