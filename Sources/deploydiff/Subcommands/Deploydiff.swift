import ArgumentParser
import CBuildInfo

struct Deploydiff: ParsableCommand {
    static let version = "0.1.0"
    /// The git commit of a `make dist` build (scripts/dist.sh); "unknown" for a plain `swift build`.
    static let commit = String(cString: deploydiff_git_commit())

    /// What `--version` prints: `0.1.0 (commit 83d2ce2f1a0b)`.
    static let versionLine = "\(version) (commit \(commit))"

    static let configuration = CommandConfiguration(
        commandName: "deploydiff",
        abstract: "What did this deploy change in how the service behaves, and which commit did it?",
        discussion: """
            deploydiff mines log templates from each deployment's logs and compares deployments.
            Exit codes: 0 ok, 1 gate failed, 2 error, 64 usage.
            """,
        version: versionLine,
        subcommands: [Parse.self, Index.self, Deploys.self, Templates.self, History.self, Changes.self, Diff.self, Explain.self, GateCommand.self, Policy.self, Ack.self]
    )
}
