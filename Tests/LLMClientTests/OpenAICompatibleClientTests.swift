import Foundation
import Testing
import TestSupport

@testable import Redaction
@testable import LLMClient

/// The OpenAI-compatible client against a real HTTP server on 127.0.0.1 speaking chat completions.
@Suite struct OpenAICompatibleClientTests {
    static func completion(message: String, finish: String = "stop", usage: String = #"{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27}"#) -> String {
        """
        {"id":"chatcmpl-1","object":"chat.completion","created":1714560000,"model":"llama3.1",
         "choices":[{"index":0,"message":\(message),"finish_reason":"\(finish)"}],"usage":\(usage)}
        """
    }

    static func textAnswer(_ text: String) -> ScriptedResponse {
        .json(completion(message: #"{"role":"assistant","content":"\#(text)"}"#))
    }

    static func toolCalls(_ calls: String) -> ScriptedResponse {
        .json(completion(message: #"{"role":"assistant","content":null,"tool_calls":\#(calls)}"#, finish: "tool_calls"))
    }

    func client(_ server: TestHTTPServer, key: String? = "test-key-not-a-secret", sleeps: SleepRecorder = SleepRecorder(),
                timeout: Duration = .seconds(5), memory: StructuredOutputMemory = StructuredOutputMemory()) -> OpenAICompatibleClient {
        OpenAICompatibleClient(config: testConfig(server, path: "v1", key: key, timeout: timeout), retry: sleeps.policy(), formatMemory: memory)
    }

    func request(_ text: String = "Summarise the deploy diff.", tools: [ToolDefinition] = [], schema: ResponseSchema? = nil) -> ChatRequest {
        ChatRequest(model: "llama3.1", systemPrompt: "You review deploy diffs.", messages: [.user(text)],
                    tools: tools, maxTokens: 300, responseSchema: schema)
    }

    @Test func plainAnswerUsesTheChatCompletionsWireFormat() async throws {
        let server = try TestHTTPServer([Self.textAnswer("Two incidents.")])
        defer { server.stop() }
        let response = try await client(server).complete(request())
        #expect(response.text == "Two incidents.")
        #expect(response.usage == TokenUsage(inputTokens: 20, outputTokens: 7))
        #expect(response.stopReason == .endTurn)
        #expect(response.structuredOutputMode == nil)

        let sent = try #require(server.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.path == "/v1/chat/completions")
        #expect(sent.headers["authorization"] == "Bearer test-key-not-a-secret")
        #expect(sent.headers["x-api-key"] == nil)
        #expect(sent.json["messages"] == [
            ["role": "system", "content": "You review deploy diffs."],
            ["role": "user", "content": "Summarise the deploy diff."],
        ])
        #expect(sent.json["max_tokens"] == 300)
        #expect(sent.json["response_format"] == nil)
        #expect(sent.json["tools"] == nil)
    }

    @Test func localServerWithoutKeyGetsNoAuthorizationHeader() async throws {
        let server = try TestHTTPServer([.json(Self.completion(message: #"{"role":"assistant","content":"ok"}"#, usage: "null"))])
        defer { server.stop() }
        let response = try await client(server, key: nil).complete(request())
        #expect(response.usage == TokenUsage())
        #expect(server.requests.first?.headers["authorization"] == nil)
    }

    @Test func toolLoopWithStringObjectAndMissingIDArguments() async throws {
        let server = try TestHTTPServer([
            // OpenAI style: arguments as a JSON string.
            Self.toolCalls(#"[{"id":"call_a","type":"function","function":{"name":"template_samples","arguments":"{\"template_id\":7,\"side\":\"B\"}"}}]"#),
            // Ollama style: arguments as an object, and no id at all.
            Self.toolCalls(#"[{"type":"function","function":{"name":"template_samples","arguments":{"template_id":7,"side":"A"}}},{"function":{"name":"template_samples","arguments":""}}]"#),
            Self.textAnswer("Regression in template 7."),
        ])
        defer { server.stop() }
        let client = client(server)
        var conversation = request(tools: [samplesTool])
        var responses: [ChatResponse] = []
        for _ in 0..<5 {
            let response = try await client.complete(conversation)
            responses.append(response)
            guard response.stopReason == .toolUse else { break }
            conversation.messages.append(response.message)
            conversation.messages.append(.toolResults(response.toolCalls.map {
                ToolResult(toolCallID: $0.id, content: "result for \($0.arguments.jsonString)", isError: $0.arguments == [:])
            }))
        }
        #expect(responses.count == 3)
        #expect(responses.last?.text == "Regression in template 7.")
        #expect(responses[0].toolCalls == [ToolCall(id: "call_a", name: "template_samples", arguments: ["template_id": 7, "side": "B"])])
        let generated = responses[1].toolCalls
        #expect(generated.map(\.arguments) == [["template_id": 7, "side": "A"], [:]])
        #expect(generated.allSatisfy { $0.id.hasPrefix("call_") && $0.id.count == 21 })
        #expect(Set(generated.map(\.id)).count == 2)

        let bodies = server.requests.map(\.json)
        #expect(bodies[0]["tools"] == [[
            "type": "function",
            "function": ["name": "template_samples", "description": "Samples of a template in a deployment.", "parameters": samplesTool.inputSchema],
        ]])
        let second = try #require(bodies[1]["messages"]?.arrayValue)
        #expect(second.count == 4)
        #expect(second[2] == [
            "role": "assistant", "content": .null,
            "tool_calls": [["id": "call_a", "type": "function", "function": ["name": "template_samples", "arguments": #"{"side":"B","template_id":7}"#]]],
        ])
        #expect(second[3] == ["role": "tool", "tool_call_id": "call_a", "content": #"result for {"side":"B","template_id":7}"#])
        let third = try #require(bodies[2]["messages"]?.arrayValue)
        #expect(third.count == 7)
        #expect(third[4]["tool_calls"]?[1]?["id"] == .string(generated[1].id))
        #expect(third[5] == ["role": "tool", "tool_call_id": .string(generated[0].id), "content": #"result for {"side":"A","template_id":7}"#])
        #expect(third[6] == ["role": "tool", "tool_call_id": .string(generated[1].id), "content": "Error: result for {}"])
    }

    @Test func generatedToolCallIDsAreStable() async throws {
        let answer = Self.toolCalls(#"[{"function":{"name":"template_samples","arguments":"{\"template_id\":3}"}}]"#)
        let server = try TestHTTPServer([answer, answer])
        defer { server.stop() }
        let client = client(server)
        let first = try await client.complete(request(tools: [samplesTool]))
        let second = try await client.complete(request(tools: [samplesTool]))
        #expect(first.toolCalls.map(\.id) == second.toolCalls.map(\.id))
    }

    @Test func unparsableArgumentsAreKeptAsText() async throws {
        let server = try TestHTTPServer([Self.toolCalls(#"[{"id":"c1","function":{"name":"template_samples","arguments":"{template_id: 3"}}]"#)])
        defer { server.stop() }
        let response = try await client(server).complete(request(tools: [samplesTool]))
        #expect(response.toolCalls.first?.arguments == .string("{template_id: 3"))
    }

    @Test func malformedAnswerIsAnErrorAndTheNextRequestSucceeds() async throws {
        let server = try TestHTTPServer([.text(200, "<html>proxy error</html>"), Self.textAnswer("fine")])
        defer { server.stop() }
        let client = client(server)
        await #expect {
            _ = try await client.complete(request())
        } throws: { error in
            guard case LLMClientError.malformedResponse(.openAICompatible, _) = error else { return false }
            return true
        }
        #expect(try await client.complete(request()).text == "fine")
    }

    @Test func missingChoicesIsMalformed() async throws {
        let server = try TestHTTPServer([.json(#"{"id":"x","choices":[]}"#)])
        defer { server.stop() }
        await #expect(throws: LLMClientError.self) { _ = try await client(server).complete(request()) }
    }

    @Test func rateLimitThenSuccess() async throws {
        let server = try TestHTTPServer([
            .json(429, #"{"error":{"message":"Rate limit reached","type":"requests"}}"#, headers: ["Retry-After": "1"]),
            Self.textAnswer("ok"),
        ])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let response = try await client(server, sleeps: sleeps).complete(request())
        #expect(response.text == "ok")
        #expect(sleeps.sleeps == [.seconds(1)])
    }

    @Test func serverErrorTwiceThenSuccess() async throws {
        let failure = ScriptedResponse.json(500, #"{"error":{"message":"boom"}}"#)
        let server = try TestHTTPServer([failure, failure, Self.textAnswer("ok")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let response = try await client(server, sleeps: sleeps).complete(request())
        #expect(response.attempts == 3)
        #expect(sleeps.sleeps.count == 2)
    }

    @Test func unauthorizedIsNotRetriedAndTheEchoedKeyIsScrubbed() async throws {
        let server = try TestHTTPServer([
            .json(401, #"{"error":{"message":"Incorrect API key provided: test-key-not-a-secret.","type":"invalid_request_error","code":"invalid_api_key"}}"#),
        ])
        defer { server.stop() }
        var caught: (any Error)?
        do { _ = try await client(server).complete(request()) } catch { caught = error }
        let error = try #require(caught as? LLMClientError)
        guard case .authentication(.openAICompatible, 401, let message) = error else {
            Issue.record("expected an authentication error, got \(error)")
            return
        }
        #expect(message.contains("Incorrect API key provided"))
        #expect(!error.description.contains("test-key-not-a-secret"))
        #expect(error.description.contains("OPENAI_API_KEY"))
        #expect(server.requests.count == 1)
    }

    @Test func modelNotFoundNamesTheBaseURLVariable() async throws {
        let server = try TestHTTPServer([.json(404, #"{"error":{"message":"model \"llama3.1\" not found, try pulling it first"}}"#)])
        defer { server.stop() }
        var caught: (any Error)?
        do { _ = try await client(server).complete(request()) } catch { caught = error }
        let error = try #require(caught as? LLMClientError)
        guard case .unknownModel(.openAICompatible, "llama3.1", _, _) = error else {
            Issue.record("expected unknownModel, got \(error)")
            return
        }
        #expect(error.description.contains("OPENAI_BASE_URL"))
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try TestHTTPServer([.hang, .hang, .hang])
        defer { server.stop() }
        var caught: (any Error)?
        do { _ = try await client(server, timeout: .milliseconds(400)).complete(request()) } catch { caught = error }
        #expect(server.requests.count == 3, "a timeout is retried, within maxAttempts")
        guard case LLMClientError.timeout(.openAICompatible, _, 0.4)? = caught as? LLMClientError else {
            Issue.record("expected a timeout, got \(String(describing: caught))")
            return
        }
    }

    @Test func connectionRefusedIsAClearError() async throws {
        let server = try TestHTTPServer([])
        let config = testConfig(server, path: "v1")
        server.stop()  // nothing listens on the port any more
        var caught: (any Error)?
        do { _ = try await OpenAICompatibleClient(config: config, retry: SleepRecorder().policy()).complete(request()) } catch { caught = error }
        guard case LLMClientError.connection(.openAICompatible, _, _)? = caught as? LLMClientError else {
            Issue.record("expected a connection error, got \(String(describing: caught))")
            return
        }
    }

    @Test func plantedSecretsNeverLeaveTheMachine() async throws {
        let server = try TestHTTPServer([
            Self.toolCalls(#"[{"id":"c1","function":{"name":"template_samples","arguments":"{\"template_id\":1}"}}]"#),
            Self.textAnswer("done"),
        ])
        defer { server.stop() }
        let client = client(server)
        var conversation = request(UntrustedText.fence(PlantedSecrets.logLine, id: "s1"), tools: [samplesTool])
        let first = try await client.complete(conversation)
        conversation.messages.append(first.message)
        conversation.messages.append(.toolResults([ToolResult(toolCallID: "c1", content: "dsn=postgres://app:\(PlantedSecrets.password)@db:5432/x")]))
        _ = try await client.complete(conversation)
        for sent in server.requests {
            for secret in PlantedSecrets.all { #expect(!sent.bodyText.contains(secret)) }
        }
        #expect(server.requests[1].bodyText.contains("postgres://[REDACTED:credentials]@db:5432/x"))
    }
}
