import Foundation

/// The password for a URL, found as libpq finds it: `PGPASSWORD` first, else the first matching
/// line of the pgpass file (`PGPASSFILE`, else `~/.pgpass`). The executable reads the environment
/// and passes what it found; this type only matches.
public enum PostgresPassword {
    /// - Parameters:
    ///   - variable: the value of `PGPASSWORD`, if set.
    ///   - passfile: the pgpass file to read (nil: none); a missing file is no password.
    public static func resolve(for url: PostgresURL, variable: String?, passfile: String?) throws -> String? {
        if let variable, !variable.isEmpty { return variable }
        guard let passfile, FileManager.default.fileExists(atPath: passfile) else { return nil }
        // libpq ignores a pgpass file that others can read; say so instead of failing to log in.
        if let mode = (try? FileManager.default.attributesOfItem(atPath: passfile))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw PostgresStoreError.passfileTooOpen(path: passfile)
        }
        guard let text = try? String(contentsOfFile: passfile, encoding: .utf8) else { return nil }
        return match(text, url)
    }

    /// The password of the first line `host:port:database:user:password` matching the URL; `*`
    /// matches anything, `\:` and `\\` are a literal colon and backslash.
    static func match(_ text: String, _ url: PostgresURL) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let f = fields(line)
            guard f.count == 5 else { continue }
            let wanted = [url.host, String(url.port), url.database, url.user]
            if zip(f.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return f[4] }
        }
        return nil
    }

    private static func fields(_ line: Substring) -> [String] {
        var out: [String] = []
        var current = ""
        var escaped = false
        for ch in line {
            if escaped {
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == ":", out.count < 4 {
                out.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current)
        return out
    }
}
