import FuzzSupport
import LogMining

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer target: `HeaderFormat` parsing of arbitrary format strings, then matching arbitrary lines.
///
/// The input's first line is the format; the rest are lines read with it (so the matcher runs on
/// each), and the format detector runs on them too. Beyond "no crash": a format that parses has
/// fields, exactly one of them where the message is, and matching keeps every field inside its line.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FuzzHeaderFormat.run(input)
    return 0
}

enum FuzzHeaderFormat {
    static func run(_ input: [UInt8]) {
        let nl = input.firstIndex(of: 10) ?? input.count
        let source = String(decoding: input[..<nl], as: UTF8.self)
        let lines = Array(input[min(input.count, nl + 1)...])
        _ = lines.withUnsafeBufferPointer { FormatDetector.detect($0) }
        let format: HeaderFormat
        do { format = try HeaderFormat(source) } catch let e as LogMiningError {
            guard case .invalidLogFormat(let f, _) = e, f == source else { preconditionFailure("unexpected error \(e)") }
            return
        } catch {
            preconditionFailure("not a LogMiningError: \(error)")
        }
        precondition(format.source == source)
        precondition(!format.fields.isEmpty, "a format without fields parsed")
        precondition(format.fields.indices.contains(format.contentField) && format.fields[format.contentField].role == .content)
        precondition(Set(format.fields.map(\.name)).count == format.fields.count, "a field appears twice")
        let reader = RecordReader(format: .header(format), limits: MinerLimits(maxRecordBytes: 4096), chunkSize: 4096)
        var count = 0
        do {
            var src = MemorySource(lines)
            try reader.read(&src) { r in
                count += 1
                precondition(r.message.count <= r.text.count)
                if let t = r.text.baseAddress, let m = r.message.baseAddress {
                    precondition(m >= t && m + r.message.count <= t + r.text.count, "the message is outside its record")
                }
                if let t = r.text.baseAddress, let c = r.component.baseAddress {
                    precondition(c >= t && c + r.component.count <= t + r.text.count, "the component is outside its record")
                }
                _ = r.level
            }
        } catch {
            preconditionFailure("a memory source cannot fail: \(error)")
        }
        precondition(count == reader.stats.records)
    }
}

@main struct Main {
    static func main() { FuzzDriver.main(test: { LLVMFuzzerTestOneInput($0, $1) }, replay: FuzzHeaderFormat.run) }
}
