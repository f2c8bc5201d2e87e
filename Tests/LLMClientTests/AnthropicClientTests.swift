import Foundation
import Testing
import TestSupport

@testable import Redaction
@testable import LLMClient

/// The Anthropic client against a real HTTP server on 127.0.0.1 speaking the Messages API.
@Suite struct AnthropicClientTests {
    static func message(_ content: String, stop: String = "end_turn", input: Int = 12, output: Int = 5) -> String {
        """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5","content":\(content),
         "stop_reason":"\(stop)","stop_sequence":null,"usage":{"input_tokens":\(input),"output_tokens":\(output)}}
        """
    }

    static func textAnswer(_ text: String) -> ScriptedResponse {
        .json(message(#"[{"type":"text","text":"\#(text)"}]"#))
    }

    static func toolUse(_ blocks: [(id: String, name: String, input: String)], text: String = "") -> ScriptedResponse {
        var content = text.isEmpty ? [] : [#"{"type":"text","text":"\#(text)"}"#]
        content += blocks.map { #"{"type":"tool_use","id":"\#($0.id)","name":"\#($0.name)","input":\#($0.input)}"# }
        return .json(message("[" + content.joined(separator: ",") + "]", stop: "tool_use"))
    }

    static let overloaded = ScriptedResponse.json(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
    static let serverError = ScriptedResponse.json(500, #"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#)

    func client(_ server: TestHTTPServer, sleeps: SleepRecorder = SleepRecorder(), timeout: Duration = .seconds(5), maxAttempts: Int = 3) -> AnthropicClient {
        AnthropicClient(config: testConfig(server, timeout: timeout, maxAttempts: maxAttempts), retry: sleeps.policy())
    }

    func request(_ text: String = "Summarise the deploy diff.", tools: [ToolDefinition] = [], schema: ResponseSchema? = nil) -> ChatRequest {
        ChatRequest(model: "claude-haiku-4-5", systemPrompt: "You review deploy diffs.", messages: [.user(text)],
                    tools: tools, maxTokens: 400, temperature: 0, responseSchema: schema)
    }

    @Test func plainAnswerUsesTheMessagesWireFormat() async throws {
        let server = try TestHTTPServer([Self.textAnswer("One incident: a new timeout in checkout.")])
        defer { server.stop() }
        let response = try await client(server).complete(request())

        #expect(response.text == "One incident: a new timeout in checkout.")
        #expect(response.stopReason == .endTurn)
        #expect(response.usage == TokenUsage(inputTokens: 12, outputTokens: 5))
        #expect(response.model == "claude-haiku-4-5")
        #expect(response.attempts == 1)
        #expect(!response.toolsUnsupported)

        let sent = try #require(server.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.path == "/v1/messages")
        #expect(sent.headers["x-api-key"] == "test-key-not-a-secret")
        #expect(sent.headers["anthropic-version"] == "2023-06-01")
        #expect(sent.headers["content-type"] == "application/json")
        #expect(sent.headers["authorization"] == nil)
        let body = sent.json
        #expect(body["system"] == "You review deploy diffs.")
        #expect(body["model"] == "claude-haiku-4-5")
        #expect(body["max_tokens"] == 400)
        #expect(body["temperature"] == 0)
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "Summarise the deploy diff."]]]])
        #expect(body["tools"] == nil)
    }

    @Test func toolLoopFeedsResultsBackAsToolResultBlocks() async throws {
        let server = try TestHTTPServer([
            Self.toolUse([("toolu_1", "template_samples", #"{"template_id":7,"side":"B"}"#)], text: "Let me look."),
            Self.toolUse([("toolu_2", "template_samples", #"{"template_id":7,"side":"A"}"#),
                          ("toolu_3", "template_samples", #"{"template_id":9}"#)]),
            Self.textAnswer("Regression: template 7 is new in B."),
        ])
        defer { server.stop() }
        let client = client(server)
        var conversation = request(tools: [samplesTool])
        var turns = 0
        var final: ChatResponse?
        while final == nil, turns < 5 {
            turns += 1
            let response = try await client.complete(conversation)
            guard response.stopReason == .toolUse else { final = response; break }
            conversation.messages.append(response.message)
            conversation.messages.append(.toolResults(response.toolCalls.map { call in
                ToolResult(toolCallID: call.id, content: "samples of \(call.arguments["template_id"]?.intValue ?? -1)",
                           isError: call.arguments["side"] == nil)
            }))
        }
        #expect(final?.text == "Regression: template 7 is new in B.")
        #expect(turns == 3)

        let bodies = server.requests.map(\.json)
        #expect(bodies.count == 3)
        #expect(bodies[0]["tools"] == [[
            "name": "template_samples", "description": "Samples of a template in a deployment.",
            "input_schema": samplesTool.inputSchema,
        ]])
        let second = try #require(bodies[1]["messages"]?.arrayValue)
        #expect(second.count == 3)
        #expect(second[1] == [
            "role": "assistant",
            "content": [
                ["type": "text", "text": "Let me look."],
                ["type": "tool_use", "id": "toolu_1", "name": "template_samples", "input": ["template_id": 7, "side": "B"]],
            ],
        ])
        #expect(second[2] == ["role": "user", "content": [["type": "tool_result", "tool_use_id": "toolu_1", "content": "samples of 7"]]])
        let third = try #require(bodies[2]["messages"]?.arrayValue)
        #expect(third.count == 5)
        #expect(third[4] == [
            "role": "user",
            "content": [
                ["type": "tool_result", "tool_use_id": "toolu_2", "content": "samples of 7"],
                ["type": "tool_result", "tool_use_id": "toolu_3", "content": "samples of 9", "is_error": true],
            ],
        ])
    }

    @Test func malformedAnswerIsAnErrorAndTheNextRequestSucceeds() async throws {
        let server = try TestHTTPServer([.json(#"{"id":"msg_01","content":[{"type":"text","te"#), Self.textAnswer("fine")])
        defer { server.stop() }
        let client = client(server)
        await #expect {
            _ = try await client.complete(request())
        } throws: { error in
            guard case LLMClientError.malformedResponse(.anthropic, let reason) = error else { return false }
            return reason.contains("not JSON")
        }
        #expect(try await client.complete(request()).text == "fine")
        #expect(server.requests.count == 2)
    }

    @Test func successBodyWithoutContentIsMalformed() async throws {
        let server = try TestHTTPServer([.json(#"{"id":"msg_01","type":"message"}"#)])
        defer { server.stop() }
        await #expect(throws: LLMClientError.self) { _ = try await client(server).complete(request()) }
    }

    @Test func rateLimitHonoursRetryAfterSeconds() async throws {
        let server = try TestHTTPServer([
            .json(429, #"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#, headers: ["retry-after": "2"]),
            Self.textAnswer("ok"),
        ])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let response = try await client(server, sleeps: sleeps).complete(request())
        #expect(response.text == "ok")
        #expect(response.attempts == 2)
        #expect(sleeps.sleeps == [.seconds(2)])
        #expect(server.requests.count == 2)
    }

    @Test func retryAfterMillisecondsWinsOverSeconds() async throws {
        let server = try TestHTTPServer([
            .json(429, "{}", headers: ["retry-after": "3", "retry-after-ms": "1500"]), Self.textAnswer("ok"),
        ])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        _ = try await client(server, sleeps: sleeps).complete(request())
        #expect(sleeps.sleeps == [.milliseconds(1500)])
    }

    @Test func overloadedIsRetriedWithBackoff() async throws {
        let server = try TestHTTPServer([Self.overloaded, Self.textAnswer("ok")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let response = try await client(server, sleeps: sleeps).complete(request())
        #expect(response.text == "ok")
        // 500 ms base, equal jitter at random 0.5: 250 ms + 125 ms.
        #expect(sleeps.sleeps == [.milliseconds(375)])
    }

    @Test func serverErrorTwiceThenSuccess() async throws {
        let server = try TestHTTPServer([Self.serverError, Self.serverError, Self.textAnswer("third time")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let response = try await client(server, sleeps: sleeps).complete(request())
        #expect(response.text == "third time")
        #expect(response.attempts == 3)
        #expect(sleeps.sleeps == [.milliseconds(375), .milliseconds(750)])
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        let server = try TestHTTPServer([Self.overloaded, Self.overloaded, Self.overloaded, Self.textAnswer("never")])
        defer { server.stop() }
        await #expect(throws: LLMClientError.http(status: 529, body: "Overloaded")) {
            _ = try await client(server, maxAttempts: 3).complete(request())
        }
        #expect(server.requests.count == 3)
    }

    @Test func retryAfterBeyondTheCapFailsAtOnce() async throws {
        let server = try TestHTTPServer([.json(429, #"{"error":{"message":"daily limit"}}"#, headers: ["retry-after": "3600"])])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        await #expect(throws: LLMClientError.http(status: 429, body: "daily limit")) {
            _ = try await client(server, sleeps: sleeps).complete(request())
        }
        #expect(sleeps.sleeps.isEmpty)
    }

    @Test func unauthorizedIsNotRetriedAndNamesTheVariable() async throws {
        let server = try TestHTTPServer([
            .json(401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key test-key-not-a-secret"}}"#),
            Self.textAnswer("must not be reached"),
        ])
        defer { server.stop() }
        var caught: (any Error)?
        do { _ = try await client(server).complete(request()) } catch { caught = error }
        let error = try #require(caught as? LLMClientError)
        guard case .authentication(.anthropic, 401, _) = error else {
            Issue.record("expected an authentication error, got \(error)")
            return
        }
        #expect(error.description.contains("ANTHROPIC_API_KEY"))
        #expect(!error.description.contains("test-key-not-a-secret"))
        #expect(server.requests.count == 1)
    }

    @Test func notFoundIsAnUnknownModel() async throws {
        let server = try TestHTTPServer([
            .json(404, #"{"type":"error","error":{"type":"not_found_error","message":"model: claude-nope"}}"#),
        ])
        defer { server.stop() }
        var caught: (any Error)?
        do { _ = try await client(server).complete(request()) } catch { caught = error }
        let error = try #require(caught as? LLMClientError)
        #expect(error == .unknownModel(provider: .anthropic, model: "claude-haiku-4-5", baseURL: server.baseURL.absoluteString, message: "model: claude-nope"))
        #expect(error.description.contains("check the model name"))
        #expect(server.requests.count == 1)
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try TestHTTPServer([.hang, .hang, .hang])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        await #expect(throws: LLMClientError.timeout(provider: .anthropic, baseURL: server.baseURL.absoluteString, seconds: 0.5)) {
            _ = try await client(server, sleeps: sleeps, timeout: .milliseconds(500)).complete(request())
        }
        #expect(server.requests.count == 3, "a timeout is retried, within maxAttempts")
        #expect(sleeps.sleeps.count == 2)
    }

    @Test func structuredOutputUsesAForcedTool() async throws {
        let server = try TestHTTPServer([
            Self.toolUse([("toolu_9", "finding", #"{"verdict":"regression","confidence":0.8,"title":"New timeout"}"#)]),
        ])
        defer { server.stop() }
        let response = try await client(server).complete(request(schema: verdictSchema))
        #expect(response.structuredOutputMode == .forcedTool)
        #expect(response.structuredOutput == ["verdict": "regression", "confidence": 0.8, "title": "New timeout"])
        #expect(response.structuredOutputIssues.isEmpty)
        #expect(response.toolCalls.isEmpty)
        #expect(response.stopReason == .endTurn)
        let body = try #require(server.requests.first?.json)
        #expect(body["tool_choice"] == ["type": "tool", "name": "finding"])
        #expect(body["tools"]?[0]?["input_schema"] == verdictSchema.schema)
    }

    @Test func structuredOutputWithToolsIsAskedInThePromptAndValidated() async throws {
        let server = try TestHTTPServer([Self.textAnswer(#"{\"verdict\":\"maybe\",\"confidence\":2,\"title\":\"x\"}"#)])
        defer { server.stop() }
        let response = try await client(server).complete(request(tools: [samplesTool], schema: verdictSchema))
        #expect(response.structuredOutputMode == .promptInstructions)
        #expect(response.structuredOutput == nil)
        #expect(response.structuredOutputIssues.count == 2)
        let body = try #require(server.requests.first?.json)
        #expect(body["tool_choice"] == nil)
        #expect(body["system"]?.stringValue?.contains("JSON Schema") == true)
    }

    @Test func plantedSecretsNeverLeaveTheMachine() async throws {
        let server = try TestHTTPServer([
            Self.toolUse([("toolu_1", "template_samples", #"{"template_id":1}"#)]), Self.textAnswer("done"),
        ])
        defer { server.stop() }
        let client = client(server)
        var conversation = request("Samples:\n" + UntrustedText.fence(PlantedSecrets.logLine, id: "s1"), tools: [samplesTool])
        conversation.systemPrompt! += " Contact ops@example.com."
        let first = try await client.complete(conversation)
        conversation.messages.append(first.message)
        conversation.messages.append(.toolResults([ToolResult(toolCallID: "toolu_1", content: PlantedSecrets.logLine)]))
        _ = try await client.complete(conversation)

        for sent in server.requests {
            for secret in PlantedSecrets.all + ["ops@example.com"] { #expect(!sent.bodyText.contains(secret)) }
            #expect(sent.bodyText.contains("[REDACTED:aws-key]"))
        }
    }
}
