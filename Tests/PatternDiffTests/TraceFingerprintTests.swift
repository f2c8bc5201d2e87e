import Testing

@testable import PatternDiff

struct TraceFingerprintTests {
    static let python = """
        2026-04-01 09:10:02,113 ERROR app.cart: add_item failed for cart c-00042
        Traceback (most recent call last):
          File "/srv/cart/app/api.py", line 10, in post_cart
            cart.handle_add(request)
          File "/srv/cart/app/cart.py", line 17, in handle_add
            add_item(request.cart, request.item)
          File "/srv/cart/app/cart.py", line 9, in add_item
            sku = item["sku"]
        KeyError: 'sku'
        """

    @Test func pythonFramesAreReadWithLineNumbersLeftOut() throws {
        let t = try #require(TraceFingerprint.read(Self.python))
        #expect(t.exception == "KeyError")
        #expect(t.frames == ["api.py post_cart", "cart.py handle_add", "cart.py add_item"])
        #expect(t.summary == "KeyError in cart.py add_item()")
        let moved = try #require(TraceFingerprint.read(Self.python.replacingOccurrences(of: "line 9,", with: "line 12,")))
        #expect(moved == t, "a line number is not a different trace")
    }

    @Test func jvmFramesAreReadOutermostFirstWithAddressesAndLambdasMasked() throws {
        let a = """
            ERROR c.s.Orders: order failed
            java.lang.IllegalStateException: no stock at 0x7f3a2c
            \tat com.shop.Inventory.reserve(Inventory.java:88)
            \tat com.shop.Orders.lambda$place$3(Orders.java:41)
            \tat com.shop.Api.post(Api.java:12)
            """
        let t = try #require(TraceFingerprint.read(a))
        #expect(t.exception == "java.lang.IllegalStateException")
        #expect(t.frames == ["com.shop.Api.post", "com.shop.Orders.lambda$place$<n>", "com.shop.Inventory.reserve"])
        let other = try #require(TraceFingerprint.read(a.replacingOccurrences(of: "lambda$place$3", with: "lambda$place$7")))
        #expect(other == t, "generated lambda numbers are masked")
    }

    @Test func similarityIsOneMinusOneFrameOrZero() throws {
        let t = TraceFingerprint(exception: "KeyError", frames: ["a f", "b g", "c h"])
        #expect(t.similarity(to: t) == 1)
        let oneOff = TraceFingerprint(exception: "KeyError", frames: ["a f", "b x", "c h"])
        #expect(abs(t.similarity(to: oneOff) - 2.0 / 3) < 1e-9)
        #expect(oneOff.differingFrame(from: t) == ("b g", "b x"))
        let twoOff = TraceFingerprint(exception: "KeyError", frames: ["a f", "b x", "c y"])
        #expect(t.similarity(to: twoOff) == 0)
        let added = TraceFingerprint(exception: "KeyError", frames: ["a f", "b g", "w w", "c h"])
        #expect(t.similarity(to: added) == 0.75)
        let otherType = TraceFingerprint(exception: "ValueError", frames: t.frames)
        #expect(t.similarity(to: otherType) == 0)
        #expect(TraceFingerprint.read("INFO no trace here") == nil)
    }
}
