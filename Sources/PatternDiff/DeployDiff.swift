import LogMining

/// The diff of two deployments: what changed in how the service behaves, ranked, grouped into
/// incidents, each change linked to code where the git range explains it. Versioned JSON
/// (`docs/diff-schema.md`); the same inputs give byte-identical JSON.
public struct DeployDiff: Codable, Sendable, Equatable {
    public static let schemaVersion = 2

    public var schemaVersion = DeployDiff.schemaVersion
    public var service: String
    public var baseline: DeploymentSummary
    public var candidate: DeploymentSummary
    public var options: DiffOptions
    /// Ranked: most severe first.
    public var changes: [Change]
    public var incidents: [Incident]
    public var code: CodeContext

    public var new: [Change] { changes.filter { $0.kind == .new } }
    public var vanished: [Change] { changes.filter { $0.kind == .vanished } }
    public var rateShifts: [Change] { changes.filter { $0.kind == .rateIncrease || $0.kind == .rateDecrease } }
    public var levelChanges: [Change] { changes.filter { $0.kind == .levelChange } }
    public var recurrences: [Change] { changes.filter { $0.kind == .recurrence } }
}

public struct DeploymentSummary: Codable, Sendable, Equatable {
    public var name: String
    public var commit: String?
    public var records: Int
    public var minutes: Double
    public var firstTimestamp: Int64?
    public var lastTimestamp: Int64?
}

public enum ChangeKind: String, Codable, Sendable, CaseIterable {
    /// In the candidate, never seen in the baseline.
    case new
    /// In the baseline, absent from the candidate, and unlikely to be absent by chance.
    case vanished
    /// Absent from the candidate but too rare in the baseline for that to mean anything.
    case rareAbsent = "rare-absent"
    case rateIncrease = "rate-increase"
    case rateDecrease = "rate-decrease"
    /// Same template, its dominant level changed.
    case levelChange = "level-change"
    /// Same template, a low-cardinality variable took new values or a different mix.
    case valueShift = "value-shift"
    /// Same message, but the exception type or innermost frame of its stack trace changed.
    case exceptionChange = "exception-change"
    /// A template or stack trace that vanished in an earlier deployment, its disappearance linked
    /// to a fix (a commit or a removed statement), is back: the fix did not hold. `Change.recurrence`
    /// says what came back and which fix it undid.
    case recurrence
}

/// What the code says about a new or vanished template, read in both trees (baseline and
/// candidate), not in the diff's text alone.
public enum Classification: String, Codable, Sendable {
    /// New, written by a statement that is in the candidate's tree and not in the baseline's: the
    /// range added it or changed its message.
    case intended
    /// Vanished, its statement gone from the candidate's tree.
    case removed
    /// New, but a statement writing it was already in the baseline's tree: a path runs that did not
    /// before (a fault, a changed setting or input). An edit that keeps the output is this, too.
    case newlyReached = "newly-reached"
    /// Vanished, but its statement is still in the candidate's tree: a path stopped running.
    case noLongerReached = "no-longer-reached"
    /// A vanished and a new template whose statements were removed and added in the same hunk.
    case reworded
    /// New, and no statement of the repository writes it (a dependency's or a generated message),
    /// or the trees could not be read and the diff has no statement for it.
    case unexplainedNew = "unexplained-new"
    /// Vanished, and no statement of the repository wrote it (or the trees could not be read).
    case unexplainedVanished = "unexplained-vanished"
}

public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case info, low, medium, high, critical
    var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

public struct TemplateRef: Codable, Sendable, Equatable {
    public var id: Int
    public var text: String
    /// The most severe level among its records (candidate side, baseline for vanished).
    public var level: LogLevel
}

/// A fixed bug that came back. "`KeyError in cart.py add_item()` vanished in v1.1.0 (fixed by
/// abc1234 'guard missing sku'); back in v1.2.0, 42 records".
public struct Recurrence: Codable, Sendable, Equatable {
    public enum Basis: String, Codable, Sendable {
        /// The same stack trace (type and frames, line numbers and ids masked).
        case trace
        /// The same exception type and frames but one (a renamed caller, a frame added or dropped).
        case similarTrace = "similar-trace"
        /// The same template, without a trace to compare.
        case template
        /// The same exception type raised in the same frame, the rest of the trace changed.
        case exception
    }

