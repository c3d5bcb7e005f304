import Testing

@testable import LineEditor

@Suite struct LineSplitterTests {
    @Test func newlinesEndLinesAndCarriageReturnsBeforeThemAreDropped() {
        var splitter = LineSplitter()
        #expect(splitter.append(Array("a\nb\r\n\nc".utf8)) == ["a", "b", ""])
        #expect(splitter.finish() == "c")
        #expect(splitter.finish() == nil)
    }

    @Test func aLineSplitAcrossChunksIsJoined() {
        var splitter = LineSplitter()
        #expect(splitter.append(Array("hel".utf8)).isEmpty)
        #expect(splitter.append(Array("lo\r".utf8)).isEmpty)
        #expect(splitter.append(Array("\n".utf8)) == ["hello"])
    }

    @Test func aMultibyteCharacterSplitAcrossChunksSurvives() {
        let bytes = Array("Zoë\n".utf8)
        var splitter = LineSplitter()
        #expect(splitter.append(bytes[..<3]).isEmpty)
        #expect(splitter.append(bytes[3...]) == ["Zoë"])
    }

    @Test func invalidUTF8IsRepairedNotDropped() {
        var splitter = LineSplitter()
        #expect(splitter.append([0x61, 0xFF, 0x62, 0x0A]) == ["a\u{FFFD}b"])
    }
}
