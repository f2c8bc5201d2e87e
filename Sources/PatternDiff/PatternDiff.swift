import GitHistory
import PatternStore

/// New, vanished and rate-shifted templates between two deployments, linked to code hunks.
///
/// This target is being built (issue "The deploy diff"); nothing here is usable yet.
public enum PatternDiff {}
