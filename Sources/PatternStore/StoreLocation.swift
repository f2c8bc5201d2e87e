/// Where a store is and how to open it. The SQLite file is the default; the executable makes the
/// location of another backend (PostgreSQL, from a `postgres://` URL), which it links: the use
/// cases open whatever they are given and never depend on a backend they do not use.
public struct StoreLocation: Sendable {
    /// Names the store in messages: a path, or a URL without its password.
    public let name: String
    private let opener: @Sendable (PatternStore.Access) throws -> any Store

    public init(name: String, open: @escaping @Sendable (PatternStore.Access) throws -> any Store) {
        self.name = name
        opener = open
    }

    /// The SQLite store at `path`.
    public static func sqlite(path: String) -> StoreLocation {
        StoreLocation(name: path) { try PatternStore(path: path, access: $0) }
    }

    /// Opens the store: `.create` for commands that write (created and migrated when needed),
    /// `.read` for commands that read (it must exist).
    public func open(_ access: PatternStore.Access) throws -> any Store { try opener(access) }
}
