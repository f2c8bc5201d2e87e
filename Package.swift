// swift-tools-version:6.0
import PackageDescription

// Dependencies point downward only; docs/architecture.md draws this graph.
let package = Package(
    name: "deploydiff",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "deploydiff", targets: ["deploydiff"]),
        .library(name: "LogMining", targets: ["LogMining"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // The PostgreSQL store (target PostgresStore): the driver, and the NIO, TLS and logging
        // modules its API is used through, pinned to the versions it resolves with.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
    ],
    targets: [
        .target(
            name: "LogMining",
            // The miner's hot loop touches class state per token; runtime exclusivity checks cost
            // about 5% there (perf, bench/speed.py) and the miner is single-threaded by contract.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "PatternStore",
            dependencies: [
                "LogMining", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            // Per-record aggregation (IndexBatch) touches class state; see LogMining's note.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The store in a PostgreSQL server, beside the SQLite one; only the executable links it.
        .target(
            name: "PostgresStore",
            dependencies: [
                "LogMining", "PatternStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Ingestion",
            dependencies: ["LogMining", "PatternStore", "CZlib"],
            // The per-record loop touches class state; see LogMining's note.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(name: "GitHistory", dependencies: ["CGit2"]),
        // The commit a dist build embeds (DEPLOYDIFF_GIT_COMMIT, see below; otherwise "unknown").
        .target(name: "CBuildInfo", cSettings: buildInfo),
        .target(name: "PatternDiff", dependencies: ["LogMining", "PatternStore", "GitHistory"]),
        // What text may leave the machine: secrets redacted, control characters escaped, log text
        // fenced as data. Used by the model client (requests) and by Reports (files written for CI).
        .target(name: "Redaction"),
        // A domain-free client for chat models: providers, retries, structured-output negotiation.
        .target(name: "LLMClient", dependencies: ["Redaction"]),
        // Findings: the deterministic reader, routing between model tiers, prompts, read-only tools.
        .target(name: "Findings", dependencies: ["LogMining", "PatternDiff", "PatternStore", "GitHistory", "LLMClient", "Redaction"]),
        // The gate: policy and decision, deterministic; it knows nothing of models.
        .target(name: "DeployGate", dependencies: ["LogMining", "PatternDiff", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "Reports",
            dependencies: ["LogMining", "Ingestion", "PatternStore", "GitHistory", "PatternDiff", "Redaction", "Findings", "DeployGate"]),
        // The use cases: each command's work from a resolved request to a report value.
        .target(
            name: "Workflows",
            dependencies: [
                "LogMining", "Ingestion", "PatternStore", "GitHistory", "PatternDiff", "LLMClient", "Findings", "DeployGate", "Reports", "Redaction",
            ]),
        .executableTarget(
            name: "deploydiff",
            dependencies: [
                "LogMining", "Ingestion", "PatternStore", "PostgresStore", "GitHistory", "PatternDiff", "Redaction", "LLMClient", "Findings",
                "DeployGate", "Reports", "Workflows", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets (`make fuzz`, docs/indexing.md). Built with -sanitize=fuzzer -DFUZZING they are
        // fuzzers; in an ordinary build each replays the input files it is given through the same checks.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzRecordReader", dependencies: ["FuzzSupport", "LogMining"]),
        .executableTarget(name: "FuzzHeaderFormat", dependencies: ["FuzzSupport", "LogMining"]),
        .executableTarget(name: "FuzzPolicyLoader", dependencies: ["FuzzSupport", "DeployGate", "LogMining"]),
        .testTarget(name: "LogMiningTests", dependencies: ["LogMining"]),
        .testTarget(name: "GitHistoryTests", dependencies: ["GitHistory"]),
        .testTarget(
            name: "PatternStoreTests",
            dependencies: ["PatternStore", "Ingestion", "LogMining", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // Shared by the test targets: fixture scripts, temporary directories, processes, a scripted
        // HTTP server on 127.0.0.1 speaking what the tests tell it to.
        .target(name: "TestSupport", dependencies: ["LLMClient"], path: "Tests/TestSupport"),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore"]),
        .testTarget(name: "LLMClientTests", dependencies: ["LLMClient", "Redaction", "TestSupport"]),
        .testTarget(name: "FindingsTests", dependencies: ["Findings", "DeployGate", "LLMClient", "PatternDiff", "TestSupport"]),
        .testTarget(name: "DeployGateTests", dependencies: ["DeployGate"]),
        .testTarget(name: "PatternDiffTests", dependencies: ["PatternDiff", "PatternStore", "Ingestion", "GitHistory", "LogMining", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Findings", "DeployGate", "PatternDiff", "LogMining"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "Reports", "LogMining", "Findings", "DeployGate", "PatternStore"]),
        .testTarget(
            name: "deploydiffTests",
            // End to end: runs the built binary (DEPLOYDIFF_BIN), reads stores with GRDB.
            dependencies: ["deploydiff", "PatternStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)

/// The commit a dist build embeds (scripts/dist.sh sets DEPLOYDIFF_GIT_COMMIT): only CBuildInfo is
/// compiled with it, so a new commit recompiles one C file and relinks.
var buildInfo: [CSetting] {
    guard let commit = Context.environment["DEPLOYDIFF_GIT_COMMIT"], !commit.isEmpty,
          commit.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else { return [] }
    return [.define("DEPLOYDIFF_GIT_COMMIT", to: "\"\(commit)\"")]
}
