/// Ids for tool calls that arrive without one (some local servers omit them). The id must be
/// deterministic, so a replayed conversation hashes the same for the findings cache, and distinct
/// across turns and calls, so each result finds its call: FNV-1a over the turn, position, name and
/// arguments.
enum ToolCallID {
    static func stable(turn: Int, index: Int, name: String, arguments: JSONValue) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(turn)|\(index)|\(name)|\(arguments.jsonString)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "call_" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
