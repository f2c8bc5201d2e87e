import CGit2
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts, on every added line of a diff, the range commit that introduced it, and on every hunk the
/// set of those commits. Files are independent and blob reads and diffs dominate, so large diffs
/// are spread over the processors; each worker opens its own repository handle, as libgit2 handles
/// must not be shared between threads.
struct FileAttribution {
    let repository: GitRepository
    let range: CommitRange
    let head: ObjectID
    /// At most this many threads; nil picks from the processor count. Tests force both paths.
    var maxWorkers: Int? = nil

    /// Below this many files a thread costs more than it saves.
    private static let parallelThreshold = 64

    func attribute(_ files: [FileChange]) throws -> [FileChange] {
        let work = files.indices.filter { files[$0].newPath != nil && files[$0].additions > 0 && !files[$0].hunks.isEmpty }
        let workers = maxWorkers ?? min(Self.processors, 4, max(1, work.count / Self.parallelThreshold))
        var out = files
        if workers <= 1 || !Self.threadSafe {
            let attribution = LineAttribution(repository: repository, range: range)
            for i in work { out[i] = try Self.attributed(files[i], attribution, range, head) }
            return out
        }
        let results = Slots<FileChange>(count: work.count)
        let failures = Slots<any Error>(count: workers)
        let gitDirectory = LibGit2.string(git_repository_path(repository.handle))
        let (range, head) = (range, head)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            do {
                let attribution = LineAttribution(repository: try GitRepository.open(path: gitDirectory), range: range)
                for k in stride(from: w, to: work.count, by: workers) {
                    results[k] = try Self.attributed(files[work[k]], attribution, range, head)
                }
            } catch {
                failures[w] = error
            }
        }
        if let error = (0..<workers).lazy.compactMap({ failures[$0] }).first { throw error }
        for (k, i) in work.enumerated() { out[i] = results[k]! }
        return out
    }

    private static func attributed(_ file: FileChange, _ attribution: LineAttribution, _ range: CommitRange, _ head: ObjectID) throws -> FileChange {
        var positions: [(hunk: Int, line: Int)] = []
        var numbers: [Int] = []
        for (h, hunk) in file.hunks.enumerated() {
            for (l, line) in hunk.lines.enumerated() where line.kind == .added {
                positions.append((h, l))
                numbers.append(line.newLine!)
            }
        }
        let commits = try attribution.attribute(path: file.newPath!, lines: numbers, head: head)
        var out = file
        var perHunk = [Set<Int>](repeating: [], count: file.hunks.count)
        for (position, commit) in zip(positions, commits) {
            out.hunks[position.hunk].lines[position.line].commit = commit.map { range.commits[$0].id }
            if let commit { perHunk[position.hunk].insert(commit) }
        }
        for h in out.hunks.indices {
            out.hunks[h].commits = perHunk[h].sorted().map { range.commits[$0].id }
        }
        return out
    }

    private static var processors: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    private static var threadSafe: Bool { git_libgit2_features() & Int32(GIT_FEATURE_THREADS.rawValue) != 0 }
}

/// Result slots filled by parallel workers. Unchecked because the compiler cannot see the rule that
/// makes it safe: each slot is written by exactly one worker, and read only after
/// `concurrentPerform` has joined them all.
private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        _ = storage.deinitialize()
        storage.deallocate()
    }

    subscript(i: Int) -> T? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
}
