import Foundation
import Reports
import Testing

@Suite struct JSONOutputTests {
    /// `string` escapes as the encoder behind `document` and `line` does: one escaping rule for every output.
    @Test func stringEscapesAsTheEncoderDoes() throws {
        let scalars = (0..<0x80).compactMap(Unicode.Scalar.init) + [0x85, 0xA0, 0x2028, 0x2029, 0x202E, 0xFEFF, 0x1F600].compactMap(Unicode.Scalar.init)
        for u in scalars {
            let s = "a\(Character(u))b/"
            #expect(JSONOutput.string(s) + "\n" == (try JSONOutput.line(s)), "U+\(String(u.value, radix: 16))")
        }
    }
}
