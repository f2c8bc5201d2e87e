import Foundation

/// Which structured-output form each server accepted, so negotiation happens once per base URL
/// rather than on every request. Lives as long as the clients that share it (one run).
public actor StructuredOutputMemory {
    private var modes: [String: StructuredOutputMode] = [:]

    public init() {}

    public func mode(for baseURL: URL) -> StructuredOutputMode? {
        modes[baseURL.absoluteString]
    }

    public func remember(_ mode: StructuredOutputMode, for baseURL: URL) {
        modes[baseURL.absoluteString] = mode
    }
}
