import PapoBenchCore
import Testing

@Suite("Token")
struct TokenTests {
    @Test("renders as T<sender>:<sequence>:<ns>", arguments: [
        (Token(sender: 0, sequence: 1, sentAt: 0), "T0:1:0"),
        (Token(sender: 12, sequence: 345, sentAt: 6_789_000_111), "T12:345:6789000111"),
        (Token(sender: .max, sequence: .max, sentAt: .max), "T\(UInt64.max):\(UInt64.max):\(UInt64.max)"),
    ])
    func renders(token: Token, text: String) {
        #expect(token.rendered == text)
        #expect(token.renderedCount == text.utf8.count)
    }

    @Test("a rendered token scans back to itself")
    func roundTrip() {
        let token = Token(sender: 7, sequence: 99, sentAt: 123_456_789_012)
        #expect(TokenScanner.tokens(in: "<u7> \(token.rendered) xxxx") == [token])
    }
}

@Suite("TokenScanner")
struct TokenScannerTests {
    @Test("finds tokens anywhere in a line, several per line")
    func findsAnywhere() {
        let tokens = TokenScanner.tokens(in: "T1:2:3 and <u4> T4:5:6xx, then (T7:8:9)")
        #expect(tokens == [
            Token(sender: 1, sequence: 2, sentAt: 3), Token(sender: 4, sequence: 5, sentAt: 6),
            Token(sender: 7, sequence: 8, sentAt: 9),
        ])
    }

    @Test("skips what chatload skips", arguments: [
        "uT1:2:3",  // preceded by a letter
        "9T1:2:3",  // preceded by a digit
        "T1:2",  // a field missing
        "T1:2:",  // the third field empty
        "T:1:2:3",  // no sender
        "T",  // a lone T at the end
        "Tx1:2:3",  // no digit after T
        "T1-2-3",  // wrong separators
        "",
    ])
    func skips(line: String) {
        #expect(TokenScanner.tokens(in: line).isEmpty)
    }

    @Test("a token is found after a rejected T in the same line")
    func afterRejected() {
        #expect(TokenScanner.tokens(in: "Tea at T1:2:3") == [Token(sender: 1, sequence: 2, sentAt: 3)])
        #expect(TokenScanner.tokens(in: "T1:2 T3:4:5") == [Token(sender: 3, sequence: 4, sentAt: 5)])
        #expect(TokenScanner.tokens(in: "-T1:2:3") == [Token(sender: 1, sequence: 2, sentAt: 3)])
    }

    @Test("huge numbers wrap instead of trapping")
    func hugeNumbersWrap() {
        let tokens = TokenScanner.tokens(in: "T99999999999999999999999:1:2")
        #expect(tokens.count == 1)
        #expect(tokens.first?.sequence == 1)
    }
}
