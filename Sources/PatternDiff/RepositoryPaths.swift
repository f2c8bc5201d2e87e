import GitHistory

/// Maps a stack trace's file (`/venv/lib/python3.11/site-packages/waitress/task.py`, `Checkout.java`) to a path of
/// the repository's tree (`src/waitress/task.py`): installed code and a checkout share their last two path
/// components (package and file), not their roots. A single file name maps when one file has that name.
struct RepositoryPaths {
    private var byTail: [String: String] = [:]
    private var byName: [String: String?] = [:]

    init(_ corpus: SourceCorpus, tree: Int, exclude: PathFilter) {
        guard tree < corpus.trees.count else { return }
        for path in corpus.trees[tree].files.keys.sorted() where !exclude.matches(path) {
            let parts = path.split(separator: "/")
            if parts.count >= 2 { byTail[parts.suffix(2).joined(separator: "/")] = byTail[parts.suffix(2).joined(separator: "/")] ?? path }
            let name = String(parts.last ?? "")
            byName[name] = byName[name] == nil ? .some(path) : .some(nil)
        }
    }

    func path(of traceFile: String) -> String? {
        let parts = traceFile.split(separator: "/")
        if parts.count >= 2, let p = byTail[parts.suffix(2).joined(separator: "/")] { return p }
        if parts.count == 1, let p = byName[String(parts[0])] { return p }
        return nil
    }
}
