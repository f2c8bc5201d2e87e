import Foundation

/// Tests that stay honest on sparse counts: exact binomial tails (through the regularised
/// incomplete beta function, so large counts cost no more than small ones) and
/// Benjamini–Hochberg false discovery rate control over all templates.
public enum Statistics {
    /// P(X ≥ k) for X ~ Binomial(n, p).
    public static func binomialUpperTail(k: Int, n: Int, p: Double) -> Double {
        if k <= 0 { return 1 }
        if k > n { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        return regularizedBeta(x: p, a: Double(k), b: Double(n - k + 1))
    }

    /// P(X ≤ k) for X ~ Binomial(n, p).
    public static func binomialLowerTail(k: Int, n: Int, p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return 1 - binomialUpperTail(k: k + 1, n: n, p: p)
    }

    /// Two-sided exact conditional test of a count shift between a baseline and a candidate.
    ///
    /// Given `a` occurrences in a baseline of size `exposureA` (records or minutes) and `b` in a
    /// candidate of size `exposureB`, under "no change" the candidate's share of the `a + b`
    /// occurrences is Binomial(a + b, exposureB / (exposureA + exposureB)). The p-value doubles the
    /// smaller tail (capped at 1).
    public static func rateShiftPValue(a: Int, b: Int, exposureA: Double, exposureB: Double) -> Double {
        let n = a + b
        guard n > 0, exposureA > 0, exposureB > 0 else { return 1 }
        let p0 = exposureB / (exposureA + exposureB)
        let upper = binomialUpperTail(k: b, n: n, p: p0)
        let lower = binomialLowerTail(k: b, n: n, p: p0)
        return min(1, 2 * min(upper, lower))
    }

    /// Benjamini–Hochberg q-values, in the order of `pValues`.
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var q = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, pValues[i] * Double(m) / Double(rank))
            q[i] = min(1, running)
        }
        return q
    }

    /// I_x(a, b), the regularised incomplete beta function (continued fraction, Lentz's method).
    static func regularizedBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(lnFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(lnFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let mm = Double(m)
            let m2 = 2 * mm
            var aa = mm * (b - mm) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + mm) * (a + b + mm) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-14 { break }
        }
        return h
    }
}
