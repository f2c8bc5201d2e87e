/// Paths as small integers, so the attribution walk compares numbers instead of hashing strings.
struct PathTable {
    private var ids: [String: Int32] = [:]
    private var names: [String] = []

    mutating func intern(_ path: String) -> Int32 {
        if let id = ids[path] { return id }
        let id = Int32(names.count)
        ids[path] = id
        names.append(path)
        return id
    }

    func id(_ path: String) -> Int32? { ids[path] }

    func name(_ id: Int32) -> String { names[Int(id)] }
}
