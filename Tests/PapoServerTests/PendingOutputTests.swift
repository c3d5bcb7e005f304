import NIOCore
import PapoCore
import Testing

@testable import PapoServer

@Suite("Pending output")
struct PendingOutputTests {
    @Test("a loop's entry for a connection stays within 40 bytes: every connection has one, in a table up to half empty")
    func entrySize() {
        #expect(MemoryLayout<PendingOutput>.size <= 32)
        #expect(MemoryLayout<LoopWriter.LocalConnection>.stride <= 40)
    }

    @Test("lines accumulate in order in one buffer, each with the connection's line ending")
    func accumulatesLines() {
        var output = PendingOutput()
        let first = output.append(EncodedLine(.notice("one")))
        let second = output.append(EncodedLine(.chat(from: "ana", text: "two", room: "#lobby")))
        #expect(first.becameReady)
        #expect(!second.becameReady)
        #expect(first.bytes == "-!- one\n".utf8.count)
        let taken = output.take()
        #expect(taken.map { String(buffer: $0) } == "-!- one\n<ana> two\n")
    }

    @Test("a CRLF client gets CRLF endings")
    func crlf() {
        var output = PendingOutput()
        output.lineEnding = .crlf
        _ = output.append(EncodedLine(.notice("hi")))
        #expect(output.take().map { String(buffer: $0) } == "-!- hi\r\n")
    }

    @Test("taking empties the buffer and makes the connection ready again on the next line")
    func takeResets() {
        var output = PendingOutput()
        #expect(output.take() == nil)
        _ = output.append(EncodedLine(.notice("a")))
        #expect(output.take() != nil)
        #expect(output.bytes == nil)
        #expect(output.take() == nil)
        #expect(output.append(EncodedLine(.notice("b"))).becameReady)
        #expect(output.take().map { String(buffer: $0) } == "-!- b\n")
    }
}

@Suite("Shared line bytes")
struct SharedLineTests {
    static func address(_ buffer: ByteBuffer?) -> UInt? {
        buffer?.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
    }

    @Test("a one-line batch is the line's own bytes, the same for every LF recipient")
    func oneLineIsShared() throws {
        let line = EncodedLine(.chat(from: "ana", text: "oi", room: "#lobby"))
        var first = PendingOutput()
        var second = PendingOutput()
        _ = first.append(line)
        _ = second.append(line)
        let (a, b) = (first.take(), second.take())
        #expect(Self.address(a) == Self.address(line.bytes))
        #expect(Self.address(b) == Self.address(line.bytes))
        #expect(a.map { String(buffer: $0) } == "<ana> oi\n")
        // Nothing is kept: the shared memory is every recipient's.
        #expect(!first.hasSpare)
    }

    @Test("a second line gives the batch its own buffer and leaves the shared line untouched")
    func secondLineCopies() throws {
        let line = EncodedLine(.chat(from: "ana", text: "um", room: "#lobby"))
        var output = PendingOutput()
        _ = output.append(line)
        let (becameReady, written) = output.append(EncodedLine(.chat(from: "bia", text: "dois", room: "#lobby")))
        #expect(!becameReady)
        #expect(written == "<bia> dois\n".utf8.count)
        let batch = output.take()
        let taken = try #require(batch)
        #expect(String(buffer: taken) == "<ana> um\n<bia> dois\n")
        #expect(Self.address(taken) != Self.address(line.bytes))
        #expect(String(buffer: line.bytes) == "<ana> um\n")
    }

    @Test("a CRLF client always gets a copy with its own ending")
    func crlfCopies() throws {
        let line = EncodedLine(.notice("hi"))
        var output = PendingOutput()
        output.lineEnding = .crlf
        _ = output.append(line)
        let batch = output.take()
        let taken = try #require(batch)
        #expect(String(buffer: taken) == "-!- hi\r\n")
        #expect(String(buffer: line.bytes) == "-!- hi\n")
    }
}

@Suite("Spare output buffers")
struct SpareBufferTests {
    /// Enough lines to make a batch over the spare threshold.
    func fill(_ output: inout PendingOutput, lines: Int) {
        for index in 0..<lines {
            _ = output.append(EncodedLine(.chat(from: "ana", text: "line \(index) " + String(repeating: "x", count: 40), room: "#lobby")))
        }
    }

