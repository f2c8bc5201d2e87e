import CGit2

/// Who made a commit or a tag, and when.
public struct GitSignature: Hashable, Sendable, Codable {
    public let name: String
    public let email: String
    public let time: GitTime

    public init(name: String, email: String, time: GitTime) {
        self.name = name
        self.email = email
        self.time = time
    }

    init(_ s: UnsafePointer<git_signature>) {
        let p = s.pointee
        self.init(
            name: LibGit2.string(p.name), email: LibGit2.string(p.email),
            time: GitTime(seconds: p.when.time, offsetMinutes: p.when.offset))
    }
}
