import NIOCore
import Testing

@testable import PapoCore

// MARK: Helpers

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func repeated(_ character: Character, _ count: Int) -> String { String(repeating: character, count: count) }

/// What the decoder gave, in order: lines and the errors it threw and went on after.
private enum Event: Equatable {
    case line(String)
    case tooLong
    case notUTF8
}

/// Feeds `chunks` one at a time, taking every line after each and going on after errors, as
/// the IRC door does; also checks the decoder never holds more than the longest allowed line.
private func decode(_ chunks: [[UInt8]]) -> [Event] {
    var decoder = IRCLineDecoder()
    var buffer = ByteBuffer()
    var events: [Event] = []
    var mostBuffered = 0
    for chunk in chunks {
        buffer.writeBytes(chunk)
        reading: while true {
            do throws(IRCLineError) {
                guard let line = try decoder.next(from: &buffer) else { break reading }
                events.append(.line(line))
            } catch {
                events.append(error == .tooLong ? .tooLong : .notUTF8)
            }
        }
        mostBuffered = max(mostBuffered, buffer.readableBytes)
    }
    #expect(mostBuffered <= IRCLineDecoder.maxTagSectionBytes + IRCLineDecoder.maxBodyBytes + 1)
    return events
}

private func decode(_ stream: [UInt8]) -> [Event] { decode([stream]) }

/// Every byte on its own, as a slow client sends them.
private func byteByByte(_ stream: [UInt8]) -> [[UInt8]] { stream.map { [$0] } }

/// A tagged line whose tag section (`@`, tags, space) is `tagBytes` long and whose rest is `bodyBytes` long.
private func taggedLine(tagBytes: Int, bodyBytes: Int) -> String {
    "@k=" + repeated("t", tagBytes - 4) + " " + "PRIVMSG #a :" + repeated("b", bodyBytes - 12)
}

/// The limits told from a whole line, written apart from the decoder to check it.
private func breaksLimits(_ line: [UInt8]) -> Bool {
    guard line.first == UInt8(ascii: "@") else { return line.count > 510 }
    guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { return line.count > 4096 }
    return space + 1 > 4096 || line.count - (space + 1) > 510
}

@Suite("IRC line decoder")
struct IRCLineDecoderTests {
    @Test("Lines end with CR LF or LF, and a lone CR stays inside its line")
    func lineEndings() {
        #expect(decode(bytes("PING a\r\nPING b\nPING c\r\n")) == [.line("PING a"), .line("PING b"), .line("PING c")])
        #expect(decode(bytes("A\rB\n")) == [.line("A\rB")])
    }

    @Test("Empty lines are skipped")
    func emptyLinesSkipped() {
        #expect(decode(bytes("\r\n\n\r\nPING\r\n\n")) == [.line("PING")])
        #expect(decode(bytes("\n\n\n")) == [])
    }

    @Test("A line is not complete until its LF, however the bytes arrive")
    func linesSplitAcrossReads() throws {
        let stream = bytes("NICK ana\r\nUSER ana 0 * :Ana Lima\r\n\r\nPRIVMSG #papo :olá, 世界 👋\n")
        let expected: [Event] = [
            .line("NICK ana"), .line("USER ana 0 * :Ana Lima"), .line("PRIVMSG #papo :olá, 世界 👋"),
        ]
        #expect(decode(stream) == expected)
        #expect(decode(byteByByte(stream)) == expected)

        var decoder = IRCLineDecoder()
        var buffer = ByteBuffer(string: "PING x\r")
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(buffer.readableBytes == 7, "nothing is consumed until the line is whole")
        buffer.writeString("\nPI")
        #expect(try decoder.next(from: &buffer) == "PING x")
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(buffer.readableBytes == 2)
    }

    // MARK: Limits

