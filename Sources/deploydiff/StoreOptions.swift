import ArgumentParser
import Foundation
import PatternStore

/// Where the store is: `--db`, else `DEPLOYDIFF_DB`, else `.deploydiff/store.sqlite` here.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The store file (default: $DEPLOYDIFF_DB, else .deploydiff/store.sqlite).")
    var db: String?

    @Option(help: "The service whose templates to use.")
    var service: String = "default"

    func validate() throws {
        try NameValidation.check(service, flag: "--service", what: "service")
    }

    var resolvedPath: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["DEPLOYDIFF_DB"], !env.isEmpty { return env }
        return ".deploydiff/store.sqlite"
    }

    /// The store for a command that writes: created when missing.
    func open() throws -> PatternStore { try PatternStore(path: resolvedPath) }

    /// The store for a command that only reads: it must exist, and may be read-only.
    func openForReading() throws -> PatternStore { try PatternStore(path: resolvedPath, access: .read) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Milliseconds since the epoch as ISO-8601 UTC.
func isoTime(_ ms: Int64?) -> String? {
    guard let ms else { return nil }
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
}

/// Deterministic JSON for machine-readable outputs.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
}
