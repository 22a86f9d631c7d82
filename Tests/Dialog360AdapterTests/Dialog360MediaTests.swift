import Dialog360Adapter
import Testing

@Suite struct Dialog360MediaTests {
    @Test(arguments: [
        (
            "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1166846181421424&ext=1712345678&hash=ATu",
            "https://waba-v2.360dialog.io/whatsapp_business/attachments/?mid=1166846181421424&ext=1712345678&hash=ATu"
        ),
        ("http://lookaside.fbsbx.com/a/b", "https://waba-v2.360dialog.io/a/b"),
        ("https://LOOKASIDE.fbsbx.com/x?y=1", "https://waba-v2.360dialog.io/x?y=1"),
        ("https://lookaside.fbsbx.com:443/x", "https://waba-v2.360dialog.io/x"),
        // Not Meta's media host: unchanged.
        ("https://lookaside.fbsbx.com.evil.example/x", "https://lookaside.fbsbx.com.evil.example/x"),
        ("https://cdn.example.com/lookaside.fbsbx.com/x", "https://cdn.example.com/lookaside.fbsbx.com/x"),
    ])
    func metaMediaHostIsRewritten(url: String, expected: String) {
        #expect(Dialog360Media.downloadURL(for: url) == expected)
    }

    @Test func rewriteFollowsAConfiguredBase() {
        #expect(
            Dialog360Media.downloadURL(for: "https://lookaside.fbsbx.com/m?id=1", base: "http://127.0.0.1:9090/")
                == "http://127.0.0.1:9090/m?id=1")
        #expect(Dialog360Media.metadataURL(mediaID: "1166846181421424") == "https://waba-v2.360dialog.io/1166846181421424")
    }
}
