#if canImport(Glibc)
import Glibc
#endif

/// The process entry: everything else is `CLI.run`, which returns the exit code.
@main
enum Entry {
    static func main() {
        exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
    }
}
