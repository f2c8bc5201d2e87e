import Foundation

/// A PostgreSQL store's address: `postgres://USER@HOST[:PORT]/DBNAME[?sslmode=disable|prefer|require|verify-full]`
/// (also `postgresql://`). It never carries a password: that comes from `PGPASSWORD` or a pgpass
/// file (`PostgresPassword`), as libpq users expect, so a URL can be printed, logged and put on a
/// command line safely. `description` is the URL as it is shown in every message.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// libpq's names. `prefer` and `require` encrypt without checking the certificate; `verify-full`
    /// checks the chain against the system's roots and the host name.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public let user: String
    public let host: String
    public let port: Int
    public let database: String
    public let sslMode: SSLMode

    /// Whether `text` names a PostgreSQL store rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(parsing text: String) throws {
        guard Self.isPostgres(text), let c = URLComponents(string: text) else {
            throw PostgresStoreError.badURL(url: Self.withoutPassword(text), reason: "expected postgres://USER@HOST:PORT/DBNAME")
        }
        let shown = Self.withoutPassword(text)
        if c.password != nil {
            throw PostgresStoreError.passwordInURL(url: shown)
        }
        guard let user = c.user, !user.isEmpty else {
            throw PostgresStoreError.badURL(url: shown, reason: "name the user: postgres://USER@HOST:PORT/DBNAME")
        }
        guard let host = c.host, !host.isEmpty else {
            throw PostgresStoreError.badURL(url: shown, reason: "name the host: postgres://USER@HOST:PORT/DBNAME")
        }
        let database = String(c.path.drop { $0 == "/" })
        var mode = SSLMode.prefer
        for item in c.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw PostgresStoreError.badURL(url: shown, reason: "unknown parameter '\(item.name)' (only sslmode is read)")
            }
            guard let m = item.value.flatMap(SSLMode.init(rawValue:)) else {
                throw PostgresStoreError.badURL(
                    url: shown, reason: "sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mode = m
        }
        self.user = c.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? user
        self.host = host
        self.port = c.port ?? 5432
        self.database = database.isEmpty ? self.user : (database.removingPercentEncoding ?? database)
        sslMode = mode
    }

    public var description: String {
        let allowed = CharacterSet.urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/?#"))
        let u = user.addingPercentEncoding(withAllowedCharacters: allowed) ?? user
        let d = database.addingPercentEncoding(withAllowedCharacters: allowed) ?? database
        let h = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(u)@\(h):\(port)/\(d)?sslmode=\(sslMode.rawValue)"
    }

    /// The text of a URL with any password cut out, for messages about a URL that did not parse.
    static func withoutPassword(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<scheme.upperBound]) + userInfo[..<colon] + ":***" + rest[at...]
    }
}
