import Testing

@testable import LineEditor

@Suite struct CompletionRequestTests {
    @Test func theWordUnderTheCursorStartsAfterTheLastBlank() {
        let request = CompletionRequest(line: "/kick an", cursor: 8)
        #expect(request.wordStart == 6)
        #expect(request.partialWord == "an")
        #expect(request.wordsBefore == ["/kick"])
    }

    @Test func anEmptyLineCompletesAnEmptyFirstWord() {
        let request = CompletionRequest(line: "", cursor: 0)
        #expect(request.wordStart == 0)
        #expect(request.partialWord == "")
        #expect(request.wordsBefore.isEmpty)
    }

    @Test func theFirstWordHasNoWordsBefore() {
        let request = CompletionRequest(line: "/jo", cursor: 3)
        #expect(request.wordStart == 0)
        #expect(request.partialWord == "/jo")
        #expect(request.wordsBefore.isEmpty)
    }

    @Test func afterATrailingBlankANewWordBegins() {
        let request = CompletionRequest(line: "/join  ", cursor: 7)
        #expect(request.wordStart == 7)
        #expect(request.partialWord == "")
        #expect(request.wordsBefore == ["/join"])
    }

    @Test func tabsAndRepeatedBlanksSeparateWords() {
        let request = CompletionRequest(line: "a \t b  c", cursor: 8)
        #expect(request.wordsBefore == ["a", "b"])
        #expect(request.partialWord == "c")
    }

    @Test func aCursorInTheMiddleCompletesOnlyWhatIsBeforeIt() {
        // "/msg anabel hi" with the cursor after "/msg an"
        let request = CompletionRequest(line: "/msg anabel hi", cursor: 7)
        #expect(request.wordStart == 5)
        #expect(request.partialWord == "an")
        #expect(request.wordsBefore == ["/msg"])
        #expect(request.line == "/msg anabel hi")
    }

    @Test func offsetsCountUTF8BytesNotCharacters() {
        // "é" is 2 bytes and "😀" 4, so "/msg é😀 jo" puts "jo" at byte 12.
        let line = "/msg é😀 jo"
        let request = CompletionRequest(line: line, cursor: line.utf8.count)
        #expect(line.utf8.count == 14)
        #expect(request.wordStart == 12)
        #expect(request.partialWord == "jo")
        #expect(request.wordsBefore == ["/msg", "é😀"])
    }

    @Test func aMultibyteWordIsCompletedWhole() {
        let line = "/kick Zoë"
        let request = CompletionRequest(line: line, cursor: line.utf8.count)
        #expect(request.wordStart == 6)
        #expect(request.partialWord == "Zoë")
    }

    @Test func aCursorInsideAMultibyteCharacterMovesBackToItsStart() {
        // Byte 2 is inside "é" (bytes 1...2).
        let request = CompletionRequest(line: "aé", cursor: 2)
        #expect(request.cursor == 1)
        #expect(request.partialWord == "a")
    }

    @Test func outOfRangeOffsetsAreClamped() {
        #expect(CompletionRequest(line: "ab", cursor: 99).cursor == 2)
        #expect(CompletionRequest(line: "ab", cursor: -3).cursor == 0)
        let request = CompletionRequest(line: "ab cd", cursor: 4, wordStart: 9)
        #expect(request.wordStart == 4)
        #expect(request.partialWord == "")
    }

    @Test func readlineOffsetsAreTakenAsGiven() {
        let request = CompletionRequest(line: "/kick ana", cursor: 9, wordStart: 6)
        #expect(request == CompletionRequest(line: "/kick ana", cursor: 9))
    }
}
