import Testing

@testable import LineEditor

@Suite struct CompleterTests {
    @Test func matchingKeepsCandidatesWithThePrefixIgnoringCase() {
        let matches = Completer.matching(["Ana", "andy", "bob", "ANABEL"], prefix: "an")
        #expect(matches == ["Ana", "ANABEL", "andy"])
    }

    @Test func matchingSortsAndRemovesDuplicates() {
        #expect(Completer.matching(["/who", "/join", "/who", "/kick"], prefix: "/") == ["/join", "/kick", "/who"])
    }

    @Test func anEmptyPrefixMatchesEverything() {
        #expect(Completer.matching(["b", "a"], prefix: "") == ["a", "b"])
    }

    @Test func noCandidateMatchesAnUnknownPrefix() {
        #expect(Completer.matching(["ana"], prefix: "z").isEmpty)
    }

    @Test func matchingHandlesNonASCIIPrefixes() {
        #expect(Completer.matching(["Zoë", "zoe", "ÉLODIE"], prefix: "é") == ["ÉLODIE"])
        #expect(Completer.matching(["Zoë", "zoe"], prefix: "zoë") == ["Zoë"])
    }

    @Test func aCompleterPassesTheRequestToItsFunction() {
        let completer = Completer { request in
            Completer.matching(
                request.wordsBefore == ["/kick"] ? ["ana", "bob"] : ["/kick"],
                prefix: request.partialWord
            )
        }
        #expect(completer.complete(CompletionRequest(line: "/kick a", cursor: 7)) == ["ana"])
        #expect(completer.complete(CompletionRequest(line: "/k", cursor: 2)) == ["/kick"])
    }
}
