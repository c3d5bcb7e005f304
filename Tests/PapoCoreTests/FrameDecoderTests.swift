import NIOCore
import Testing

@testable import PapoCore

// MARK: Helpers

private let space = UInt8(ascii: " ")

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A 64-byte header: `text` padded with spaces on the right.
private func header(_ text: String) -> [UInt8] {
    let head = bytes(text)
    return head + Array(repeating: space, count: max(0, FrameDecoder.headerLength - head.count))
}

/// A frame as the assignment's client sends it: the payload length, padded, then the payload.
private func frame(_ payload: [UInt8]) -> [UInt8] {
    header(String(payload.count)) + payload
}

private func frame(_ payload: String) -> [UInt8] { frame(bytes(payload)) }

/// What a decoder made of a stream: its messages, then the error that stopped it, if any.
private struct Outcome: Equatable, CustomStringConvertible {
    var messages: [InboundMessage] = []
    var error: FramingError?

    var description: String { "\(self.messages) then \(self.error.map { "\($0)" } ?? "no error")" }
}

/// Feeds `chunks` one at a time, taking every message after each, as the channel handler does.
private func decode(
    _ chunks: [[UInt8]],
    limits: FramingLimits = FramingLimits(),
    atEOF: Bool = false
) -> Outcome {
    var decoder = FrameDecoder(limits: limits)
    var buffer = ByteBuffer()
    var outcome = Outcome()
    do throws(FramingError) {
        for chunk in chunks {
            buffer.writeBytes(chunk)
            while let message = try decoder.next(from: &buffer) {
                outcome.messages.append(message)
            }
        }
        if atEOF, let last = decoder.remainder(from: &buffer) {
            outcome.messages.append(last)
        }
    } catch {
        outcome.error = error
    }
    return outcome
}

private func decode(_ stream: [UInt8], limits: FramingLimits = FramingLimits(), atEOF: Bool = false) -> Outcome {
    decode([stream], limits: limits, atEOF: atEOF)
}

/// A small, fast, deterministic generator (SplitMix64), so random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Cuts `stream` into random pieces of 1...`maxPiece` bytes.
private func randomPieces(_ stream: [UInt8], maxPiece: Int, using rng: inout SplitMix64) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var start = 0
    while start < stream.count {
        let end = min(stream.count, start + Int.random(in: 1...maxPiece, using: &rng))
        pieces.append(Array(stream[start..<end]))
        start = end
    }
    return pieces
}

/// A named byte stream and what decoding it must give, for parameterised tests.
struct DecoderCase: Sendable, CustomTestStringConvertible {
    let name: String
    let stream: [UInt8]
    let expected: [InboundMessage]

    var testDescription: String { self.name }
}

private let splitCases: [DecoderCase] = [
    DecoderCase(name: "one frame", stream: frame("hello"), expected: [.frame("hello")]),
    DecoderCase(
        name: "three frames and the bare word",
        stream: frame("hello") + frame("") + header("  11") + bytes("multi\nlines") + bytes("Desconectar"),
        expected: [.frame("hello"), .frame(""), .frame("multi\nlines"), .bareDisconnect]),
    DecoderCase(
        name: "a frame of multi-byte characters",
        stream: frame("olá, 世界 👋") + frame("ok"),
        expected: [.frame("olá, 世界 👋"), .frame("ok")]),
    DecoderCase(
        name: "a seed-shaped frame",
        stream: frame("\nana enviou: oi\nDigite sua mensagem:"),
        expected: [.frame("\nana enviou: oi\nDigite sua mensagem:")]),
    DecoderCase(
        name: "CRLF and LF lines",
        stream: bytes("hi\r\nthere\n42\n2 apples\r\n"),
        expected: [.line("hi", .crlf), .line("there", .lf), .line("42", .lf), .line("2 apples", .crlf)]),
]

private let detectionCases: [(String, FrameDecoder.Detection)] = [
    ("", .undecided),
    ("7", .undecided),
    ("7  ", .undecided),
    ("42\n", .lines),
    ("2 apples", .lines),
    ("12 3", .lines),
    (" 5", .lines),
    ("hello", .lines),
    ("\r\n", .lines),
    ("5" + String(repeating: " ", count: 63), .framed),
    (String(repeating: "1", count: 64), .framed),
    ("5" + String(repeating: " ", count: 63) + "hello", .framed),
    (String(repeating: "1", count: 63) + "x", .lines),
]

