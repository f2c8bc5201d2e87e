import ModelTier
import PatternDiff

/// Renderers of diffs and findings: text, Markdown, JSON, JUnit XML, HTML.
///
/// This target is being built (issue "The CI gate, reports and the end-to-end demo"); nothing
/// here is usable yet.
public enum Reports {}
