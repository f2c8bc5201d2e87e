/// Errors of the PostgreSQL store. Each names the store by its URL, never with a password, and
/// says what to do.
public enum PostgresStoreError: Error, CustomStringConvertible, Equatable {
    case badURL(url: String, reason: String)
    case passwordInURL(url: String)
    case passfileTooOpen(path: String)
    /// No server answered: the host, the port, the network.
    case unreachable(url: String, reason: String)
    /// The server refused the login: a wrong or missing password, an unknown user or database.
    case authentication(url: String, message: String)
    /// The connection broke during the work (the server restarted or went away).
    case connectionLost(url: String, reason: String)
    /// The server refused a statement; carries its SQLSTATE and message.
    case server(url: String, sqlState: String, message: String)

    public var description: String {
        switch self {
        case .badURL(let url, let reason):
            "\(url): not a PostgreSQL store URL: \(reason)"
        case .passwordInURL(let url):
            "\(url): the URL carries a password; remove it and set PGPASSWORD or add a line to ~/.pgpass (host:port:database:user:password)"
        case .passfileTooOpen(let path):
            "\(path): the password file is readable by others; chmod 600 it (as libpq requires)"
        case .unreachable(let url, let reason):
            "\(url): cannot reach the PostgreSQL server: \(reason); check the host and port, and that the server is running"
        case .authentication(let url, let message):
            "\(url): the server refused the login: \(message); check the user and the password (PGPASSWORD or ~/.pgpass)"
        case .connectionLost(let url, let reason):
            "\(url): the connection to the PostgreSQL server was lost (\(reason)); what was committed is kept: run the same command again when the server is back, and it continues"
        case .server(let url, let state, let message):
            "\(url): PostgreSQL error \(state): \(message)"
        }
    }
}
