import Foundation
import Redaction
import DeployGate

/// What a gate run writes when deploydiff itself failed and `fail-on-error-as-pass` let the step
/// pass: every requested report still exists and says why there is no decision.
public enum ErrorReport {
    public static func text(_ message: String) -> String {
        "gate: ERROR (no decision; passed on request)\n  \(ControlCharacters.escape(message))\n"
    }

    /// `{"schemaVersion": 1, "gate": {"decision": "error", "error": "...", "passedOnError": true}}`.
    public static func json(_ message: String) -> String {
        struct Body: Encodable {
            struct Gate: Encodable {
                let decision = "error"
                let error: String
                let passedOnError = true
            }
            let schemaVersion = GateReport.schemaVersion
            let gate: Gate
        }
        // Encoding a struct of strings, an integer and a boolean cannot fail.
        return (try? JSONOutput.line(Body(gate: Body.Gate(error: message)))) ?? "{}\n"
    }

    public static func markdown(_ message: String) -> String {
        "# ⚠️ deploydiff gate: error\n\ndeploydiff could not decide, and the step passes on request: "
            + MarkdownText.escape(message, lineBreak: "<br>") + "\n"
    }

    public static func junit(_ message: String) -> String {
        let m = xml(message)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="deploydiff" tests="1" failures="0" errors="1">
              <testsuite name="deploydiff gate" tests="1" failures="0" errors="1" skipped="0">
                <testcase classname="deploydiff.gate" name="decision">
                  <error message="deploydiff could not decide (passed on request)" type="error">\(m)</error>
                </testcase>
              </testsuite>
            </testsuites>

            """
    }

    public static func github(_ message: String) -> String {
        let m = ControlCharacters.escape("deploydiff could not decide (passed on request): " + message)
            .replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\n", with: "%0A")
        return "::warning title=deploydiff gate error::\(m)\n"
    }

    public static func html(_ message: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>deploydiff gate: error</title></head><body>
        <h1>deploydiff gate: error</h1><p>deploydiff could not decide, and the step passes on request:</p>
        <pre>\(xml(message))</pre></body></html>

        """
    }

    private static func xml(_ s: String) -> String {
        ControlCharacters.escape(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
