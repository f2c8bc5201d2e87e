import Foundation
import Testing
import TestSupport

@testable import LLMClient

@Suite struct JSONValueTests {
    @Test func parsesEveryKind() throws {
        let value = try JSONValue(parsing: #"{"a":[1,2.5,"x",true,null],"b":{"c":-3}}"#)
        #expect(value == ["a": [1, 2.5, "x", true, .null], "b": ["c": -3]])
        #expect(value["a"]?[1]?.doubleValue == 2.5)
        #expect(value["b"]?["c"]?.intValue == -3)
    }

    @Test func serialisesDeterministically() {
        let value: JSONValue = ["z": 1, "a": ["s/t": "line\n\"quoted\"\u{1}", "n": 1.5, "i": 2.0], "e": []]
        #expect(value.jsonString == #"{"a":{"i":2,"n":1.5,"s/t":"line\n\"quoted\"\u0001"},"e":[],"z":1}"#)
        #expect(JSONValue.number(.nan).jsonString == "null")
    }

    @Test func roundTripsThroughText() throws {
        let value: JSONValue = ["emoji": "😀 ü", "big": 9_007_199_254_740_993, "neg": -0.25, "nested": [[[]]]]
        #expect(try JSONValue(parsing: value.jsonString) == value)
    }

    @Test func roundTripsThroughCodable() throws {
        let value: JSONValue = ["k": [true, false, .null, 3, 3.5, "s"]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }

    @Test func badTextIsATypedError() {
        #expect(throws: LLMClientError.self) { _ = try JSONValue(parsing: "{nope") }
    }

    @Test func requestAndResponseTypesAreCodable() throws {
        let request = ChatRequest(
            model: "m", systemPrompt: "s",
            messages: [.user("u"), .assistant(text: "", toolCalls: [ToolCall(id: "1", name: "t", arguments: ["a": 1])]),
                       .toolResults([ToolResult(toolCallID: "1", content: "r", isError: true)])],
            tools: [samplesTool], responseSchema: verdictSchema)
        let decoded = try JSONDecoder().decode(ChatRequest.self, from: JSONEncoder().encode(request))
        #expect(decoded == request)
        let response = ChatResponse(provider: .anthropic, model: "m", text: "t", stopReason: .other("pause_turn"), structuredOutputMode: .forcedTool)
        #expect(try JSONDecoder().decode(ChatResponse.self, from: JSONEncoder().encode(response)) == response)
    }
}
