import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to the server, used synchronously.
///
/// Bridging: postgres-nio is asynchronous; the store's interface (`IndexStore`, `DeploymentStore`) is
/// synchronous and is called from the CLI's main thread, from the indexer's writer thread (a
/// Dispatch queue) and, for the model's tools, from a Swift concurrency task. Every call here starts
/// the work on NIO's own event loop threads (`MultiThreadedEventLoopGroup.singleton`) and blocks the
/// calling thread on the `EventLoopFuture` (`wait()`). That never waits for the cooperative pool (so
/// it cannot deadlock it, even when a task calls it) and never blocks an event loop (no caller runs
/// on one). A lock keeps one transaction at a time on the connection: the indexer's mining thread
/// and its writer thread share a store.
final class PostgresSession: @unchecked Sendable {
    let url: PostgresURL
    private let connection: PostgresConnection
    private let logger = Logger(label: "deploydiff.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    private let lock = NSLock()
    /// The statement being waited for, failed when the connection closes: postgres-nio leaves a
    /// query issued around the moment the server closed the connection pending forever (seen
    /// with a server restart mid-index), and the caller would wait with it.
    private var pending: EventLoopPromise<PostgresQueryResult>?
    private let pendingLock = NSLock()

    /// Attempts of a transaction that fails with a serialization failure or a deadlock (or an
    /// insert-if-absent that lost a race): each retry waits longer, with jitter.
    static let attempts = 8

    init(url: PostgresURL, password: String?) throws {
        self.url = url
        var config = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: password, database: url.database, tls: try Self.tls(url))
        config.options.connectTimeout = .seconds(10)
        if url.sslMode == .verifyFull { config.options.tlsServerName = url.host }
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: config, id: 1, logger: logger
            ).wait()
        } catch {
            throw Self.mapped(error, url, connecting: true)
        }
        connection.closeFuture.whenComplete { [weak self] _ in self?.failPending() }
    }

    private func failPending() {
        pendingLock.lock()
        let p = pending
        pending = nil
        pendingLock.unlock()
        p?.fail(PostgresStoreError.connectionLost(url: url.description, reason: "the server closed the connection"))
    }

    deinit { try? connection.close().wait() }

    private static func tls(_ url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        var t = TLSConfiguration.makeClientConfiguration()
        switch url.sslMode {
        case .disable: return .disable
        case .prefer, .require: t.certificateVerification = .none
        case .verifyFull: t.certificateVerification = .fullVerification
        }
        let context = try NIOSSLContext(configuration: t)
        return url.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    enum Isolation: String {
        /// Writes: every write is a delta or an upsert, so concurrent writers need no more.
        case readCommitted = "READ COMMITTED"
        /// Reads of several tables that must agree (a snapshot).
        case repeatableReadOnly = "REPEATABLE READ READ ONLY"
    }

    /// Runs `body` in one transaction, retried from the start on a serialization failure, a
    /// deadlock or a unique violation of a concurrent insert-if-absent. `body` must be repeatable:
    /// whatever it learns is used only after this returns.
    @discardableResult
    func transaction<T>(_ isolation: Isolation = .readCommitted, _ body: (Transaction) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        var attempt = 0
        while true {
            attempt += 1
            do {
                _ = try run("BEGIN ISOLATION LEVEL \(isolation.rawValue)", [])
                let result = try body(Transaction(session: self))
                _ = try run("COMMIT", [])
                return result
            } catch {
                _ = try? run("ROLLBACK", [])
                let e = Self.mapped(error, url, connecting: false)
                if case .server(_, let state, _)? = e as? PostgresStoreError, ["40001", "40P01", "23505"].contains(state), attempt < Self.attempts {
                    usleep(UInt32(min(1 << attempt, 200) * 1000) + UInt32.random(in: 0..<5000))
                    continue
                }
                throw e
            }
        }
    }

    /// Statements of one transaction.
    struct Transaction {
        let session: PostgresSession

        @discardableResult
        func rows(_ sql: String, _ binds: [Bind] = []) throws -> [PostgresRow] {
            try session.run(sql, binds)
        }
    }

    private func run(_ sql: String, _ binds: [Bind]) throws -> [PostgresRow] {
        var b = PostgresBindings(capacity: binds.count)
        for v in binds { v.append(to: &b) }
        let promise = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        pendingLock.lock()
        pending = promise
        pendingLock.unlock()
        defer {
            pendingLock.lock()
            pending = nil
            pendingLock.unlock()
        }
        // Closed before or while the statement was sent: fail now instead of waiting for nothing.
        if connection.isClosed { failPending() }
        connection.query(PostgresQuery(unsafeSQL: sql, binds: b), logger: logger).cascade(to: promise)
        return Array(try promise.futureResult.wait())
    }

    /// A driver error as a store error naming the URL (never the password).
    static func mapped(_ error: Error, _ url: PostgresURL, connecting: Bool) -> Error {
        let shown = url.description
        if error is PostgresStoreError { return error }
        guard let e = error as? PSQLError else {
            // NIO's connect errors: refused, unknown host, timed out.
            return connecting ? PostgresStoreError.unreachable(url: shown, reason: "\(error)") : PostgresStoreError.connectionLost(url: shown, reason: "\(error)")
        }
        switch e.code {
        case .server:
            let state = e.serverInfo?[.sqlState] ?? "?????"
            let message = e.serverInfo?[.message] ?? "no message"
            if state.hasPrefix("28") || (connecting && state == "3D000") { return PostgresStoreError.authentication(url: shown, message: message) }
            // The server is shutting down or restarting (admin_shutdown, crash_shutdown, cannot_connect_now).
            if state.hasPrefix("57P") { return PostgresStoreError.connectionLost(url: shown, reason: message) }
            return PostgresStoreError.server(url: shown, sqlState: state, message: message)
        case .authMechanismRequiresPassword:
            return PostgresStoreError.authentication(url: shown, message: "it asks for a password and none was found")
        case .saslError, .unsupportedAuthMechanism:
            return PostgresStoreError.authentication(url: shown, message: "\(e.code)")
        case .sslUnsupported:
            return PostgresStoreError.unreachable(url: shown, reason: "the server does not offer TLS (sslmode=disable connects without it)")
        default:
            let reason = e.underlying.map { "\($0)" } ?? "\(e.code)"
            return connecting ? PostgresStoreError.unreachable(url: shown, reason: reason) : PostgresStoreError.connectionLost(url: shown, reason: reason)
        }
    }
}

/// A statement parameter, typed so that a NULL has a type too.
enum Bind {
    case int(Int64?)
    case text(String?)
    case ints([Int64])
    case texts([String])

    static func int(_ v: Int) -> Bind { .int(Int64(v)) }
    static func int(_ v: Int?) -> Bind { .int(v.map(Int64.init)) }

    func append(to b: inout PostgresBindings) {
        switch self {
        case .int(let v): b.append(v)
        case .text(let v): b.append(v)
        case .ints(let v): b.append(v)
        case .texts(let v): b.append(v)
        }
    }
}

/// Cells by position (the statements name their columns in order).
extension PostgresRow {
    subscript(_ i: Int) -> PostgresCell { makeRandomAccess()[i] }
    func int(_ i: Int) throws -> Int64 { try self[i].decode(Int64.self) }
    func optionalInt(_ i: Int) throws -> Int64? { try self[i].decode(Int64?.self) }
    func string(_ i: Int) throws -> String { try self[i].decode(String.self) }
    func optionalString(_ i: Int) throws -> String? { try self[i].decode(String?.self) }
}
