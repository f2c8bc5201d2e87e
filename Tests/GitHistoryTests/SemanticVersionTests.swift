import Testing

@testable import GitHistory

@Suite struct SemanticVersionTests {
    func v(_ s: String) -> SemanticVersion { SemanticVersion(tagName: s)! }

    @Test(arguments: ["v1.2.3", "1.2.3", "release-1.2", "v2", "v1.0.0-rc.1", "v1.0.0-alpha+build.5", "deploy/v3.1.4"])
    func parses(_ name: String) {
        #expect(SemanticVersion(tagName: name) != nil, "\(name)")
    }

    @Test(arguments: ["latest", "v", "v1.2.3.4", "v1..2", "v1.2.3-", "v1.2.3+", "v1.2.x", "v1.2.3-rc..1", "prod"])
    func rejects(_ name: String) {
        #expect(SemanticVersion(tagName: name) == nil, "\(name)")
    }

    @Test func readsTheParts() {
        let x = v("v1.2.3-rc.1+exp.sha.5114f85")
        #expect(x.prefix == "v")
        #expect([x.major, x.minor, x.patch] == [1, 2, 3])
        #expect(x.preRelease == ["rc", "1"])
        #expect(x.build == "exp.sha.5114f85")
        #expect(x.description == "v1.2.3-rc.1+exp.sha.5114f85")
        #expect(v("v2").description == "v2.0.0")
    }

    @Test func precedenceFollowsSemver() {
        // semver.org's own example chain.
        let chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"]
        let parsed = chain.map(v)
        for (a, b) in zip(parsed, parsed.dropFirst()) { #expect(a < b, "\(a) < \(b)") }
        #expect(v("v1.9.0") < v("v1.10.0"))
        #expect(v("v1.10.0") < v("v2.0.0-rc.1"))
        #expect(SemanticVersion.precedence(v("1.0.0+a"), v("1.0.0+b")) == nil)
        #expect(v("1.0.0+a") != v("1.0.0+b"))
    }
}
