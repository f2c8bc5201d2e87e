import Testing

@testable import LogMining

@Suite struct HashIndexTests {
    /// Random inserts, overwrites and removals (keys from a small range, so probe runs collide and
    /// removals shift them) agree with a Dictionary after every step.
    @Test func agreesWithADictionary() {
        var index = HashIndex()
        var reference: [UInt64: Int] = [:]
        var x: UInt64 = 42
        for step in 0..<20_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let key = (x >> 33) % 512
            let value = Int((x >> 20) % 1000)
            if (x >> 60) < 5 {
                index[key] = nil
                reference[key] = nil
            } else {
                index[key] = value
                reference[key] = value
            }
            if step % 997 == 0 {
                for k in 0..<UInt64(512) { #expect(index[k] == reference[k], "key \(k) at step \(step)") }
            }
            #expect(index.count == reference.count)
        }
        for k in 0..<UInt64(512) { #expect(index[k] == reference[k]) }
        for k in reference.keys { index[k] = nil }
        #expect(index.isEmpty)
    }
}
