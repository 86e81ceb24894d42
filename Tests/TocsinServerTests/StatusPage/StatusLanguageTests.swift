import Testing
import TocsinCore

#if canImport(StatusPageRender)
@testable import StatusPageRender
#else
@testable import TocsinServer
#endif

@Suite("Status page: language negotiation")
struct StatusLanguageTests {
    @Test(arguments: [
        (String?.none, String?.none, Language.de),
        ("en", nil, .en),
        ("EN", "de", .en),
        ("de", "en-US,en;q=0.9", .de),
        ("fr", "en", .en),
        (nil, "en-US,en;q=0.9,de;q=0.8", .en),
        (nil, "fr, en;q=0.5", .en),
        (nil, "de-DE,de;q=0.9,en;q=0.8", .de),
        (nil, "fr-FR, it;q=0.8", .de),
        (nil, "en;q=0, de;q=0", .de),
        (nil, "en;q=0.3, de;q=0.7", .de),
        (nil, "de;q=0.5, en;q=0.5", .de),
        (nil, "en;q=0.5, de;q=0.5", .en),
        (nil, "*", .de),
        (nil, "en;q=0.3, *;q=0.5", .de),
        (nil, "", .de),
        (nil, "en;q=abc", .en),
    ])
    func negotiation(query: String?, header: String?, expected: Language) {
        #expect(StatusLanguage.negotiate(query: query, acceptLanguage: header) == expected)
    }
}
