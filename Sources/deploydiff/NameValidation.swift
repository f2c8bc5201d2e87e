import ArgumentParser
import Workflows

/// Names checked at argument validation, so a bad name is a usage error (exit 64) before anything is
/// written; the rules are `NameRules`'.
enum NameValidation {
    /// Throws a `ValidationError` naming `flag` when `value` cannot be a deployment or service name.
    static func check(_ value: String, flag: String, what: String) throws {
        if let problem = NameRules.problem(value, what: what) { throw ValidationError("\(flag) \(problem)") }
    }
}
