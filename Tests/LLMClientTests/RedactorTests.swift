import Foundation
import Testing
import TestSupport

@testable import Redaction
@testable import LLMClient

@Suite struct RedactorTests {
    let redactor = Redactor()

    /// One planted secret per rule: the input, what must vanish, and the expected output.
    static let planted: [(rule: RedactionRule, input: String, secret: String, expected: String)] = [
        (.awsAccessKey, "using key AKIAIOSFODNN7EXAMPLE for s3", "AKIAIOSFODNN7EXAMPLE", "using key [REDACTED:aws-key] for s3"),
        (.awsSecretKey, "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI",
         "aws_secret_access_key=[REDACTED:aws-secret]"),
        (.bearerToken, "GET /api Authorization: Bearer abc123def456ghi789 ok", "abc123def456ghi789",
         "GET /api Authorization: Bearer [REDACTED:bearer-token] ok"),
        (.bearerToken, "retrying with bearer 9f8e7d6c5b4a3f2e1d0c", "9f8e7d6c5b4a", "retrying with bearer [REDACTED:bearer-token]"),
        (.bearerToken, "authorization=Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNz", "authorization=Basic [REDACTED:bearer-token]"),
        (.knownAPIKey, "client init key sk-ant-api03-abcdefghijklmnopqrstuvwx", "sk-ant-api03", "client init key [REDACTED:api-key]"),
        (.knownAPIKey, "token ghp_abcdefghijklmnopqrstuvwxyz0123456789 used", "ghp_abcdef", "token [REDACTED:api-key] used"),
        (.keyValueSecret, "login failed password=hunter2 user=bob", "hunter2", "login failed password=[REDACTED:secret] user=bob"),
        (.keyValueSecret, "db_password: s3cr3t!", "s3cr3t", "db_password: [REDACTED:secret]"),
        (.keyValueSecret, #"{"client_secret": "abc\"def", "id": 7}"#, "abc", #"{"client_secret": "[REDACTED:secret]", "id": 7}"#),
        (.keyValueSecret, "API_KEY='x-1-2-3' refresh_token=zzz", "x-1-2-3", "API_KEY='[REDACTED:secret]' refresh_token=[REDACTED:secret]"),
        (.jwt, "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig-part_1 expired", "eyJhbGci",
         "session [REDACTED:jwt] expired"),
        (.privateKeyBlock, "cert:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc+/=\n-----END RSA PRIVATE KEY-----\nnext",
         "MIIEpAIBAAKCAQEA", "cert:\n[REDACTED:private-key]\nnext"),
        (.privateKeyBlock, "truncated -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg", "MIIEvQIBADANBg", "truncated [REDACTED:private-key]"),
        (.connectionString, "connect postgres://app:pa55w0rd@db.internal:5432/orders failed", "pa55w0rd",
         "connect postgres://[REDACTED:credentials]@db.internal:5432/orders failed"),
        (.connectionString, "redis://:only-a-password@cache:6379", "only-a-password", "redis://[REDACTED:credentials]@cache:6379"),
        (.email, "notify jane.doe+ops@example.co.uk now", "jane.doe", "notify [REDACTED:email] now"),
    ]

    @Test func eachRuleRemovesItsPlantedSecret() {
        for case let (rule, input, secret, expected) in Self.planted {
            let (output, counts) = redactor.scan(input)
            #expect(output == expected, "rule \(rule)")
            #expect(!output.contains(secret), "rule \(rule)")
            #expect(counts[rule, default: 0] >= 1, "rule \(rule) counted \(counts)")
        }
    }

    @Test func ordinaryTextIsLeftAlone() {
        let negatives = [
            "request 3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f completed in 42 ms",  // a UUID
            "The deploy finished and all checks passed; no password was needed.",  // a sentence
            "artifact sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 verified",  // a hash
            "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 by Ana",
            "basic authentication failed for user bob",
            "max_tokens=512 input_tokens: 120 token_type=bearer",
            "enabled=true secret_rotation=false",
            "GET /api/v1/items?page=2 200 12ms",
            "version 1.2.3.4 deployed to 10.0.0.12",
            "<Error> at Foo<Bar>.baz()",
        ]
        for text in negatives { #expect(redactor.redact(text) == text) }
    }

    @Test func ipAddressesOnlyWhenAsked() {
        let text = "upstream 10.0.0.12:8080 refused; retry 192.168.1.254"
        #expect(Redactor().redact(text) == text)
        #expect(Redactor(redactIPAddresses: true).redact(text) == "upstream [REDACTED:ip]:8080 refused; retry [REDACTED:ip]")
        #expect(Redactor(redactIPAddresses: true).redact("version 1.2.3.45.6") == "version 1.2.3.45.6")
    }

    @Test func redactionIsIdempotentAndDeterministic() {
        let all = Self.planted.map(\.input).joined(separator: "\n")
        let once = redactor.redact(all)
        #expect(redactor.redact(once) == once)
        #expect(redactor.redact(all) == once)
    }

    @Test func redactsEveryTextPartOfARequest() {
        let secret = "password=hunter2"
        let request = ChatRequest(
            model: "m", systemPrompt: secret,
            messages: [
                .system(secret), .user(secret),
                .assistant(text: secret, toolCalls: [ToolCall(id: "1", name: "t", arguments: ["q": .string(secret), "n": 1])]),
                .toolResults([ToolResult(toolCallID: "1", content: secret)]),
            ],
            tools: [samplesTool], responseSchema: verdictSchema)
        let clean = redactor.redact(request)
        let text = String(decoding: try! JSONEncoder().encode(clean), as: UTF8.self)
        #expect(!text.contains("hunter2"))
        #expect(clean.tools == request.tools)
        #expect(clean.responseSchema == request.responseSchema)
    }

    /// A key whose END line never came (a truncated sample) must not swallow what follows it in the
    /// request: the other changes and the closing fence reach the model.
    @Test func aPrivateKeyWithoutItsEndLineEatsOnlyItsOwnLines() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4"
        let prompt = "Changes:\n"
            + UntrustedText.fence("2026-03-03 ERROR tls: bad key " + key, id: "new:T3-sample") + "\n"
            + "new:T9 ERROR payment gateway timeout after <*>\n"
            + UntrustedText.fence("2026-03-03 ERROR payment gateway timeout after 250ms", id: "new:T9-sample") + "\nEnd of diff."
        let clean = redactor.redact(prompt)
        #expect(!clean.contains("MIIEvQIBADANBg"))
        #expect(!clean.contains("VJTUt9Us8cKjMzEfYyjiWA4R4"))
        #expect(clean.contains("tls: bad key [REDACTED:private-key]\n</untrusted-log-data>"), "\(clean)")
        #expect(clean.contains("new:T9 ERROR payment gateway timeout after <*>"))
        #expect(clean.components(separatedBy: "</untrusted-log-data>").count == 3, "both fences close")
        #expect(clean.hasSuffix("</untrusted-log-data>\nEnd of diff."))

        // On one line (a JSON log with escaped newlines), and flattened with spaces.
        #expect(redactor.redact(#"{"msg":"key -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\nhkiG9w0B","level":"error"}"#)
            == #"{"msg":"key [REDACTED:private-key]","level":"error"}"#)
        #expect(redactor.redact("-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEAx1y2z3 next: done")
            == "[REDACTED:private-key] next: done")
        // An END line far away, past other text, is not a licence to eat that text.
        let far = "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n</untrusted-log-data>\nkeep me\n-----END PRIVATE KEY-----"
        #expect(redactor.redact(far).contains("</untrusted-log-data>\nkeep me"))
    }

    @Test func leavesOrdinaryLogsAlone() {
        let line = "2024-05-01T10:00:00Z INFO checkout order=123 took 45ms user_id=9 status=200 path=/api/cart\n"
        let text = String(repeating: line, count: 2000)  // about 180 KB
        #expect(redactor.redact(text) == text)
    }
}