    @Test("A 510-byte line is accepted and a 511-byte one refused, with CR LF or LF")
    func bodyLimit() {
        let atLimit = "PRIVMSG #a :" + repeated("x", 498)
        #expect(atLimit.utf8.count == 510)
        #expect(decode(bytes(atLimit + "\r\n")) == [.line(atLimit)])
        #expect(decode(bytes(atLimit + "\n")) == [.line(atLimit)])
        #expect(decode(byteByByte(bytes(atLimit + "\r\n"))) == [.line(atLimit)])
        #expect(decode(bytes(atLimit + "x\r\n")) == [.tooLong])
        #expect(decode(bytes(atLimit + "x\n")) == [.tooLong])
        #expect(decode(byteByByte(bytes(atLimit + "x\r\n"))) == [.tooLong])
    }

    @Test("One byte over is refused at once, without waiting for the line's end or keeping its bytes")
    func refusedBeforeLineEnd() throws {
        var decoder = IRCLineDecoder()
        var buffer = ByteBuffer(string: repeated("x", 510))
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(buffer.readableBytes == 510)
        // A CR may still be the start of CR LF: not yet too long.
        buffer.writeString("\r")
        #expect(try decoder.next(from: &buffer) == nil)
        buffer.writeString("x")
        #expect(throws: IRCLineError.tooLong) { _ = try decoder.next(from: &buffer) }
        #expect(buffer.readableBytes == 0)
        #expect(decoder.isDiscarding)
    }

    @Test("After an overlong line the rest of it is dropped and the next line comes through")
    func recoversAfterOverlongLine() throws {
        // The long line arrives over several reads, with the next line in the last one.
        var decoder = IRCLineDecoder()
        var buffer = ByteBuffer(string: "PRIVMSG #a :" + repeated("x", 600))
        #expect(throws: IRCLineError.tooLong) { _ = try decoder.next(from: &buffer) }
        for _ in 0..<20 {
            buffer.writeString(repeated("y", 1000))
            #expect(try decoder.next(from: &buffer) == nil)
            #expect(buffer.readableBytes == 0)
        }
        buffer.writeString("z\r\nPING after\r\nPI")
        #expect(try decoder.next(from: &buffer) == "PING after")
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(!decoder.isDiscarding)

        // The same, whole in one read, and byte by byte.
        let stream = bytes(repeated("x", 2000) + "\r\nPING after\r\n" + repeated("x", 511) + "\nPONG\n")
        let expected: [Event] = [.tooLong, .line("PING after"), .tooLong, .line("PONG")]
        #expect(decode(stream) == expected)
        #expect(decode(byteByByte(stream)) == expected)
    }

    @Test("Tags may take 4096 bytes (with the @ and the space) and the rest 510 besides")
    func tagSectionLimit() {
        let atLimit = taggedLine(tagBytes: 4096, bodyBytes: 510)
        #expect(atLimit.utf8.count == 4096 + 510)
        #expect(decode(bytes(atLimit + "\r\n")) == [.line(atLimit)])
        #expect(decode(byteByByte(bytes(atLimit + "\r\n"))) == [.line(atLimit)])
        #expect(decode(bytes(taggedLine(tagBytes: 4097, bodyBytes: 20) + "\r\nPING\r\n")) == [.tooLong, .line("PING")])
        #expect(decode(bytes(taggedLine(tagBytes: 600, bodyBytes: 511) + "\r\nPING\r\n")) == [.tooLong, .line("PING")])
        #expect(decode(bytes(taggedLine(tagBytes: 600, bodyBytes: 510) + "\r\n")).count == 1)
        let slowOverlong = byteByByte(bytes(taggedLine(tagBytes: 4097, bodyBytes: 20) + "\nPING\n"))
        #expect(decode(slowOverlong) == [.tooLong, .line("PING")])
    }

    @Test("A tag section over 4096 bytes is refused before its space arrives")
    func tagSectionRefusedEarly() throws {
        var decoder = IRCLineDecoder()
        var buffer = ByteBuffer(string: "@k=" + repeated("t", 4093))
        #expect(try decoder.next(from: &buffer) == nil, "4096 bytes: a tag-only line would still be short enough")
        buffer.writeString("t")
        #expect(throws: IRCLineError.tooLong) { _ = try decoder.next(from: &buffer) }
        #expect(buffer.readableBytes == 0)
    }

