import PatternDiff

/// The finding writer: deterministic reader, model providers, routing and redaction.
///
/// This target is being built (issue "The model tier"); nothing here is usable yet.
public enum ModelTier {}