    @Test("a busy connection keeps its buffer and refills the same memory once it is written")
    func busyKeepsSpare() throws {
        var output = PendingOutput()
        self.fill(&output, lines: 40)
        var first = output.take()
        #expect((first?.readableBytes ?? 0) >= PendingOutput.spareThreshold)
        #expect(output.hasSpare)
        let firstAddress = first?.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        first = nil  // NIO has written it and let go
        self.fill(&output, lines: 2)
        let takenAgain = output.take()
        let second = try #require(takenAgain)
        #expect(second.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } == firstAddress)
        #expect(String(buffer: second).hasPrefix("<ana> line 0 "))
        #expect(String(buffer: second).split(separator: "\n").count == 2)
    }

    @Test("a buffer still being written is not overwritten: the next batch gets new memory")
    func sharedSpareIsNotReused() throws {
        var output = PendingOutput()
        self.fill(&output, lines: 40)
        let taken = output.take()
        let inFlight = try #require(taken)
        let before = String(buffer: inFlight)
        self.fill(&output, lines: 40)
        #expect(String(buffer: inFlight) == before)
        let next = output.take()
        #expect(next?.readableBytes == inFlight.readableBytes)
    }

    @Test("small batches keep no spare, and a spare unused for a whole tick is dropped")
    func quietConnectionsHoldNothing() throws {
        var output = PendingOutput()
        self.fill(&output, lines: 1)
        _ = output.take()
        #expect(!output.hasSpare)
        self.fill(&output, lines: 40)
        _ = output.take()
        #expect(output.hasSpare)
        output.releaseIdleSpare()
        #expect(output.hasSpare)  // busy since the last tick
        output.releaseIdleSpare()
        #expect(!output.hasSpare)  // quiet for a whole tick
    }
}

@Suite("Client IDs as keys")
struct ClientIDHashingTests {
    @Test("many sequential and scattered IDs are all found, and only they")
    func dictionaryLookups() {
        var table: [ClientID: UInt64] = [:]
        let ids = (1...5000).map { UInt64($0) } + (1...500).map { UInt64($0) << 40 | 7 }
        for raw in ids { table[ClientID(raw)] = raw }
        #expect(table.count == ids.count)
        for raw in ids { #expect(table[ClientID(raw)] == raw) }
        #expect(table[ClientID(5001)] == nil)
        for raw in ids where raw % 2 == 0 { table[ClientID(raw)] = nil }
        #expect(table.count == ids.filter { $0 % 2 == 1 }.count)
        #expect(Set(table.keys.map(\.rawValue)) == Set(ids.filter { $0 % 2 == 1 }))
    }
}

@Suite("Read buffer sizes")
struct ChatRecvAllocatorTests {
    /// Reads the whole opening in full reads of the smallest buffer.
    private func pastTheOpening() -> ChatRecvAllocator {
        var sizes = ChatRecvAllocator()
        for _ in 0..<(ChatRecvAllocator.opening / ChatRecvAllocator.minimum) {
            _ = sizes.record(actualReadBytes: ChatRecvAllocator.minimum)
        }
        return sizes
    }

    @Test("starts small, grows fourfold while reads fill the buffer, shrinks once they don't")
    func growsAndShrinks() {
        var sizes = self.pastTheOpening()
        #expect(sizes.nextBufferSize() == 64)
        #expect(sizes.buffer(allocator: ByteBufferAllocator()).capacity >= 64)
        for (read, next) in [(64, 256), (256, 1024), (1024, 4096), (4096, 16384), (16384, 65536)] {
            let grew = sizes.record(actualReadBytes: read)
            #expect(grew)
            #expect(sizes.nextBufferSize() == next)
        }
        do {
            let grew = sizes.record(actualReadBytes: 65536)
            #expect(!grew)
        }
        do {
            let grew = sizes.record(actualReadBytes: 9000)
            #expect(!grew)
        }
        #expect(sizes.nextBufferSize() == 65536)
        for _ in 0..<20 { _ = sizes.record(actualReadBytes: 5) }
        #expect(sizes.nextBufferSize() == 64)
    }

    @Test("the opening does not grow the smallest buffer; a message that fills it afterwards does")
    func openingKeepsTheSmallestBuffer() {
        var sizes = ChatRecvAllocator()
        // A framed name and a join (about 150 bytes), then an IRC-sized registration: every
        // read fills the buffer, none grows it.
        for read in [64, 64, 22, 64, 64, 64, 64, 64, 42] {
            let grew = sizes.record(actualReadBytes: read)
            #expect(!grew)
        }
        #expect(sizes.nextBufferSize() == 64)
        // Past the opening, a framed chat line of 129 bytes would take three reads: the next buffer is larger.
        let grew = sizes.record(actualReadBytes: 64)
        #expect(grew)
        #expect(sizes.nextBufferSize() == 256)
        _ = sizes.record(actualReadBytes: 129)
        #expect(sizes.nextBufferSize() == 256)
    }

}
