import LogMining

/// One change of the diff: what kind it is and the data only that kind has (`payload`), what the
/// records say (`evidence`, every kind has it), and what the code says (classification, link,
/// suspects: filled by linking when a repository is given). Built complete: the id and the
/// severity follow from the rest and are never patched in. Read the evidence's fields directly
/// (`change.countB`); in JSON the change is one flat object (`docs/diff-schema.md`).
@dynamicMemberLookup
public struct Change: Sendable, Equatable {
    public var payload: ChangePayload
    public var evidence: ChangeEvidence
    public var classification: Classification?
    public var link: CodeLink?
    /// Commits of the range most likely behind a change no statement in the diff explains.
    public var suspects: [Suspect]?
    /// The innermost repository frame of the samples' stack trace, when they carry one.
    public var frame: CodeFrame?
    /// One line a reader takes in at once: the level or values that changed, a silent drop's rate.
    public var detail: String?
    public var acknowledgement: String?

    public init(
        _ payload: ChangePayload, _ evidence: ChangeEvidence, detail: String? = nil, classification: Classification? = nil, link: CodeLink? = nil,
        suspects: [Suspect]? = nil, acknowledgement: String? = nil
    ) {
        self.payload = payload
        self.evidence = evidence
        self.detail = detail
        self.classification = classification
        self.link = link
        self.suspects = suspects
        self.acknowledgement = acknowledgement
    }

    public subscript<T>(dynamicMember path: WritableKeyPath<ChangeEvidence, T>) -> T {
        get { evidence[keyPath: path] }
        set { evidence[keyPath: path] = newValue }
    }

    public var kind: ChangeKind { payload.kind }

    /// Stable key: kind and template id (plus the position for value shifts), `new:T15`.
    public var id: String { "\(kind.rawValue):T\(evidence.template.id)" + (values?.first.map { "@\($0.position)" } ?? "") }

    /// From the kind, the level, the values and what the code says (`DiffEngine.severity`).
    public var severity: Severity { DiffEngine.severity(self) }

    public var acknowledged: Bool { acknowledgement != nil }

    /// The values that moved: a value shift's variable, or an exception change's type or frame.
    public var values: [ValueCount]? {
        switch payload {
        case .valueShift(let v), .exceptionChange(let v): v
        default: nil
        }
    }

    /// For a reworded pair: the id of the other change.
    public var rewordedWith: String? {
        switch payload {
        case .new(let other), .vanished(let other), .rareAbsent(let other): other
        default: nil
        }
    }

    /// For a `recurrence`: what came back, and the fix it undid.
    public var recurrence: Recurrence? {
        if case .recurrence(let r) = payload { return r }
        return nil
    }
}

/// What each kind of change has that the others do not.
public enum ChangePayload: Sendable, Equatable {
    /// `rewordedWith`: the vanished change whose statement the same hunk removed, for a reworded pair.
    case new(rewordedWith: String? = nil)
    case vanished(rewordedWith: String? = nil)
    case rareAbsent(rewordedWith: String? = nil)
    case rateIncrease
    /// `silentDrop`: a success or throughput template dropping per minute while no error rises.
    case rateDecrease(silentDrop: Bool = false)
    case levelChange(from: LogLevel, to: LogLevel)
    case valueShift(values: [ValueCount])
    case exceptionChange(values: [ValueCount])
    case recurrence(Recurrence)

    /// The same payload, paired with the change `other` as one reworded message.
    func rewordedWith(_ other: String) -> ChangePayload {
        switch self {
        case .new: .new(rewordedWith: other)
        case .vanished: .vanished(rewordedWith: other)
        case .rareAbsent: .rareAbsent(rewordedWith: other)
        default: self
        }
    }

    public var kind: ChangeKind {
        switch self {
        case .new: .new
        case .vanished: .vanished
        case .rareAbsent: .rareAbsent
        case .rateIncrease: .rateIncrease
        case .rateDecrease: .rateDecrease
        case .levelChange: .levelChange
        case .valueShift: .valueShift
        case .exceptionChange: .exceptionChange
        case .recurrence: .recurrence
        }
    }
}

/// What the records of one template say across the two deployments, whatever the change.
public struct ChangeEvidence: Sendable, Equatable {
    public var template: TemplateRef
    public var countA: Int
    public var countB: Int
    /// Per 1,000 records, or per minute with `--normalize time`.
    public var rateA: Double
    public var rateB: Double
    /// rateB / rateA; nil when the baseline rate is 0.
    public var ratio: Double?
    public var pValue: Double
    public var qValue: Double
    public var levelsA: [LogLevel: Int]
    public var levelsB: [LogLevel: Int]
    public var firstSeenB: Int64?
    public var samples: [String]
    /// Records per minute from each deployment's first minute (at most 240 points): for charts.
    public var seriesA: [Int]
    public var seriesB: [Int]
    public var component: String?
    /// The templates the evidence sums, when more than one: templates the miner kept apart that are
    /// one variable's values, or the templates one statement's records spread over.
    public var templates: [Int]?

    public init(
        template: TemplateRef, countA: Int, countB: Int, rateA: Double, rateB: Double, ratio: Double?, pValue: Double, qValue: Double,
        levelsA: [LogLevel: Int], levelsB: [LogLevel: Int], firstSeenB: Int64?, samples: [String], seriesA: [Int], seriesB: [Int],
        component: String?, templates: [Int]? = nil
    ) {
        self.template = template
        self.countA = countA
        self.countB = countB
        self.rateA = rateA
        self.rateB = rateB
        self.ratio = ratio
        self.pValue = pValue
        self.qValue = qValue
        self.levelsA = levelsA
        self.levelsB = levelsB
        self.firstSeenB = firstSeenB
        self.samples = samples
        self.seriesA = seriesA
        self.seriesB = seriesB
        self.component = component
        self.templates = templates
    }
}
