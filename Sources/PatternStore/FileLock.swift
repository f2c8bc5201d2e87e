import Foundation
import LogMining

#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock` on a file next to the store, released by the kernel even when a process
/// is killed. Two uses: one indexer per service at a time (template ids come from one miner
/// state, so two miners of the same service must not run at once), and one process at a time
/// bringing the schema up to date (GRDB's migrator checks what is applied, then applies, so two
/// processes opening a new store together both tried to create its tables).
final class FileLock {
    private let fd: Int32

    /// Locks `service` in the store at `storePath`; calls `waiting` once if it has to wait.
    static func service(storePath: String, service: String, waiting: () -> Void) throws -> FileLock {
        try FileLock(path: storePath + ".lock-" + String(StableHash.fnv1a(service.utf8), radix: 16), waiting: waiting)
    }

    /// Locks the schema of the store at `storePath`, for migrating it.
    static func schema(storePath: String) throws -> FileLock {
        try FileLock(path: storePath + ".lock-schema", waiting: {})
    }

    private init(path: String, waiting: () -> Void) throws {
        fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PatternStoreError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else { throw PatternStoreError.unreadable(path: path, reason: String(cString: strerror(errno))) }
            }
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        Glibc.close(fd)
    }
}
