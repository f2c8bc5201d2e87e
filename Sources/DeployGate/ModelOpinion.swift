/// What a model-written finding concluded, as the gate weighs it. The gate is deterministic and
/// knows nothing of models: a caller that has a model's finding passes its opinion here, and the
/// opinion can soften a failure only when the policy sets `trustModelVerdict`.
public struct ModelOpinion: Sendable, Equatable {
    /// Which tier wrote it ("small-model", "escalated"), for the gate's notes.
    public var source: String
    /// Its verdict's name ("benign", "intended-change", ...), for the gate's notes.
    public var verdict: String
    /// Whether the model called the deploy a regression.
    public var isRegression: Bool

    public init(source: String, verdict: String, isRegression: Bool) {
        self.source = source
        self.verdict = verdict
        self.isRegression = isRegression
    }
}
