import Testing
import TestSupport

@testable import LLMClient

@Suite struct JSONSchemaValidatorTests {
    let validator = JSONSchemaValidator(schema: [
        "type": "object",
        "properties": [
            "verdict": ["type": "string", "enum": ["regression", "benign"]],
            "confidence": ["type": "number", "minimum": 0, "maximum": 1],
            "evidence": ["type": "array", "minItems": 1, "items": ["type": "object", "properties": ["count": ["type": "integer"]], "required": ["count"]]],
            "title": ["type": "string", "minLength": 3],
            "note": ["anyOf": [["type": "string"], ["type": "null"]]],
        ],
        "required": ["verdict", "confidence"],
        "additionalProperties": false,
    ])

    @Test func validValuePasses() {
        #expect(validator.issues(in: ["verdict": "benign", "confidence": 1, "evidence": [["count": 3.0]], "title": "abc", "note": .null]) == [])
    }

    @Test func issuesNameThePath() {
        let issues = validator.issues(in: ["verdict": "maybe", "evidence": [["count": "3"]], "title": "x", "extra": 1, "note": 3])
        #expect(issues == [
            "$: missing required property 'confidence'",
            "$.evidence[0].count: expected integer, found string",
            "$: unexpected property 'extra'",
            "$.note: matches none of the anyOf alternatives",
            "$.title: shorter than 3 characters",
            "$.verdict: \"maybe\" is not one of [\"regression\",\"benign\"]",
        ])
    }

    @Test func wrongTopLevelType() {
        #expect(validator.issues(in: ["a"]) == ["$: expected object, found array"])
    }

    @Test func answersInFencesOrProseAreFound() {
        let text = "Sure!\n```json\n{\"verdict\":\"benign\",\"confidence\":0.2,\"title\":\"ok\"}\n```"
        let (value, issues) = StructuredOutput.check(text: text, against: verdictSchema)
        #expect(issues == [])
        #expect(value?["verdict"] == "benign")
    }
}
