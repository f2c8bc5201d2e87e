/// The fields of a JSON or logfmt record beside its message, level, time and component (`status`,
/// `err`, `code`, `user`, ...): variables of the record's template, so a diff sees `status` move
/// from 200 to 500 the way it sees a variable of the message move. Each field's values are kept at
/// a reserved position of its own (`position(of:)`), stored as `key=value`; a field with many
/// values (ids, durations) is summarized by the value table's cap, not enumerated.
public enum StructuredFields {
    /// Reserved positions: past any token position, before `RecordAttribute`'s.
    public static let positions = 0xF000..<0xFF00

    /// The position a field's values are kept at (FNV-1a of the key; two keys may share one, and
    /// each value carries its key).
    public static func position<C: Collection>(of key: C) -> Int where C.Element == UInt8 {
        var h: UInt32 = 2_166_136_261
        for b in key { h = (h ^ UInt32(b)) &* 16_777_619 }
        return positions.lowerBound + Int(h % UInt32(positions.count))
    }

    /// Reads the other fields of one input's records; made once per input (its key lists are
    /// compared as bytes, built once).
    public struct Reader: Sendable {
        private let keys: StructuredLine.Keys
        private let json: Bool

        /// Nil for a format without fields beside the message (plain text, a header format).
        public init?(_ format: LogFormat) {
            switch format {
            case .jsonLines(let k): (keys, json) = (StructuredLine.Keys(k), true)
            case .logfmt(let k): (keys, json) = (StructuredLine.Keys(k), false)
            default: return nil
            }
        }

        /// Calls `body` with each other field's key and scalar value (objects and arrays are skipped).
        public func forEach(
            _ line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>.SubSequence, UnsafeBufferPointer<UInt8>.SubSequence) -> Void
        ) {
            withoutActuallyEscaping(body) { body in
                let other: StructuredLine.Other = { key, value in body(key, line[value]) }
                _ = json ? StructuredLine.json(line, keys, other: other) : StructuredLine.logfmt(line, keys, other: other)
            }
        }
    }
}
