import Foundation
import LogMining

#if canImport(Glibc)
import Glibc
#endif

/// One indexer per service at a time: template ids come from one miner state, so two miners of
/// the same service must not run at once. A second indexer waits (an advisory `flock`, released
/// by the kernel even when a process is killed).
final class ServiceLock {
    private let fd: Int32

    /// Locks `service` in the store at `storePath`; calls `waiting` once if it has to wait.
    init(storePath: String, service: String, waiting: () -> Void) throws {
        let path = storePath + ".lock-" + String(StableHash.fnv1a(service.utf8), radix: 16)
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