// MARK: Tests

@Suite("FrameDecoder")
struct FrameDecoderTests {
    // MARK: Detection

    @Test(
        "Digits and then spaces, fewer than 64 bytes, leave the decision open",
        arguments: ["4", "42", "42   ", "1234567890", String(repeating: "9", count: 63), "5" + String(repeating: " ", count: 62)]
    )
    func undecidedWhileTheHeaderCouldStillBeFramed(start: String) throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(string: start)
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(decoder.mode == .detecting)
        #expect(buffer.readableBytes == start.utf8.count, "nothing is consumed while detecting")
    }

    @Test("An empty buffer leaves the decision open")
    func emptyBufferIsUndecided() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer()
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(decoder.mode == .detecting)
    }

    @Test("Sixty-four bytes of digits then spaces make a framed connection")
    func sixtyFourHeaderBytesMakeAFramedConnection() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: header("5"))
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(decoder.mode == .awaitingPayload(length: 5))
        #expect(buffer.readableBytes == 0, "the header is consumed once complete")
    }

    @Test("Detection follows ^[0-9]+ *$ over the first 64 bytes", arguments: detectionCases)
    func detectionRule(start: String, expected: FrameDecoder.Detection) {
        let buffer = ByteBuffer(string: start)
        #expect(FrameDecoder.detect(buffer.readableBytesView) == expected)
    }

    @Test(
        "Input that only starts like a header is read as lines",
        arguments: [
            DecoderCase(name: "a number on its own line", stream: bytes("42\n"), expected: [.line("42", .lf)]),
            DecoderCase(name: "a number and words", stream: bytes("2 apples\n"), expected: [.line("2 apples", .lf)]),
            DecoderCase(
                name: "a 70-byte line starting with digits and a space",
                stream: bytes("12 " + String(repeating: "x", count: 66) + "\n"),
                expected: [.line("12 " + String(repeating: "x", count: 66), .lf)]),
            DecoderCase(name: "a leading space", stream: bytes(" 5\n"), expected: [.line(" 5", .lf)]),
            DecoderCase(name: "an empty line", stream: bytes("\n"), expected: [.line("", .lf)]),
            DecoderCase(
                name: "two lines", stream: bytes("hi\nthere\n"), expected: [.line("hi", .lf), .line("there", .lf)]),
        ]
    )
    func ambiguousStartsAreLines(example: DecoderCase) {
        #expect(decode(example.stream) == Outcome(messages: example.expected))
    }

    @Test("The decision is final: a line connection never turns framed")
    func lineModeIsFinal() {
        let stream = bytes("hi\n") + frame("hello")
        let outcome = decode(stream, atEOF: true)
        #expect(outcome.messages.first == .line("hi", .lf))
        #expect(outcome.messages.allSatisfy { if case .line = $0 { true } else { false } })
    }

    @Test("The decision is final: a framed connection never reads lines")
    func framedModeIsFinal() {
        #expect(decode(frame("hi") + bytes("hello\n")).error == .invalidHeader(preview: "hello"))
    }

    // MARK: Frames

    @Test("A frame yields its payload")
    func simpleFrame() {
        #expect(decode(frame("hello")) == Outcome(messages: [.frame("hello")]))
    }

    @Test("A payload with several lines stays one frame")
    func multiLinePayloadIsOneFrame() {
        #expect(decode(frame("a\nb\r\nc")) == Outcome(messages: [.frame("a\nb\r\nc")]))
    }

    @Test("A zero-length frame yields an empty payload")
    func zeroLengthFrame() {
        #expect(decode(frame("") + frame("x")) == Outcome(messages: [.frame(""), .frame("x")]))
    }

    @Test("A length with leading zeros is read in decimal")
    func leadingZerosInLength() {
        let stream = header("0005") + bytes("hello")
        #expect(decode(stream) == Outcome(messages: [.frame("hello")]))
        let allDigits = bytes(String(repeating: "0", count: 62) + "03") + bytes("abc")
        #expect(decode(allDigits) == Outcome(messages: [.frame("abc")]))
    }

    @Test("A later header may start with spaces")
    func leadingSpacesInLaterHeader() {
        let stream = frame("hi") + header("   3") + bytes("abc") + header(String(repeating: " ", count: 61) + "2") + bytes("ok")
        #expect(decode(stream) == Outcome(messages: [.frame("hi"), .frame("abc"), .frame("ok")]))
    }

    @Test("The payload is awaited, then the next header")
    func awaitsPayloadThenHeader() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: header("5") + bytes("hel"))
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(decoder.mode == .awaitingPayload(length: 5))
        buffer.writeBytes(bytes("lo"))
        #expect(try decoder.next(from: &buffer) == .frame("hello"))
        #expect(decoder.mode == .awaitingHeader)
        #expect(try decoder.next(from: &buffer) == nil)
    }

    @Test("Splitting the input at any byte offset yields the same messages", arguments: splitCases)
    func splitAtEveryOffset(example: DecoderCase) {
        let expected = Outcome(messages: example.expected)
        #expect(decode(example.stream) == expected, "whole")
        for offset in 0...example.stream.count {
            let pieces = [Array(example.stream[..<offset]), Array(example.stream[offset...])]
            #expect(decode(pieces) == expected, "split at \(offset)")
        }
        #expect(decode(example.stream.map { [$0] }) == expected, "one byte at a time")
    }

    @Test("Splitting a frame at any two offsets yields the same message")
    func splitAtEveryPairOfOffsets() {
        let stream = frame("hello")
        let expected = Outcome(messages: [.frame("hello")])
        for first in 0...stream.count {
            for second in first...stream.count {
                let pieces = [Array(stream[..<first]), Array(stream[first..<second]), Array(stream[second...])]
                #expect(decode(pieces) == expected, "split at \(first) and \(second)")
            }
        }
    }

    @Test("A frame split at any offset yields nothing until its last byte")
    func nothingBeforeTheLastByte() throws {
        let stream = frame("hello")
        for offset in 0..<stream.count {
            var decoder = FrameDecoder()
            var buffer = ByteBuffer(bytes: stream[..<offset])
            #expect(try decoder.next(from: &buffer) == nil, "after \(offset) bytes")
            buffer.writeBytes(stream[offset...])
            #expect(try decoder.next(from: &buffer) == .frame("hello"), "after \(offset) bytes and the rest")
            #expect(try decoder.next(from: &buffer) == nil)
        }
    }

    @Test("Many frames merged in one buffer yield every payload in order")
    func manyFramesMerged() {
        let payloads = (0..<200).map { "message \($0)" + String(repeating: "!", count: $0 % 7) }
        let stream = payloads.flatMap { frame($0) }
        let expected = Outcome(messages: payloads.map(InboundMessage.frame))
        #expect(decode(stream) == expected)
        var rng = SplitMix64(seed: 42)
        for _ in 0..<20 {
            #expect(decode(randomPieces(stream, maxPiece: 150, using: &rng)) == expected)
        }
    }

    // MARK: Framing errors

    @Test("A frame over the limit is refused right after its header, without waiting for the payload")
    func frameTooLargeRightAfterHeader() throws {
        let limits = FramingLimits(maxFrameBytes: 100)
        #expect(decode(header("101"), limits: limits).error == .frameTooLarge(claimed: "101", limit: 100))
        #expect(decode(frame("ok") + header("101"), limits: limits).error == .frameTooLarge(claimed: "101", limit: 100))
        // Exactly the limit is allowed: the decoder waits for the payload.
        var decoder = FrameDecoder(limits: limits)
        var buffer = ByteBuffer(bytes: header("100"))
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(decoder.mode == .awaitingPayload(length: 100))
    }

    @Test("A default-limit frame of 64 KiB is accepted and one more byte is not")
    func defaultFrameLimit() {
        let limit = FramingLimits().maxFrameBytes
        #expect(limit == 65_536)
        let payload = [UInt8](repeating: UInt8(ascii: "a"), count: limit)
        #expect(decode(frame(payload)).messages == [.frame(String(repeating: "a", count: limit))])
        #expect(decode(header(String(limit + 1))).error == .frameTooLarge(claimed: String(limit + 1), limit: limit))
    }

    @Test("Leading zeros do not count toward a length's size; 19 significant digits are too large")
    func leadingZeros() {
        let zeros = String(repeating: "0", count: 61)
        #expect(decode(header(zeros + "2") + bytes("oi")).messages == [.frame("oi")])
        let nineteen = "1" + String(repeating: "0", count: 18)
        #expect(decode(header(zeros.prefix(40) + nineteen)).error == .frameTooLarge(claimed: nineteen, limit: 65_536))
        let maxInt64Digits = "9223372036854775807"
        #expect(decode(header(maxInt64Digits)).error == .frameTooLarge(claimed: maxInt64Digits, limit: 65_536))
    }

    @Test("A 60-digit length is too large and does not overflow")
    func hugeLengthIsTooLarge() {
        let digits = String(repeating: "9", count: 60)
        #expect(decode(header(digits)).error == .frameTooLarge(claimed: digits, limit: 65_536))
        let sixtyFour = String(repeating: "1", count: 64)
        #expect(decode(bytes(sixtyFour)).error == .frameTooLarge(claimed: sixtyFour, limit: 65_536))
        let padded = String(repeating: "0", count: 40) + "123456789012345678901234"
        #expect(decode(bytes(padded)).error == .frameTooLarge(claimed: "123456789012345678901234", limit: 65_536))
    }

    @Test(
        "A later header that is not a padded decimal length is invalid",
        arguments: [
            ("12ab", "12ab"),
            ("5 5", "5 5"),
            ("-5", "-5"),
            ("+5", "+5"),
            ("5\t", "5\t"),
            ("hello", "hello"),
            ("Desconectado", "Desconectado"),
            ("  x", "  x"),
        ]
    )
    func invalidLaterHeader(text: String, preview: String) {
        #expect(decode(frame("hi") + header(text)) == Outcome(messages: [.frame("hi")], error: .invalidHeader(preview: preview)))
    }

    @Test("An invalid header is refused as soon as its first bad byte arrives")
    func invalidHeaderIsRefusedEarly() {
        #expect(decode(frame("hi") + bytes("12a")).error == .invalidHeader(preview: "12a"))
    }

    @Test("An invalid header's preview is sanitised and short")
    func invalidHeaderPreview() {
        let outcome = decode(frame("hi") + bytes("9\u{1B}[2J" + String(repeating: "z", count: 60)))
        #expect(outcome.error == .invalidHeader(preview: "9[2J" + String(repeating: "z", count: 16) + "…"))
    }

    @Test("A header of spaces only is empty")
    func emptyHeader() throws {
        let spaces = String(repeating: " ", count: 64)
        #expect(decode(frame("hi") + bytes(spaces)) == Outcome(messages: [.frame("hi")], error: .emptyHeader))
        #expect(decode(frame("hi") + bytes(spaces) + bytes("hello")).error == .emptyHeader)
        #expect(decode(frame("hi") + bytes(spaces) + bytes("5")).error == .emptyHeader)
        // Fewer than 64 spaces could still become a header with leading spaces.
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: frame("hi") + bytes(String(repeating: " ", count: 63)))
        #expect(try decoder.next(from: &buffer) == .frame("hi"))
        #expect(try decoder.next(from: &buffer) == nil)
    }

    // MARK: Lines

    @Test("Line endings are reported as sent")
    func lineEndings() {
        #expect(decode(bytes("hi\r\n")).messages == [.line("hi", .crlf)])
        #expect(decode(bytes("hi\n")).messages == [.line("hi", .lf)])
        #expect(decode(bytes("\r\n")).messages == [.line("", .crlf)])
        #expect(decode(bytes("a\rb\n")).messages == [.line("a\rb", .lf)])
    }

    @Test("A line is not complete until its newline")
    func lineAwaitsNewline() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(string: "hello")
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(decoder.mode == .lines)
        buffer.writeString(" world\r")
        #expect(try decoder.next(from: &buffer) == nil)
        buffer.writeString("\n")
        #expect(try decoder.next(from: &buffer) == .line("hello world", .crlf))
    }

    @Test("Lines up to the limit pass and longer ones are refused, with or without their newline")
    func lineLimit() {
        let limits = FramingLimits(maxLineBytes: 16)
        let sixteen = String(repeating: "a", count: 16)
        #expect(decode(bytes(sixteen + "\n"), limits: limits).messages == [.line(sixteen, .lf)])
        #expect(decode(bytes(sixteen + "\r\n"), limits: limits).messages == [.line(sixteen, .crlf)])
        #expect(decode(bytes(sixteen + "a\n"), limits: limits).error == .lineTooLong(limit: 16))
        // Without a newline yet: 17 bytes may still be 16 and a `\r`, 18 may not.
        #expect(decode(bytes(sixteen + "\r"), limits: limits) == Outcome())
        #expect(decode(bytes(sixteen + "a"), limits: limits) == Outcome())
        #expect(decode(bytes(sixteen + "aa"), limits: limits).error == .lineTooLong(limit: 16))
        #expect(decode(bytes(sixteen + "a\r\n"), limits: limits).error == .lineTooLong(limit: 16))
    }

    @Test("The default line limit is 8 KiB and a long line without a newline is refused")
    func defaultLineLimit() {
        #expect(FramingLimits().maxLineBytes == 8192)
        let x = UInt8(ascii: "x")
        #expect(decode([UInt8](repeating: x, count: 8193)) == Outcome())
        #expect(decode([UInt8](repeating: x, count: 8194)).error == .lineTooLong(limit: 8192))
        #expect(decode([UInt8](repeating: x, count: 100_000)).error == .lineTooLong(limit: 8192))
    }

    // MARK: Invalid UTF-8

    @Test("Invalid UTF-8 becomes U+FFFD in frames and lines")
    func invalidUTF8IsRepaired() {
        let broken: [UInt8] = [0x68, 0xFF, 0x69, 0xC3]
        #expect(decode(frame(broken)).messages == [.frame("h\u{FFFD}i\u{FFFD}")])
        #expect(decode(bytes("x") + broken + bytes("\n")).messages == [.line("xh\u{FFFD}i\u{FFFD}", .lf)])
        #expect(decode(frame([0xC0, 0x80, 0xED, 0xA0, 0x80])).messages.count == 1)
    }

    // MARK: The bare disconnect word

    @Test(
        "The bare word after a frame is a disconnect",
        arguments: ["Desconectar", "desconectar", "DESCONECTAR", "Desconectar\n", "Desconectar\r\n", "Desconectar \t"]
    )
    func bareDisconnectAfterFrame(word: String) {
        #expect(decode(frame("tchau") + bytes(word)) == Outcome(messages: [.frame("tchau"), .bareDisconnect]))
    }

    @Test("The bare word split across reads is still a disconnect")
    func bareDisconnectSplit() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: frame("tchau") + bytes("Desco"))
        #expect(try decoder.next(from: &buffer) == .frame("tchau"))
        #expect(try decoder.next(from: &buffer) == nil)
        buffer.writeString("nectar")
        #expect(try decoder.next(from: &buffer) == .bareDisconnect)
        #expect(buffer.readableBytes == 0)
    }

    @Test("On a line connection the word is just a line")
    func bareWordOnLineConnection() {
        #expect(decode(bytes("Desconectar\n")).messages == [.line("Desconectar", .lf)])
    }

    // MARK: End of input

    @Test("At end of input an unterminated last line still counts")
    func remainderInLineMode() throws {
        #expect(decode(bytes("hi\nlast words"), atEOF: true).messages == [.line("hi", .lf), .line("last words", .lf)])
        #expect(decode(bytes("hi\nbye\r"), atEOF: true).messages == [.line("hi", .lf), .line("bye", .crlf)])
        #expect(decode(bytes("42"), atEOF: true).messages == [.line("42", .lf)], "still detecting at EOF")
        #expect(decode(bytes("hi\n"), atEOF: true).messages == [.line("hi", .lf)], "nothing left")
        #expect(decode(bytes("hi\n\r"), atEOF: true).messages == [.line("hi", .lf)], "a lone CR is no line")

        var decoder = FrameDecoder()
        var buffer = ByteBuffer(string: "partial")
        #expect(try decoder.next(from: &buffer) == nil)
        #expect(decoder.remainder(from: &buffer) == .line("partial", .lf))
        #expect(buffer.readableBytes == 0)
    }

    @Test("At end of input an over-long unterminated line is dropped")
    func remainderOverLimit() {
        let limits = FramingLimits(maxLineBytes: 4)
        #expect(decode(bytes("abcde"), limits: limits, atEOF: true) == Outcome())
        #expect(decode(bytes("abcd"), limits: limits, atEOF: true).messages == [.line("abcd", .lf)])
    }

    @Test("At end of input a trailing bare word is a disconnect")
    func remainderBareWord() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: frame("hi") + bytes("Desconectar"))
        #expect(try decoder.next(from: &buffer) == .frame("hi"))
        #expect(decoder.remainder(from: &buffer) == .bareDisconnect)
        #expect(buffer.readableBytes == 0)
    }

    @Test("At end of input a partial frame or word is dropped")
    func remainderPartialFrame() {
        #expect(decode(frame("hi") + header("5") + bytes("hel"), atEOF: true) == Outcome(messages: [.frame("hi")]))
        #expect(decode(frame("hi") + bytes("  12"), atEOF: true) == Outcome(messages: [.frame("hi")]))
        #expect(decode(frame("hi") + bytes("Desco"), atEOF: true) == Outcome(messages: [.frame("hi")]))
        #expect(decode(frame("hi"), atEOF: true) == Outcome(messages: [.frame("hi")]))
    }

    // MARK: Randomised

    @Test("Random bytes only ever yield messages or a framing error, within the limits")
    func randomBytesNeverTrap() {
        var rng = SplitMix64(seed: 0x5EED_CAFE)
        let alphabet = bytes("0123456789      \n\r\nDesconectar") + [0xFF, 0xC3, 0x80, 0x1B, 0x00]
        for round in 0..<3000 {
            let limits = FramingLimits(
                maxFrameBytes: Int.random(in: 0...200, using: &rng), maxLineBytes: Int.random(in: 0...100, using: &rng))
            let uniform = round % 4 == 0
            let length = Int.random(in: 0...400, using: &rng)
            var stream: [UInt8] = []
            // Most rounds start like a header so the framed paths get exercised.
            if !uniform && round % 2 == 0 {
                stream = header(String(Int.random(in: 0...250, using: &rng)))
            }
            for _ in 0..<length {
                stream.append(uniform ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!)
            }
            var decoder = FrameDecoder(limits: limits)
            var buffer = ByteBuffer()
            let bound = max(FrameDecoder.headerLength, limits.maxFrameBytes, limits.maxLineBytes + 1)
            do throws(FramingError) {
                for piece in randomPieces(stream, maxPiece: 80, using: &rng) {
                    buffer.writeBytes(piece)
                    while let message = try decoder.next(from: &buffer) {
                        switch message {
                        case .frame(let payload):
                            #expect(payload.unicodeScalars.count <= limits.maxFrameBytes)
                        case .line(let text, _):
                            #expect(text.unicodeScalars.count <= limits.maxLineBytes)
                        case .bareDisconnect, .irc:
                            break
                        }
                    }
                    #expect(buffer.readableBytes <= bound, "round \(round) buffers \(buffer.readableBytes) bytes")
                }
                _ = decoder.remainder(from: &buffer)
                #expect(buffer.readableBytes == 0)
            } catch {
                // Every error is a FramingError by type; it must describe itself.
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test("Random well-formed streams decode the same however they are cut")
    func randomStreamsAreCutIndependent() {
        var rng = SplitMix64(seed: 2024)
        let characters = Array("abc xyz 0123 é世👋\n\r\t")
        for round in 0..<300 {
            var stream: [UInt8] = []
            var expected: [InboundMessage] = []
            let framed = round % 2 == 0
            for index in 0..<Int.random(in: 1...12, using: &rng) {
                var text = String((0..<Int.random(in: 0...40, using: &rng)).map { _ in characters.randomElement(using: &rng)! })
                if framed {
                    let payload = bytes(text)
                    // Only later headers may start with spaces: the first decides the framing.
                    let indent = index == 0 ? "" : String(repeating: " ", count: Int.random(in: 0...10, using: &rng))
                    stream += header(indent + String(payload.count)) + payload
                    expected.append(.frame(text))
                } else {
                    text.removeAll { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                    let crlf = Bool.random(using: &rng)
                    stream += bytes(text + (crlf ? "\r\n" : "\n"))
                    expected.append(.line(text, crlf ? .crlf : .lf))
                }
            }
            if framed && Bool.random(using: &rng) {
                stream += bytes("Desconectar")
                expected.append(.bareDisconnect)
            }
            let whole = decode(stream)
            #expect(whole == Outcome(messages: expected), "round \(round)")
            for _ in 0..<5 {
                #expect(decode(randomPieces(stream, maxPiece: 70, using: &rng)) == whole, "round \(round)")
            }
        }
    }
}
