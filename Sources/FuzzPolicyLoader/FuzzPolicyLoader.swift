import FuzzSupport
import LogMining
import DeployGate

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer target: the policy loader (`.deploydiff.yml`) on arbitrary text.
///
/// Beyond "no crash": a refusal is a `PolicyError` naming the file; an accepted policy is one the
/// gate can use (version 1 or none, q-values in [0, 1], ratios finite and not negative, levels that
/// are levels) and every service's resolved policy is too.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FuzzPolicyLoader.run(input)
    return 0
}

enum FuzzPolicyLoader {
    static func run(_ input: [UInt8]) {
        let text = String(decoding: input, as: UTF8.self)
        let policy: GatePolicy
        do { policy = try PolicyLoader.parse(text, path: "fuzz.yml") } catch let e as PolicyError {
            precondition(e.description.hasPrefix("fuzz.yml"), "a refusal that does not name the file: \(e)")
            return
        } catch {
            preconditionFailure("not a PolicyError: \(error)")
        }
        precondition(policy.version == nil || policy.version == GatePolicy.supportedVersion, "version \(String(describing: policy.version)) accepted")
        for p in [policy] + (policy.services ?? [:]).keys.sorted().map({ policy.resolved(for: $0) }) {
            for r in p.effectiveRules {
                if let q = r.maxQ { precondition(q >= 0 && q <= 1, "maxQ \(q) accepted") }
                if let m = r.minRatio { precondition(m.isFinite && m >= 0, "minRatio \(m) accepted") }
                for l in [r.minLevel, r.maxLevel].compactMap({ $0 }) { precondition(l != .unknown, "level '\(l)' accepted") }
            }
            for i in p.ignore ?? [] { precondition(i.template != nil || i.match != nil, "an ignore naming nothing accepted") }
        }
    }
}

@main struct Main {
    static func main() { FuzzDriver.main(test: { LLVMFuzzerTestOneInput($0, $1) }, replay: FuzzPolicyLoader.run) }
}
