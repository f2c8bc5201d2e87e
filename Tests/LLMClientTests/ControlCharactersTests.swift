import Foundation
import Testing
import TestSupport

@testable import Redaction
@testable import LLMClient

@Suite struct ControlCharactersTests {
    @Test func controlCharactersBecomeVisibleText() {
        #expect(ControlCharacters.escape("\u{1B}[31mred\u{1B}[0m") == "\\x1b[31mred\\x1b[0m")
        #expect(ControlCharacters.escape("a\u{0}b\u{7F}c\r\u{9B}2J\u{85}") == "a\\x00b\\x7fc\\x0d\\x9b2J\\x85")
        #expect(ControlCharacters.escape("line one\n\tline two → ✓") == "line one\n\tline two → ✓")
        #expect(!ControlCharacters.contains("plain"))
    }

    /// Server text goes into errors the CLI prints: no escape sequence reaches the terminal.
    @Test func serverTextInErrorsCarriesNoControlBytes() async throws {
        let server = try TestHTTPServer([.text(400, "bad request \u{1B}]0;pwned\u{7}\u{1B}[2J\u{0}")])
        defer { server.stop() }
        let client = OpenAICompatibleClient(config: testConfig(server, path: "v1"), retry: SleepRecorder().policy())
        var caught: (any Error)?
        do {
            _ = try await client.complete(ChatRequest(model: "m", systemPrompt: nil, messages: [.user("x")]))
        } catch { caught = error }
        let message = "\(try #require(caught))"
        #expect(message.contains("bad request \\x1b]0;pwned\\x07\\x1b[2J\\x00"), "\(message)")
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }
}
