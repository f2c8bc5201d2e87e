import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A report file that could not be written.
public struct ReportFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): cannot write the report: \(reason)" }
}

/// Writes one report file (`--output FORMAT=PATH`).
///
/// - PATH absent or a regular file: the report goes to a temporary file in the same directory,
///   which is renamed over PATH (an existing file's permissions are kept). A reader never sees half
///   a report, and a failed run leaves the previous file as it was.
/// - PATH a symlink to a regular file: the same, on the file it points at; the link stays.
/// - PATH a FIFO, a character device (`/dev/null`, a terminal) or a link to one or into `/proc`
///   (`/dev/stdout`, `/dev/fd/N`): written through, as a shell's `>` would, never replaced.
/// - Anything else (a directory, a socket, a block device, a dangling link): refused, naming PATH.
public enum ReportFile {
    public static func write(_ body: String, to path: String) throws {
        var link = stat()
        guard lstat(path, &link) == 0 else {
            guard errno == ENOENT else { throw failure(path, String(cString: strerror(errno))) }
            return try replace(path, with: body, mode: nil)
        }
        switch link.st_mode & S_IFMT {
        case S_IFREG:
            return try replace(path, with: body, mode: link.st_mode & 0o7777)
        case S_IFLNK:
            var target = stat()
            guard stat(path, &target) == 0 else { throw failure(path, "a symbolic link to nothing (\(String(cString: strerror(errno))))") }
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let special = resolved.hasPrefix("/proc/") || resolved.hasPrefix("/dev/")
            if target.st_mode & S_IFMT == S_IFREG, !special {
                return try replace(resolved, with: body, mode: target.st_mode & 0o7777)
            }
            guard [S_IFIFO, S_IFCHR, S_IFREG].contains(target.st_mode & S_IFMT) else { throw refused(path, target.st_mode) }
            return try writeThrough(path, body)
        case S_IFIFO, S_IFCHR:
            return try writeThrough(path, body)
        default:
            throw refused(path, link.st_mode)
        }
    }

    /// Temporary file beside `path`, then rename: atomic on one file system.
    private static func replace(_ path: String, with body: String, mode: mode_t?) throws {
        let url = URL(fileURLWithPath: path)
        var template = Array(url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).XXXXXX").path.utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw failure(path, String(cString: strerror(errno))) }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do {
            try writeAll(fd, body, path)
            let umaskValue = umask(0)
            umask(umaskValue)
            guard fchmod(fd, mode ?? (0o666 & ~umaskValue)) == 0, fsync(fd) == 0 else { throw failure(path, String(cString: strerror(errno))) }
            guard close(fd) == 0 else { throw failure(path, String(cString: strerror(errno))) }
            guard rename(temp, path) == 0 else { throw failure(path, String(cString: strerror(errno))) }
        } catch {
            _ = close(fd)
            _ = unlink(temp)
            throw error
        }
    }

    private static func writeThrough(_ path: String, _ body: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, String(cString: strerror(errno))) }
        defer { _ = close(fd) }
        try writeAll(fd, body, path)
    }

    private static func writeAll(_ fd: Int32, _ body: String, _ path: String) throws {
        var copy = body
        try copy.withUTF8 { buf in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }

    private static func refused(_ path: String, _ mode: mode_t) -> ReportFileError {
        let kind = switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFSOCK: "a socket"
        case S_IFBLK: "a block device"
        default: "not a regular file, FIFO or character device"
        }
        return failure(path, "\(kind); write reports to a regular file, a FIFO or /dev/stdout")
    }

    private static func failure(_ path: String, _ reason: String) -> ReportFileError {
        ReportFileError(path: path, reason: reason)
    }
}