    public var basis: Basis
    /// The deployment it vanished in, and the last one it was seen in before that.
    public var vanishedIn: String
    public var lastSeenIn: String
    /// The template that vanished (its id, when another template is back with its trace).
    public var fixedTemplate: Int
    /// The commit linked to the disappearance: the commit of the removed statement, or the
    /// likeliest commit of that range.
    public var fix: CommitRef?
    /// `file:line text` of the statement the fix removed, when it removed one.
    public var fixStatement: String?
    /// The trace in its short form (`KeyError in cart.py add_item()`), when there is one.
    public var trace: String?
    /// 1 for the same trace or template; the share of frames in common for a near-identical trace.
    public var similarity: Double
    /// For a near-identical trace: the frame then and now (nil: a frame added or dropped).
    public var frameBefore: String?
    public var frameNow: String?
    /// Records before it vanished (in `lastSeenIn`).
    public var countBefore: Int
    /// Whether the fix held: false for every recurrence (kept explicit for readers of the JSON).
    public var fixHeld: Bool
}

/// A fix recorded by an earlier diff: a template vanished, its disappearance linked to a commit or
/// a removed statement. The planner reads these from the store's reviews for the diff to match.
public struct PastFix: Sendable, Equatable {
    public var templateID: Int
    public var vanishedIn: String
    public var lastSeenIn: String
    public var fix: CommitRef?
    public var statement: String?
    public var trace: TraceFingerprint?
    public var countBefore: Int

    public init(
        templateID: Int, vanishedIn: String, lastSeenIn: String, fix: CommitRef?, statement: String?, trace: TraceFingerprint?, countBefore: Int
    ) {
        self.templateID = templateID
        self.vanishedIn = vanishedIn
        self.lastSeenIn = lastSeenIn
        self.fix = fix
        self.statement = statement
        self.trace = trace
        self.countBefore = countBefore
    }
}

public struct ValueCount: Codable, Sendable, Equatable {
    public var position: String
    public var value: String
    public var countA: Int
    public var countB: Int
}

/// Where the records came from, by their stack trace: the innermost frame in the repository and
/// the exception raised there (`ConnectionRefusedError in app.py:13 quote()`).
public struct CodeFrame: Codable, Sendable, Equatable {
    public var exception: String?
    /// The repository's path of the frame's file.
    public var file: String
    public var line: Int
    public var function: String?

    public init(exception: String?, file: String, line: Int, function: String?) {
        self.exception = exception
        self.file = file
        self.line = line
        self.function = function
    }

    /// `ConnectionRefusedError in svc/app.py:13 quote()`.
    public var summary: String {
        let place = "\(file):\(line)" + (function.map { " \($0)()" } ?? "")
        return exception.map { "\($0) in \(place)" } ?? place
    }
}

/// The code a change was linked to.
public struct CodeLink: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var hunkHeader: String
    /// The added (new template) or removed (vanished) line.
    public var text: String
    /// `added`/`removed`: a line of the range's diff; `candidate`/`baseline`: a statement of that
    /// tree the range did not change (newly or no longer reached templates).
    public var side: String
    public var commit: CommitRef?
    /// 0–1: how much of the template's constant text the statement's literals hold, in order, and
    /// how much of the literals the template explains; composed messages (`msg +=`) score ×0.97.
    public var score: Double
    /// The hunk's changed lines (`+`/`-` prefixed), the statement among them.
    public var hunk: [String]
    /// The statement with up to 3 lines either side, from the tree it is in (the candidate's for
    /// added and candidate links, the baseline's for removed and baseline ones); absent when the
    /// trees were not read.
    public var context: [SourceLine]?
}

/// One numbered line of a source file.
public struct SourceLine: Codable, Sendable, Equatable {
    public var line: Int
    public var text: String

    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}

public struct Suspect: Codable, Sendable, Equatable {
    public var commit: CommitRef
    public var reason: String
}

public struct CommitRef: Codable, Sendable, Equatable {
    public var id: String
    public var subject: String
    public var author: String
}

public struct Incident: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A fixed bug is back.
        case recurrence
        /// Success or throughput templates dropped per minute of log time while no error rose.
        case silentDegradation = "silent-degradation"
    }

    public var id: String
    /// Nil for an ordinary incident (and then left out of the JSON).
    public var kind: Kind?
    public var severity: Severity
    public var title: String
    /// Change ids in the order they first fired in the candidate.
    public var changes: [String]
    /// Why they were grouped: "same commit ...", "same component ...", "fired together".
    public var reasons: [String]
}

public struct CodeContext: Codable, Sendable, Equatable {
    public var available: Bool
    /// Why links are missing, said once.
    public var reason: String?
    public var range: String?
    public var commits: [CommitRef]
    public var filesChanged: Int
}
