import Foundation

/// The error object both providers put in a failed answer:
/// Anthropic `{"type":"error","error":{"type":"not_found_error","message":...}}`,
/// OpenAI `{"error":{"message":...,"type":...,"code":"model_not_found"}}`, Ollama `{"error":"..."}`,
/// FastAPI `{"detail": ...}`.
struct ProviderErrorBody {
    var message: String?
    var type: String?
    var code: String?

    init(_ body: Data) {
        guard let json = try? JSONValue(data: body) else { return }
        let error = json["error"]
        message = error?["message"]?.stringValue ?? error?.stringValue ?? json["message"]?.stringValue
            ?? json["detail"].map { $0.stringValue ?? $0.jsonString }
        type = error?["type"]?.stringValue
        code = error?["code"]?.stringValue
    }

    var saysModelNotFound: Bool {
        code == "model_not_found" || type == "not_found_error"
    }
}
