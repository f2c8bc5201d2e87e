import Foundation
import Testing
import TestSupport

@testable import LLMClient

/// Structured-output negotiation and the no-tools signal of the OpenAI-compatible client, against
/// synthetic refusals and against answers recorded from llama-cpp-python's server
/// (fixtures/model-server/llama-cpp-python).
@Suite struct StructuredOutputNegotiationTests {
    static let goodFinding = #"{\"verdict\":\"regression\",\"confidence\":0.7,\"title\":\"New timeout\"}"#

    static func answer(_ content: String) -> ScriptedResponse {
        OpenAICompatibleClientTests.textAnswer(content)
    }

    static let schemaRefused = ScriptedResponse.json(400, #"{"error":{"message":"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.","type":"invalid_request_error","param":"response_format"}}"#)

    func client(_ server: TestHTTPServer, memory: StructuredOutputMemory = StructuredOutputMemory(), sleeps: SleepRecorder = SleepRecorder()) -> OpenAICompatibleClient {
        OpenAICompatibleClient(config: testConfig(server, path: "v1", key: nil), retry: sleeps.policy(), formatMemory: memory)
    }

    func request(tools: [ToolDefinition] = []) -> ChatRequest {
        ChatRequest(model: "gemma-3-270m", systemPrompt: "You review deploy diffs.", messages: [.user("diff")],
                    tools: tools, maxTokens: 200, responseSchema: verdictSchema)
    }

    @Test func jsonSchemaAcceptedFirstTime() async throws {
        let server = try TestHTTPServer([Self.answer(Self.goodFinding)])
        defer { server.stop() }
        let response = try await client(server).complete(request())
        #expect(response.structuredOutputMode == .jsonSchema)
        #expect(response.structuredOutput?["verdict"] == "regression")
        #expect(response.structuredOutputIssues.isEmpty)
        let format = try #require(server.requests.first?.json["response_format"])
        #expect(format == ["type": "json_schema", "json_schema": ["name": "finding", "schema": verdictSchema.schema, "strict": true]])
        // The schema is in the prompt too, for servers that ignore response_format.
        #expect(server.requests.first?.json["messages"]?[0]?["content"]?.stringValue?.contains(#""verdict""#) == true)
    }

    @Test func jsonSchemaRefusedThenJSONObjectAcceptedAndRemembered() async throws {
        let server = try TestHTTPServer([Self.schemaRefused, Self.answer(Self.goodFinding), Self.answer(Self.goodFinding)])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = client(server, sleeps: sleeps)
        let first = try await client.complete(request())
        #expect(first.structuredOutputMode == .jsonObject)
        #expect(first.attempts == 2)
        #expect(first.structuredOutput != nil)
        let second = try await client.complete(request())
        #expect(second.structuredOutputMode == .jsonObject)
        #expect(second.attempts == 1)

        let formats = server.requests.map { $0.json["response_format"]?["type"] }
        #expect(formats == ["json_schema", "json_object", "json_object"])
        #expect(server.requests[1].json["response_format"] == ["type": "json_object", "schema": verdictSchema.schema])
        #expect(sleeps.sleeps.isEmpty)  // a refusal of the form is not a retry
        #expect(await client.formatMemory.mode(for: client.config.baseURL) == .jsonObject)
    }

    @Test func memoryIsSharedBetweenClientsOfOneRun() async throws {
        let server = try TestHTTPServer([Self.schemaRefused, Self.answer(Self.goodFinding), Self.answer(Self.goodFinding)])
        defer { server.stop() }
        let memory = StructuredOutputMemory()
        _ = try await client(server, memory: memory).complete(request())
        let other = try await client(server, memory: memory).complete(request())
        #expect(other.structuredOutputMode == .jsonObject)
        #expect(server.requests.count == 3)
    }

    @Test func bothFormsRefusedFallsBackToPromptInstructions() async throws {
        let server = try TestHTTPServer([
            .json(422, #"{"detail":[{"loc":["body","response_format","type"],"msg":"unexpected value"}]}"#),
            .json(400, #"{"error":{"message":"response_format is not supported"}}"#),
            Self.answer("Here you go: " + Self.goodFinding),
            Self.answer(Self.goodFinding),
        ])
        defer { server.stop() }
        let client = client(server)
        let response = try await client.complete(request())
        #expect(response.structuredOutputMode == .promptInstructions)
        #expect(response.structuredOutput?["title"] == "New timeout")
        #expect(response.attempts == 3)
        #expect(server.requests[2].json["response_format"] == nil)
        let system = server.requests[2].json["messages"]?[0]?["content"]?.stringValue ?? ""
        #expect(system.hasPrefix("You review deploy diffs.\n\nAnswer with one JSON object"))
        _ = try await client.complete(request())
        #expect(server.requests[3].json["response_format"] == nil)
    }

    @Test func refusalInPromptModeIsAnError() async throws {
        let server = try TestHTTPServer([
            Self.schemaRefused, Self.schemaRefused, .json(400, #"{"error":{"message":"bad request"}}"#),
        ])
        defer { server.stop() }
        await #expect(throws: LLMClientError.http(status: 400, body: "bad request")) {
            _ = try await client(server).complete(request())
        }
        #expect(server.requests.count == 3)
    }

    @Test func authenticationFailureIsNotTakenForARefusal() async throws {
        let server = try TestHTTPServer([.json(401, #"{"error":{"message":"no key"}}"#)])
        defer { server.stop() }
        await #expect(throws: LLMClientError.self) { _ = try await client(server).complete(request()) }
        #expect(server.requests.count == 1)
    }

    @Test func answerThatIgnoresTheSchemaIsReportedNotThrown() async throws {
        let server = try TestHTTPServer([Self.answer("I think it is fine.")])
        defer { server.stop() }
        let response = try await client(server).complete(request())
        #expect(response.structuredOutput == nil)
        #expect(response.structuredOutputIssues == ["the answer contains no JSON object"])
        #expect(response.text == "I think it is fine.")
    }

    // MARK: llama-cpp-python, replayed from recorded answers

    @Test func llamaCppServerRefusalIsRecognisedAndNotRetried() async throws {
        let server = try TestHTTPServer([
            try .fixture("llama-cpp-python/json-schema-refused"),
            try .fixture("llama-cpp-python/json-object-answer"),
        ])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let response = try await client(server, sleeps: sleeps).complete(request())
        #expect(response.structuredOutputMode == .jsonObject)
        #expect(response.attempts == 2)
        #expect(sleeps.sleeps.isEmpty)
        #expect(response.usage.inputTokens > 0 && response.usage.outputTokens > 0)
        // The 270M model's answer is schema-valid, whatever its quality.
        #expect(response.structuredOutputIssues == [])
        #expect(response.structuredOutput?["verdict"] != nil)
    }

    @Test func llamaCppServerIgnoringToolsIsFlagged() async throws {
        let server = try TestHTTPServer([try .fixture("llama-cpp-python/tools-ignored")])
        defer { server.stop() }
        var plain = request(tools: [samplesTool])
        plain.responseSchema = nil
        let response = try await client(server).complete(plain)
        #expect(response.toolsUnsupported)
        #expect(response.toolCalls.isEmpty)
    }

    /// The same server, given a system turn, writes its prompt back instead of nothing. That is
    /// indistinguishable on the wire from a model that chose not to call a tool, so it is not flagged.
    @Test func llamaCppServerEchoWithToolsIsNotFlagged() async throws {
        let server = try TestHTTPServer([try .fixture("llama-cpp-python/tools-ignored-with-text")])
        defer { server.stop() }
        var plain = request(tools: [samplesTool])
        plain.responseSchema = nil
        let response = try await client(server).complete(plain)
        #expect(!response.toolsUnsupported)
        #expect(response.stopReason == .maxTokens)
    }

    @Test func llamaCppServerForcedToolCallIsParsed() async throws {
        let server = try TestHTTPServer([try .fixture("llama-cpp-python/tool-call-forced")])
        defer { server.stop() }
        var plain = request(tools: [samplesTool])
        plain.responseSchema = nil
        let response = try await client(server).complete(plain)
        let call = try #require(response.toolCalls.first)
        #expect(response.toolCalls.count == 1)
        #expect(call.name == "template_samples")
        #expect(call.id.hasPrefix("call__0_template_samples_"))
        #expect(call.arguments["template_id"] == 7)
        #expect(response.stopReason == .toolUse)
    }

    @Test func llamaCppServerPlainAnswer() async throws {
        let server = try TestHTTPServer([try .fixture("llama-cpp-python/plain-answer")])
        defer { server.stop() }
        var plain = request()
        plain.responseSchema = nil
        let response = try await client(server).complete(plain)
        #expect(!response.text.isEmpty)
        #expect(!response.toolsUnsupported)
        #expect(response.usage.outputTokens > 0)
    }

    @Test func answerWithToolsAndTextIsNotFlagged() async throws {
        let server = try TestHTTPServer([Self.answer("No tool needed.")])
        defer { server.stop() }
        var plain = request(tools: [samplesTool])
        plain.responseSchema = nil
        #expect(try await client(server).complete(plain).toolsUnsupported == false)
    }

    @Test func refusalClassification() {
        func response(_ status: Int, _ body: String) -> HTTPResponse { HTTPResponse(status: status, body: Data(body.utf8)) }
        #expect(StructuredOutputNegotiation.isFormatRejection(response(400, "{}")))
        #expect(StructuredOutputNegotiation.isFormatRejection(response(422, "{}")))
        #expect(StructuredOutputNegotiation.isFormatRejection(response(500, #"{"error":{"message":"... 'response_format' ..."}}"#)))
        #expect(!StructuredOutputNegotiation.isFormatRejection(response(500, #"{"error":{"message":"out of memory"}}"#)))
        #expect(!StructuredOutputNegotiation.isFormatRejection(response(400, #"{"error":{"code":"model_not_found"}}"#)))
        #expect(!StructuredOutputNegotiation.isFormatRejection(response(401, "{}")))
        #expect(!StructuredOutputNegotiation.isFormatRejection(response(429, "{}")))
    }
}
