import ArgumentParser
import GitHistory
import Reports
import Workflows

struct Changes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the commits of BASE..HEAD and the hunks of the diff, each with the commits that wrote it.",
        discussion: """
            BASE and HEAD are anything git rev-parse takes: tags, branches, ids, HEAD~2. The commits are \
            those reachable from HEAD and not from BASE; the diff is `git diff BASE HEAD`; each hunk names the \
            commits in the range that added its lines (blame limited to the range). Patches larger than \
            --max-file-bytes, or past --max-total-bytes in all, keep their counts but not their hunks. \
            A shallow clone or a checkout without tags fails with the command that fixes it.
            """
    )

    @Argument(help: "The base revision: the previous deploy's tag, a branch or a commit.")
    var base: String

    @Argument(help: "The head revision: the deploy to explain.")
    var head: String

    @Option(help: "The repository: any folder of a work tree, or a bare repository.")
    var repo: String = "."

    @Option(help: "Output: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(help: "Largest patch kept for one file, in bytes.")
    var maxFileBytes: Int = DiffLimits().maxFileBytes

    @Option(help: "Largest patch kept over all files, in bytes.")
    var maxTotalBytes: Int = DiffLimits().maxTotalBytes

    func validate() throws {
        guard maxFileBytes > 0, maxTotalBytes > 0 else {
            throw ValidationError("--max-file-bytes and --max-total-bytes must be positive")
        }
    }

    func run() throws {
        let changes = try ChangesRun.run(
            ChangesRequest(
                repository: repo, base: base, head: head, limits: DiffLimits(maxFileBytes: maxFileBytes, maxTotalBytes: maxTotalBytes)))
        try OutputWriter.print(format == .json ? try ChangesRenderer.json(changes) : ChangesRenderer.text(changes))
    }
}