    // MARK: UTF-8

    @Test("A line that is not UTF-8 is refused and the next one comes through")
    func invalidUTF8() {
        let broken: [[UInt8]] = [[0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]
        for bad in broken {
            let stream = bytes("PRIVMSG #a :") + bad + bytes("\r\nPING\r\n")
            #expect(decode(stream) == [.notUTF8, .line("PING")], "\(bad)")
            #expect(decode(byteByByte(stream)) == [.notUTF8, .line("PING")], "\(bad)")
        }
        #expect(decode(bytes("PRIVMSG #a :") + [0xC3, 0xA9] + bytes("\n")) == [.line("PRIVMSG #a :é")])
    }

    @Test("An overlong line that is not UTF-8 either is too long")
    func overlongBeatsInvalid() {
        #expect(decode([0xFF] + bytes(repeated("x", 600) + "\n")) == [.tooLong])
    }

    // MARK: Partial lines

    @Test("A line is partial from its first byte until its LF, and while an overlong one is dropped")
    func isPartial() throws {
        var decoder = IRCLineDecoder()
        var buffer = ByteBuffer()
        #expect(!decoder.isPartial(buffer))
        buffer.writeString("PI")
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(decoder.isPartial(buffer))
        buffer.writeString("NG\r\n")
        #expect(try decoder.next(from: &buffer) == "PING")
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(!decoder.isPartial(buffer))

        buffer.writeString(repeated("x", 511))
        #expect(throws: IRCLineError.tooLong) { _ = try decoder.next(from: &buffer) }
        #expect(buffer.readableBytes == 0)
        #expect(decoder.isPartial(buffer), "the overlong line has not ended")
        buffer.writeString("x\n")
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(!decoder.isPartial(buffer))
    }

    // MARK: Randomised

    @Test("Random streams give the same lines and errors however they are cut")
    func randomStreams() {
        var rng = SplitMix64(seed: 0x1AC_0417)
        let pieces: [[UInt8]] = [bytes("a"), bytes(" "), bytes("é"), bytes("👋"), bytes("\r"), [0xFF], [0xC3]]
        for round in 0..<150 {
            var stream: [UInt8] = []
            var expected: [Event] = []
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                var line: [UInt8] = []
                // Lengths cluster around the limits, where mistakes hide.
                let target = [0, 5, 509, 510, 511, 512, 1200, 4095, 4096, 4097, 4606, 4608].randomElement(using: &rng)!
                if Bool.random(using: &rng) {
                    line = bytes("@k=") + repeatElement(UInt8(ascii: "t"), count: Int.random(in: 0...4100, using: &rng))
                    line.append(UInt8(ascii: " "))
                }
                while line.count < target {
                    if Int.random(in: 0..<8, using: &rng) == 0 {
                        line += pieces.randomElement(using: &rng)!
                    } else {
                        let run = min(target - line.count, Int.random(in: 1...64, using: &rng))
                        line += repeatElement(UInt8(ascii: "x"), count: run)
                    }
                }
                while line.last == UInt8(ascii: "\r") { line.removeLast() }
                stream += line + bytes(Bool.random(using: &rng) ? "\r\n" : "\n")
                if line.isEmpty { continue }
                if breaksLimits(line) {
                    expected.append(.tooLong)
                } else if let text = String(validating: line, as: UTF8.self) {
                    expected.append(.line(text))
                } else {
                    expected.append(.notUTF8)
                }
            }
            #expect(decode(stream) == expected, "round \(round)")
            var cuts: [[UInt8]] = []
            var start = 0
            while start < stream.count {
                let end = min(stream.count, start + Int.random(in: 1...700, using: &rng))
                cuts.append(Array(stream[start..<end]))
                start = end
            }
            #expect(decode(cuts) == expected, "round \(round)")
        }
    }
}
