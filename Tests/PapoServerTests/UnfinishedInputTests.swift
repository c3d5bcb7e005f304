import NIOCore
import PapoCore
import Testing

@testable import PapoServer

@Suite("Unfinished input between reads")
struct UnfinishedInputTests {
    static func storage(of buffer: ByteBuffer) -> UnsafeRawPointer? {
        buffer.withVeryUnsafeBytes { UnsafeRawPointer($0.baseAddress) }
    }

    @Test("what is kept from a read is a copy: NIO's read buffer stays free for the next read")
    func keptBytesAreACopy() throws {
        // A read that is all the beginning of a message, and one that ends with one.
        var input = UnfinishedInput()
        var read = ByteBuffer(string: "half a li")
        var buffer = input.joining(&read)
        #expect(input.keep(&buffer, isPartial: true) == .begun)
        let kept = try #require(input.unread)
        #expect(String(buffer: kept) == "half a li")
        #expect(Self.storage(of: kept) != Self.storage(of: read))
        _ = input.takeUnread()
        var another = ByteBuffer(string: "whole\nhalf a li")
        buffer = input.joining(&another)
        buffer.moveReaderIndex(forwardBy: 6)
        #expect(input.keep(&buffer, isPartial: true) == nil)
        #expect(input.unread.map { String(buffer: $0) } == "half a li")
        #expect(Self.storage(of: try #require(input.unread)) != Self.storage(of: another))

        // The rest arrives: read from the kept bytes, which are ours, and nothing is left.
        var rest = ByteBuffer(string: "ne\n")
        var joined = input.joining(&rest)
        #expect(String(buffer: joined) == "half a line\n")
        joined.moveReaderIndex(to: joined.writerIndex)
        #expect(input.keep(&joined, isPartial: false) == .finished)
        #expect(input.unread == nil)
    }

    @Test("progress is reported only when it changes")
    func progressOnlyOnChange() {
        var input = UnfinishedInput()
        var first = ByteBuffer(string: "ab")
        var buffer = input.joining(&first)
        #expect(input.keep(&buffer, isPartial: true) == .begun)
        var second = ByteBuffer(string: "cd")
        buffer = input.joining(&second)
        #expect(input.keep(&buffer, isPartial: true) == nil)
        #expect(input.unread.map { String(buffer: $0) } == "abcd")
        #expect(input.takeUnread().map { String(buffer: $0) } == "abcd")
        #expect(input.unread == nil)
    }
}
