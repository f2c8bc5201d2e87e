import Foundation
import Testing

@testable import PatternDiff

@Suite struct StatisticsTests {
    /// Reference values: exact sums (Python, math.comb).
    @Test(arguments: [
        (3, 10, 0.5, 0.9453125),  // P(X >= 3), X ~ B(10, 0.5)
        (8, 10, 0.5, 0.0546875),
        (1, 5, 0.1, 0.40951),
        (50, 100, 0.3, 2.2060913327e-05),
    ])
    func binomialUpperTails(k: Int, n: Int, p: Double, expected: Double) {
        let got = Statistics.binomialUpperTail(k: k, n: n, p: p)
        #expect(abs(got - expected) <= expected * 1e-3, "P(X>=\(k)) for B(\(n),\(p)) = \(got)")
    }

    @Test func tailsAgreeWithDirectSums() {
        for n in [1, 7, 40] {
            for p in [0.05, 0.3, 0.8] {
                for k in 0...n {
                    var direct = 0.0
                    for j in k...n {
                        direct += exp(lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1))) * pow(p, Double(j)) * pow(1 - p, Double(n - j))
                    }
                    #expect(abs(Statistics.binomialUpperTail(k: k, n: n, p: p) - direct) < 1e-9)
                }
            }
        }
    }

    @Test func sparseCountsAreNotShiftsButRealOnesAre() {
        let sparse = Statistics.rateShiftPValue(a: 0, b: 2, exposureA: 10_000, exposureB: 10_000)
        #expect(sparse == 0.5)
        let real = Statistics.rateShiftPValue(a: 100, b: 300, exposureA: 10_000, exposureB: 10_000)
        #expect(real < 1e-20)
        let same = Statistics.rateShiftPValue(a: 100, b: 100, exposureA: 10_000, exposureB: 10_000)
        #expect(same > 0.9)
    }

    /// R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH")
    @Test func benjaminiHochbergMatchesR() {
        let q = Statistics.benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5])
        let expected = [0.025, 0.05, 0.05, 0.025, 0.5]
        for (a, b) in zip(q, expected) { #expect(abs(a - b) < 1e-12) }
        #expect(Statistics.benjaminiHochberg([]).isEmpty)
    }
}
