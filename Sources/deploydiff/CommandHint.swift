import GitHistory
import PatternDiff
import PatternStore
import Workflows

/// The command or flag that fixes a library error. The libraries describe the problem in their
/// own terms; only the executable knows its flags and commands, so it adds them here.
enum CommandHint {
    static func hint(for error: Error) -> String? {
        switch error {
        case GitHistoryError.notARepository: "pass the repository's folder with --repo PATH"
        case PatternDiffError.notEnoughDeployments: "deploydiff index --deploy NAME FILE..."
        case PatternDiffError.noBaseline(let candidate): "deploydiff diff BASELINE \(candidate)"
        case PatternStoreError.deploymentNotFound: "deploydiff deploys lists what is indexed"
        case PatternStoreError.unknownTemplate, PatternDiffError.templateNotInRange: "deploydiff templates --deploy NAME lists the ids"
        case PatternDiffError.noDeploymentsInRange: "a longer --since; deploydiff deploys lists what is indexed"
        case WorkflowError.noDeployTags: "or give --deploys FILE"
        case PatternStoreError.noStore: "deploydiff index --deploy NAME FILE... creates it; --db PATH or DEPLOYDIFF_DB points at another"
        default: nil
        }
    }

    /// The error's message, with the hint when there is one.
    static func message(for error: any ReportableError) -> String {
        hint(for: error).map { "\(error.description) (\($0))" } ?? error.description
    }
}
