import Foundation
import Testing

@testable import LogMining

/// Issue 14's failure classes, each in a small fixture: whitespace, values of one position that
/// repeat (user names, hosts, symbols, `key=value`), heavy hitters kept, ids stable.
@Suite struct ValueGeneralizationTests {
    // MARK: Whitespace

    @Test func runsOfWhitespaceSeparateTokensLikeOneSpace() throws {
        let miner = try TemplateMiner()
        let a = miner.add("disk sda ok on Jul  9 after check").id
        let b = miner.add("disk sda ok on Jul 10 after check").id
        let c = miner.add("disk sda ok\ton Jul 11   after check").id
        #expect(a == b)
        #expect(a == c)
        #expect(miner.templates.count == 1)
    }

    @Test func trailingWhitespaceNeverReachesATemplateNorSplitsOne() throws {
        let miner = try TemplateMiner()
        let a = miner.add("worker pool ready \t ").id
        let b = miner.add("worker pool ready").id
        let c = miner.add("worker pool ready  ").id
        #expect(a == b && b == c)
        #expect(miner.template(a)?.text == "worker pool ready")
        let d = miner.add("authentication failure; rhost=10.0.0.7 ").id
        #expect(miner.template(d)?.text == "authentication failure; rhost=<*>")
    }

    // MARK: Values of one position

    @Test func userNamesAfterAKeyNounGeneraliseAtTheThirdName() throws {
        let miner = try TemplateMiner()
        let alice = miner.add("session opened for user alice").id
        let bob = miner.add("session opened for user bob").id
        let carol = miner.add("session opened for user carol").id
        #expect(miner.resolve(bob) == alice)
        #expect(miner.resolve(carol) == alice)
        #expect(miner.template(alice)?.text == "session opened for user <*>")
        #expect(miner.add("session opened for user dave").id == alice)
        // An event word in the same place is not a value: opened and closed stay apart.
        let closed = miner.add("session closed for user alice").id
        #expect(miner.resolve(closed) != alice)
    }

    @Test func hostsGeneraliseAtTheSecondHost() throws {
        let miner = try TemplateMiner()
        let a = miner.add("connected to api.example.com:443 via gw-north").id
        let b = miner.add("connected to web.example.org:443 via gw-north").id
        #expect(miner.resolve(b) == a)
        #expect(miner.template(a)?.text == "connected to <*>:<*> via gw-north")
        let c = miner.add("connected to api.example.com:443 via gw-south").id
        #expect(miner.resolve(c) == a)
        #expect(miner.template(a)?.text == "connected to <*>:<*> via <*>")
    }

    @Test func keyValueSidesGeneraliseAtTheSecondValue() throws {
        let miner = try TemplateMiner()
        let root = miner.add("login accepted method=password user=root").id
        let guest = miner.add("login accepted method=password user=guest").id
        #expect(miner.resolve(guest) == root)
        #expect(miner.template(root)?.text == "login accepted method=password user=<*>")
    }

    @Test func upperCaseSymbolsGeneraliseWhenThatEvidenceIsOn() throws {
        // Off by default: leave-one-dataset-out chose it off (state names such as NEW/RUNNING are
        // constants in the loghub ground truth); four symbols still make a variable.
        let on = try TemplateMiner(config: MinerConfig(valueEvidence: ValueEvidence(symbols: true)))
        let acme = on.add("quote ACME last price = 12.5").id
        #expect(on.resolve(on.add("quote BETA last price = 7").id) == acme)
        #expect(on.template(acme)?.text == "quote <*> last price = <*>")
        let off = try TemplateMiner()
        let first = off.add("quote ACME last price = 12.5").id
        #expect(off.add("quote BETA last price = 3").id != first)
        for s in ["GAMMA", "DELTA"] { off.add("quote \(s) last price = 3") }
        #expect(off.templates.count == 1)
        #expect(off.template(first)?.text == "quote <*> last price = <*>")
    }

    @Test func aMaskedValueAfterAKeyKeepsTheKeyAsAToken() throws {
        // `rhost=10.0.0.1` (an address rule) and `rhost=dsl9.isp.net` (the number rule) must give
        // the same tokens, or one statement becomes two templates.
        let miner = try TemplateMiner()
        let a = miner.add("auth failure; rhost=10.0.0.1  user=root").id
        let b = miner.add("auth failure; rhost=dsl9.isp.net  user=root").id
        #expect(a == b)
    }

    // MARK: Heavy hitters and ids

    @Test func aPositionThatGeneralisesReportsTheValuesItHadAsAConstant() throws {
        let miner = try TemplateMiner()
        var first: TemplateID?
        for _ in 0..<3 { first = miner.add("login accepted method=password user=root").id }
        var message = "login accepted method=password user=guest"
        var values: [String: Int] = [:]
        let result = message.withUTF8 { buf in
            let r = miner.add(buf)
            miner.forEachVariableOfLastAdd(r, in: buf) { p, v in
                if p == 5 { values[String(decoding: v, as: UTF8.self), default: 0] += 1 }
            }
            return r
        }
        #expect(result.kind == .generalized)
        #expect(result.id == first)
        #expect(values == ["root": 3, "guest": 1])
        // The next add reports only its own value.
        var next = "login accepted method=password user=root"
        values = [:]
        next.withUTF8 { buf in
            let r = miner.add(buf)
            miner.forEachVariableOfLastAdd(r, in: buf) { p, v in
                if p == 5 { values[String(decoding: v, as: UTF8.self), default: 0] += 1 }
            }
        }
        #expect(values == ["root": 1])
    }

    @Test func idsStayStableAcrossAGeneralisationAndARestore() throws {
        let miner = try TemplateMiner()
        let alice = miner.add("session opened for user alice").id
        let bob = miner.add("session opened for user bob").id
        #expect(bob != alice)  // two names are not yet evidence enough after a key noun
        let restored = try TemplateMiner(state: MinerState.decode(miner.state().encoded()))
        let carol = restored.add("session opened for user carol").id
        #expect(carol == alice)
        #expect(restored.resolve(bob) == alice)
        #expect(restored.template(bob)?.id == alice)
        #expect(restored.template(alice)?.text == "session opened for user <*>")
    }

    @Test func statesWrittenBeforeValueEvidenceDecodeWithTodaysEvidence() throws {
        var json = try JSONSerialization.jsonObject(with: MinerState(config: MinerConfig(), templates: []).encoded()) as! [String: Any]
        var config = json["config"] as! [String: Any]
        config["valueEvidence"] = nil
        json["config"] = config
        let state = try MinerState.decode(JSONSerialization.data(withJSONObject: json))
        #expect(state.config.valueEvidence == ValueEvidence())
    }
}
