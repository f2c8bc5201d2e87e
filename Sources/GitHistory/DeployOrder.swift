/// The order of deploys. When every selected tag reads as a version, version order decides
/// (v1.10.0 after v1.9.0, pre-releases before their release), since tags are often made out of
/// order; otherwise the tag date decides. Mixing the two would not be a consistent order, so a
/// single non-version name switches the whole list to dates. Ties fall back to date, then name.
enum DeployOrder {
    static func sorted(_ tags: [GitTag]) -> [GitTag] {
        let versions = tags.map(\.version)
        guard !tags.isEmpty, versions.allSatisfy({ $0 != nil }) else {
            return tags.sorted { ($0.date, $0.name) < ($1.date, $1.name) }
        }
        return zip(tags, versions).sorted { a, b in
            if let p = SemanticVersion.precedence(a.1!, b.1!) { return p }
            return (a.0.date, a.0.name) < (b.0.date, b.0.name)
        }.map(\.0)
    }
}
