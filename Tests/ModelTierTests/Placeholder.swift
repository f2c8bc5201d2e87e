import Testing

@testable import ModelTier

@Suite struct ModelTierLinkTests {
    @Test func moduleLinks() { #expect(String(describing: ModelTier.self) == "ModelTier") }
}
