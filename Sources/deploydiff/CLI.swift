import ArgumentParser
import LogMining
import PatternStore
import PostgresStore
import GitHistory
import PatternDiff
import LLMClient
import DeployGate
import Reports
import Workflows

#if canImport(Glibc)
import Glibc
#endif

/// Exit codes: 0 ok, 1 gate failed, 2 error, 64 usage.
enum ExitStatus {
    static let ok: Int32 = 0
    static let gateFailed: Int32 = 1
    static let error: Int32 = 2
    static let usage: Int32 = 64
}

/// Errors of the command-line layer. Library errors pass through the same printer.
enum CLIError: Error, CustomStringConvertible {
    /// The reader of standard output went away (`| head`): not an error for the user.
    case brokenPipe
    /// Some inputs failed; their diagnostics were printed as they happened.
    case inputsFailed(count: Int)
    case message(String)

    var description: String {
        switch self {
        case .brokenPipe: "broken pipe"
        case .inputsFailed(let n): "\(n) input\(n == 1 ? "" : "s") could not be read (see above)"
        case .message(let m): m
        }
    }
}

enum CLI {
    /// Parses the arguments, runs the command and maps every outcome to an exit code. The one place
    /// that prints errors.
    static func run(_ arguments: [String]) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try Deploydiff.parseAsRoot(arguments)
            try command.run()
            return ExitStatus.ok
        } catch CLIError.brokenPipe {
            return ExitStatus.ok
        } catch is GateFailed {
            return ExitStatus.gateFailed
        } catch CLIError.inputsFailed {
            return ExitStatus.error
        } catch let e as ReportableError {
            Diagnostics.printError(CommandHint.message(for: e))
            return ExitStatus.error
        } catch {
            return argumentParserOutcome(error)
        }
    }

    /// Help, version and usage errors, as ArgumentParser renders them.
    private static func argumentParserOutcome(_ error: Error) -> Int32 {
        let code = Deploydiff.exitCode(for: error)
        let message = Deploydiff.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            return ExitStatus.ok
        }
        Diagnostics.printError(message)
        return code == .validationFailure ? ExitStatus.usage : ExitStatus.error
    }
}

/// Errors whose description is a complete message for the user.
protocol ReportableError: Error, CustomStringConvertible {}
extension CLIError: ReportableError {}
extension LogMiningError: ReportableError {}
extension PatternStoreError: ReportableError {}
extension PostgresStoreError: ReportableError {}
extension GitHistoryError: ReportableError {}
extension PatternDiffError: ReportableError {}
extension LLMClientError: ReportableError {}
extension PolicyError: ReportableError {}
extension ReportFileError: ReportableError {}
extension WorkflowError: ReportableError {}

/// Writes to standard error: diagnostics as they happen, and the final error.
enum Diagnostics {
    static func printError(_ message: String) {
        let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        write("deploydiff: \(text)\n")
    }

    static func note(_ message: String) { write(message + "\n") }

    static func raw(_ message: String) { write(message) }

    private static func write(_ s: String) {
        var copy = s
        copy.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress, buf.count) }
    }
}
