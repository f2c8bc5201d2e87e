/// Limits that bound the work and memory spent on one record.
public struct MinerLimits: Codable, Sendable, Equatable {
    /// Longest record kept, in bytes; the rest is dropped and counted as `recordTooLong`.
    public var maxRecordBytes: Int
    /// Most tokens mined from one message; the tail becomes one variable, counted as `tooManyTokens`.
    public var maxTokens: Int

    public init(maxRecordBytes: Int = 1 << 20, maxTokens: Int = 256) {
        self.maxRecordBytes = maxRecordBytes
        self.maxTokens = maxTokens
    }
}

/// Settings of the template miner. The defaults are the product's defaults: nothing is tuned per
/// log source, and the accuracy benchmark runs with exactly these.
/// What makes a word that differs between a template and a message look like a value (a user
/// name, a host, a symbol) rather than a word that changes the event (`opened`/`closed`). Each
/// kind can be switched off; the defaults are chosen by leave-one-dataset-out (docs/mining.md).
public struct ValueEvidence: Codable, Sendable, Equatable {
    /// A dotted host name: two or more dots between lowercase letters, digits and `-`
    /// (`api.example.com`, `dsl-1.isp.net`).
    public var hosts: Bool
    /// Both words are upper-case symbols of two or more letters (`ACME`/`BETA`).
    public var symbols: Bool
    /// A word joined by `-` or `_` between letters or digits (`gw-north`, `build_agent`).
    public var joined: Bool
    /// The value side of `key=value`.
    public var keyValue: Bool
    /// Distinct values that make the word after a noun naming a value (`user alice`, `host db`,
    /// `queue jobs`: `ValueEvidence.keyNouns`) a variable; 0: no such evidence.
    public var afterKeyNoun: Int
    /// A dotted name of any case (`com.apple.Safari.Update`, `org.example.Worker`): reverse-DNS
    /// service names and class names, as `hosts` is for lower-case host names.
    public var dottedNames: Bool
    /// Both words are month or weekday names (`Mon`/`Tue`, `Jun`/`Jul`): a date in words.
    public var calendar: Bool

    public init(
        hosts: Bool = true,
        symbols: Bool = false,
        joined: Bool = true,
        keyValue: Bool = true,
        afterKeyNoun: Int = 3,
        dottedNames: Bool = true,
        calendar: Bool = true
    ) {
        self.hosts = hosts
        self.symbols = symbols
        self.joined = joined
        self.keyValue = keyValue
        self.afterKeyNoun = afterKeyNoun
        self.dottedNames = dottedNames
        self.calendar = calendar
    }

    enum CodingKeys: String, CodingKey {
        case hosts, symbols, joined, keyValue, afterKeyNoun, dottedNames, calendar
    }

    /// Kinds added later decode as their defaults from states written before them: evidence only
    /// ever merges templates, and a merged id stays valid as an alias.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ValueEvidence()
        self.init(
            hosts: try c.decode(Bool.self, forKey: .hosts),
            symbols: try c.decode(Bool.self, forKey: .symbols),
            joined: try c.decode(Bool.self, forKey: .joined),
            keyValue: try c.decode(Bool.self, forKey: .keyValue),
            afterKeyNoun: try c.decode(Int.self, forKey: .afterKeyNoun),
            dottedNames: try c.decodeIfPresent(Bool.self, forKey: .dottedNames) ?? d.dottedNames,
            calendar: try c.decodeIfPresent(Bool.self, forKey: .calendar) ?? d.calendar)
    }

    /// Nouns whose next word is a value: general English of logs, not any one log's words.
    public static let keyNouns: Set<String> = [
        "user", "username", "login", "account", "owner", "group", "host", "hostname", "server", "client",
        "node", "peer", "domain", "service", "queue", "topic", "table", "database", "db", "job", "task",
        "pod", "container", "instance", "region", "zone", "tenant", "project", "repo", "branch", "package",
        "app", "application", "device", "interface", "channel", "bucket", "cluster", "namespace", "role",
    ]
}

public struct MinerConfig: Codable, Sendable, Equatable {
    /// Share of a message's tokens that must equal a template's constants for the message to join it.
    public var similarityThreshold: Double
    /// A variable of the message where the template has a variable counts as equal in that share
    /// (a statement with many values would not look less alike for having them). Off: on the
    /// bundled ten it merges statements made mostly of numbers (HPC GA 0.945 → 0.899), and
    /// leave-one-dataset-out does not choose it.
    public var variablesAlike: Bool
    /// Distinct first tokens kept as branches per message length; beyond, messages share one
    /// wildcard branch (a header glued to its message must not create unbounded branches).
    public var maxChildren: Int
    /// Most templates compared when a message matches no template exactly. Bounds the work per
    /// message when one branch holds very many templates.
    public var maxCandidates: Int
    /// Distinct values a position must show (across templates that differ only there) before it
    /// becomes a variable. 2 is Drain's behaviour: any difference generalises at once.
    public var minDistinctValues: Int
    /// Evidence that lets a position become a variable at its second distinct value instead of
    /// waiting for `minDistinctValues` (see `ValueEvidence`).
    public var valueEvidence: ValueEvidence
    /// Ordered masking rules; the first that matches a word wins.
    public var maskingRules: [MaskingRule]
    /// Variables joined by `,` with no space (`10.0.0.1,10.0.0.2`, `an43,an44`) are one variable:
    /// a list of values is one value, however long, so its length does not change the template.
    public var valueLists: Bool
    /// A size unit written as a word right after a number (`5.2 KB`, `512 B`) is part of the value.
    public var sizeUnits: Bool
    /// An amount restated in other units, in brackets right after its unit, is part of the value
    /// with the unit: `1190 bytes (1.16 KB) sent` and `0 bytes sent` have one shape. A bracket
    /// after a bare value (`file.jpg (1.8GB)`) stays a value of its own.
    public var valueAnnotations: Bool
    /// A month or weekday name followed by a number, or by another such name and a number
    /// (`Jun 17`, `Fri Jun 17 07:07:00`), is a variable like the number: a date in words.
    public var datesInWords: Bool
    /// A message whose first token is a dotted name (`com.apple.Safari.Update: ...`) routes to
    /// its length's wildcard branch, as one whose first token is a number does, so names of the
    /// same statement meet in one leaf instead of one branch each.
    public var valueFirstTokens: Bool
    public var limits: MinerLimits

