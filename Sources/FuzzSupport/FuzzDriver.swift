#if canImport(Glibc)
import Glibc
#endif

/// The entry of every fuzz target. Built with `-sanitize=fuzzer -DFUZZING`, it runs libFuzzer's
/// driver with the target's `LLVMFuzzerTestOneInput`: SwiftPM names a debug executable's entry point
/// itself, so libFuzzer's own `main` is not the one that runs. In an ordinary build it replays the
/// files given (a corpus, a crashing input) through the same checks, without libFuzzer.
public enum FuzzDriver {
    public static func main(test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32, replay: ([UInt8]) -> Void) -> Never {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let f = fopen(path, "rb") else { fatalError("\(path): cannot open") }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while case let n = fread(&chunk, 1, chunk.count, f), n > 0 { bytes += chunk[..<n] }
            fclose(f)
            replay(bytes)
        }
        exit(0)
        #endif
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
#endif
