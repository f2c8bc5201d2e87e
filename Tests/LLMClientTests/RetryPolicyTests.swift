import Foundation
import Testing
import TestSupport

@testable import LLMClient

@Suite struct RetryPolicyTests {
    @Test func retryableStatuses() {
        for status in [408, 409, 429, 500, 502, 503, 504, 529] { #expect(RetryPolicy.isRetryable(status: status)) }
        for status in [200, 400, 401, 403, 404, 413, 422] { #expect(!RetryPolicy.isRetryable(status: status)) }
    }

    @Test func backoffDoublesWithEqualJitterUpToTheCap() {
        let low = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(5), random: { 0 })
        let high = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(5), random: { 0.999_999 })
        #expect((1...5).map { low.delay(beforeRetry: $0, retryAfter: nil) } == [.milliseconds(500), .seconds(1), .seconds(2), .milliseconds(2500), .milliseconds(2500)])
        for retry in 1...5 {
            let ceiling = min(Duration.seconds(1) * (1 << (retry - 1)), .seconds(5))
            #expect(high.delay(beforeRetry: retry, retryAfter: nil) <= ceiling)
            #expect(high.delay(beforeRetry: retry, retryAfter: nil) > ceiling * 0.99)
        }
    }

    @Test func serverWaitIsHonouredExactly() {
        #expect(RetryPolicy(random: { 0.3 }).delay(beforeRetry: 4, retryAfter: .seconds(7)) == .seconds(7))
    }

    @Test func retryAfterHeaders() {
        #expect(HTTPResponse(status: 429, headers: ["Retry-After": "2"]).retryAfter == .seconds(2))
        #expect(HTTPResponse(status: 429, headers: ["retry-after": "0.5"]).retryAfter == .milliseconds(500))
        #expect(HTTPResponse(status: 429, headers: ["retry-after-ms": "250", "retry-after": "9"]).retryAfter == .milliseconds(250))
        #expect(HTTPResponse(status: 429, headers: ["retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"]).retryAfter == nil)
        #expect(HTTPResponse(status: 429, headers: ["retry-after": "-3"]).retryAfter == nil)
    }
}
