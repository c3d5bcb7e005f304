import PapoBenchCore
import Testing

/// Feeds `chunks` through one assembler; returns the pieces as (text, isWholeLine).
private func assemble(_ chunks: [[UInt8]]) -> [(String, Bool)] {
    var assembler = LineAssembler()
    var pieces: [(String, Bool)] = []
    for chunk in chunks {
        chunk.withUnsafeBytes { bytes in
            assembler.feed(bytes) { line, isWholeLine in
                pieces.append((String(decoding: line, as: UTF8.self), isWholeLine))
            }
        }
    }
    return pieces
}

@Suite("LineAssembler")
struct LineAssemblerTests {
    @Test("the same lines come out wherever the reads split the bytes")
    func splitAnywhere() {
        let bytes = Array("-!- welcome\r\n<u1> T1:2:3 xx\n\nlast one\npartial".utf8)
        let expected = ["-!- welcome", "<u1> T1:2:3 xx", "", "last one"]
        for cut in 0...bytes.count {
            let pieces = assemble([Array(bytes[..<cut]), Array(bytes[cut...])])
            #expect(pieces.map(\.0) == expected, "cut at \(cut)")
            #expect(pieces.allSatisfy { $0.1 })
        }
        let byteByByte = assemble(bytes.map { [$0] })
        #expect(byteByByte.map(\.0) == expected)
    }

    @Test("keeps a partial line until its newline arrives")
    func keepsPartial() {
        var assembler = LineAssembler()
        Array("abc".utf8).withUnsafeBytes { bytes in
            assembler.feed(bytes) { _, _ in Issue.record("no line is complete yet") }
        }
        #expect(assembler.pendingCount == 3)
    }

    @Test("an over-long line is cut into pieces that keep every token whole")
    func overLongLine() {
        // About 260 KB of tokens and padding with no newline until the end.
        var text = ""
        var tokens: [Token] = []
        for index in 0..<6000 {
            let token = Token(
                sender: UInt64(index % 7), sequence: UInt64(index), sentAt: 1_000_000_000_000 + UInt64(index))
            tokens.append(token)
            text += " " + token.rendered + " " + String(repeating: "x", count: 17)
        }
        let bytes = Array((text + "\n").utf8)
        for chunkSize in [1000, 4096, 65_536, 100_000] {
            var chunks: [[UInt8]] = []
            var start = 0
            while start < bytes.count {
                chunks.append(Array(bytes[start..<min(start + chunkSize, bytes.count)]))
                start += chunkSize
            }
            let pieces = assemble(chunks)
            #expect(pieces.count > 1, "chunks of \(chunkSize)")
            #expect(pieces.dropLast().allSatisfy { !$0.1 })
            #expect(pieces.last?.1 == true)
            #expect(pieces.flatMap { TokenScanner.tokens(in: $0.0) } == tokens, "chunks of \(chunkSize)")
        }
    }
}
