import Testing

@testable import PapoCore

@Suite("TextSanitizer")
struct TextSanitizerTests {
    @Test(
        "Cleaning drops controls but keeps tabs and printable text",
        arguments: [
            ("hello", "hello"),
            ("", ""),
            ("tab\there", "tab\there"),
            ("\u{1B}[31mred\u{1B}[0m", "[31mred[0m"),
            ("bell\u{7}", "bell"),
            ("a\u{0}b", "ab"),
            ("del\u{7F}", "del"),
            ("csi\u{9B}31m", "csi31m"),
            ("nel\u{85}x", "nelx"),
            ("a\rb\nc\r\nd", "abcd"),
            ("line\u{2028}para\u{2029}", "linepara"),
            ("café 名前 👋🏽 e\u{301}", "café 名前 👋🏽 e\u{301}"),
            ("\u{1B}\u{7}\u{0}", ""),
            ("\u{1B}]0;owned\u{7}title", "]0;ownedtitle"),
            // Bidirectional overrides and isolates: "<ana> hi" cannot be made to read as another's line.
            ("gpj.\u{202E}exe.tset", "gpj.exe.tset"),
            ("\u{202A}\u{202B}\u{202C}\u{202D}a\u{2066}b\u{2067}c\u{2068}d\u{2069}", "abcd"),
            // Other format characters that mark direction (LRM, RLM) do no harm and stay.
            ("\u{200E}olá\u{200F}", "\u{200E}olá\u{200F}"),
        ]
    )
    func clean(raw: String, cleaned: String) {
        #expect(TextSanitizer.clean(raw) == cleaned)
    }

    @Test("Cleaned text never holds a removable scalar")
    func cleanedTextIsClean() {
        let scalars: [Unicode.Scalar] = (0...0xFF).map { Unicode.Scalar(UInt8($0)) } + ["\u{2028}", "\u{2029}"]
        let every = String(String.UnicodeScalarView(scalars))
        let cleaned = TextSanitizer.clean(every)
        #expect(!cleaned.unicodeScalars.contains(where: TextSanitizer.isRemoved))
        #expect(cleaned.unicodeScalars.count == 256 - 31 - 33, "C0 but tab, DEL and C1 go")
    }

    @Test(
        "Characters are shown quoted when printable, as code points otherwise",
        arguments: [
            ("!", "'!'"), ("é", "'é'"), ("😀", "'😀'"), ("\u{1B}", "U+001B"), (" ", "U+0020"), ("\t", "U+0009"),
            ("\u{9B}", "U+009B"), ("\u{2028}", "U+2028"), ("\r\n", "U+000D U+000A"), ("\u{202E}", "U+202E"),
        ] as [(Character, String)]
    )
    func visible(character: Character, shown: String) {
        #expect(TextSanitizer.visible(character) == shown)
    }

    @Test("A preview is cleaned, then cut with an ellipsis")
    func preview() {
        #expect(TextSanitizer.preview("short") == "short")
        #expect(TextSanitizer.preview(String(repeating: "a", count: 40)) == String(repeating: "a", count: 40))
        #expect(TextSanitizer.preview(String(repeating: "a", count: 41)) == String(repeating: "a", count: 40) + "…")
        #expect(TextSanitizer.preview("abcdef", limit: 3) == "abc…")
        #expect(TextSanitizer.preview("\u{1B}[1mab", limit: 4) == "[1ma…")
        #expect(TextSanitizer.preview("\u{1B}\u{1B}ab", limit: 2) == "ab")
    }
}