    public init(
        similarityThreshold: Double = 0.4,
        variablesAlike: Bool = false,
        maxChildren: Int = 256,
        maxCandidates: Int = 128,
        minDistinctValues: Int = 4,
        valueEvidence: ValueEvidence = ValueEvidence(),
        maskingRules: [MaskingRule] = MaskingRule.defaults,
        valueLists: Bool = true,
        sizeUnits: Bool = true,
        valueAnnotations: Bool = true,
        datesInWords: Bool = true,
        valueFirstTokens: Bool = true,
        limits: MinerLimits = MinerLimits()
    ) {
        self.valueLists = valueLists
        self.sizeUnits = sizeUnits
        self.valueAnnotations = valueAnnotations
        self.datesInWords = datesInWords
        self.valueFirstTokens = valueFirstTokens
        self.valueEvidence = valueEvidence
        self.similarityThreshold = similarityThreshold
        self.variablesAlike = variablesAlike
        self.maxChildren = maxChildren
        self.maxCandidates = maxCandidates
        self.minDistinctValues = minDistinctValues
        self.maskingRules = maskingRules
        self.limits = limits
    }
}

extension MinerConfig {
    /// A copy with the named settings replaced: the accuracy benchmark's candidate settings for its
    /// leave-one-dataset-out protocol (`bench/accuracy.py`). Unknown names are ignored.
    /// `overriding(_:)` from `name=value,...` text; items that are not `name=number` are skipped.
    public func overriding(spec: String) -> MinerConfig {
        var values: [String: Double] = [:]
        for item in spec.split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let v = Double(kv[1]) { values[String(kv[0])] = v }
        }
        return overriding(values)
    }

    public func overriding(_ values: [String: Double]) -> MinerConfig {
        var c = self
        for (name, v) in values {
            switch name {
            case "hosts": c.valueEvidence.hosts = v != 0
            case "symbols": c.valueEvidence.symbols = v != 0
            case "joined": c.valueEvidence.joined = v != 0
            case "keyValue": c.valueEvidence.keyValue = v != 0
            case "afterKeyNoun": c.valueEvidence.afterKeyNoun = Int(v)
            case "dottedNames": c.valueEvidence.dottedNames = v != 0
            case "calendar": c.valueEvidence.calendar = v != 0
            case "valueLists": c.valueLists = v != 0
            case "sizeUnits": c.sizeUnits = v != 0
            case "valueAnnotations": c.valueAnnotations = v != 0
            case "datesInWords": c.datesInWords = v != 0
            case "valueFirstTokens": c.valueFirstTokens = v != 0
            case "variablesAlike": c.variablesAlike = v != 0
            case "similarityThreshold": c.similarityThreshold = v
            case "minDistinctValues": c.minDistinctValues = Int(v)
            default: break
            }
        }
        return c
    }
}

extension MinerConfig {
    enum CodingKeys: String, CodingKey {
        case similarityThreshold, maxChildren, maxCandidates, minDistinctValues, valueEvidence, maskingRules, limits
        case valueLists, sizeUnits, valueAnnotations, datesInWords, valueFirstTokens, variablesAlike
    }

    /// States written before `valueEvidence` existed get today's evidence: it only ever merges
    /// templates, and a merged id stays valid as an alias, so stored ids keep their meaning.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            similarityThreshold: try c.decode(Double.self, forKey: .similarityThreshold),
            variablesAlike: try c.decodeIfPresent(Bool.self, forKey: .variablesAlike) ?? false,
            maxChildren: try c.decode(Int.self, forKey: .maxChildren),
            maxCandidates: try c.decode(Int.self, forKey: .maxCandidates),
            minDistinctValues: try c.decode(Int.self, forKey: .minDistinctValues),
            valueEvidence: try c.decodeIfPresent(ValueEvidence.self, forKey: .valueEvidence)
                ?? ValueEvidence(),
            maskingRules: try c.decode([MaskingRule].self, forKey: .maskingRules),
            valueLists: try c.decodeIfPresent(Bool.self, forKey: .valueLists) ?? false,
            sizeUnits: try c.decodeIfPresent(Bool.self, forKey: .sizeUnits) ?? false,
            valueAnnotations: try c.decodeIfPresent(Bool.self, forKey: .valueAnnotations) ?? false,
            datesInWords: try c.decodeIfPresent(Bool.self, forKey: .datesInWords) ?? false,
            valueFirstTokens: try c.decodeIfPresent(Bool.self, forKey: .valueFirstTokens) ?? false,
            limits: try c.decode(MinerLimits.self, forKey: .limits))
    }
}
