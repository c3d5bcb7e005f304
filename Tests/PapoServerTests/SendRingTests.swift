#if os(Linux)
import CSendBatch
import Glibc
import Testing

/// The io_uring that sends a drain's batch in one system call, on connected socket pairs (io_uring
/// is Linux's).
@Suite("CSendBatch: batched sends through io_uring")
struct SendRingTests {
    /// Whether this system gives papod an io_uring (the tests below need one; papod falls back
    /// to one `send` per connection without it).
    static let hasRing: Bool = {
        guard let ring = papo_send_ring_create(8) else { return false }
        papo_send_ring_destroy(ring)
        return true
    }()

    /// A connected pair of stream sockets: papod's end, and the client's.
    struct SocketPair {
        let server: CInt
        let client: CInt

        init() throws {
            var descriptors: [CInt] = [-1, -1]
            guard socketpair(AF_UNIX, CInt(SOCK_STREAM.rawValue), 0, &descriptors) == 0 else { throw SendRingTestError("socketpair: \(errno)") }
            self.server = descriptors[0]
            self.client = descriptors[1]
        }

        func close() {
            _ = Glibc.close(self.server)
            _ = Glibc.close(self.client)
        }

        /// What the client end has received so far (without waiting).
        func received() -> String {
            var bytes = [UInt8](repeating: 0, count: 65536)
            let count = recv(self.client, &bytes, bytes.count, CInt(MSG_DONTWAIT))
            return count > 0 ? String(decoding: bytes[..<count], as: UTF8.self) : ""
        }
    }

    struct SendRingTestError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Sends `texts[i]` to `descriptors[i]` in one batch; returns each send's result and the ring's.
    static func sendBatch(_ texts: [String], to descriptors: [CInt], entries: UInt32 = 64) throws -> ([Int32], Int32) {
        let ring = try #require(papo_send_ring_create(entries))
        defer { papo_send_ring_destroy(ring) }
        let buffers = texts.map { Array($0.utf8) }
        return buffers.withUnsafeBufferPointers { pointers in
            var requests = zip(pointers, descriptors).map { bytes, descriptor in
                papo_send(
                    bytes: UnsafeRawPointer(bytes.baseAddress), length: UInt32(bytes.count), fd: descriptor,
                    result: PAPO_SEND_NOT_DONE)
            }
            let status = papo_send_ring_send(ring, &requests, requests.count)
            return (requests.map(\.result), status)
        }
    }

    @Test("each socket of a batch gets its bytes, and each result counts them", .enabled(if: Self.hasRing))
    func everySocketGetsItsBytes() throws {
        let pairs = try (0..<9).map { _ in try SocketPair() }
        defer { pairs.forEach { $0.close() } }
        let texts = pairs.indices.map { "<ana> olá, membro \($0)\n" }
        let (results, status) = try Self.sendBatch(texts, to: pairs.map(\.server))
        #expect(status == 0)
        #expect(results == texts.map { Int32($0.utf8.count) })
        #expect(pairs.map { $0.received() } == texts)
    }

    @Test("a batch larger than the ring goes in several calls, every send in order", .enabled(if: Self.hasRing))
    func largerThanTheRing() throws {
        let pairs = try (0..<10).map { _ in try SocketPair() }
        defer { pairs.forEach { $0.close() } }
        // Two sends per socket in one batch: the second must follow the first.
        let texts = pairs.indices.map { "first \($0)\n" } + pairs.indices.map { "second \($0)\n" }
        let (results, status) = try Self.sendBatch(texts, to: pairs.map(\.server) + pairs.map(\.server), entries: 4)
        #expect(status == 0)
        #expect(results == texts.map { Int32($0.utf8.count) })
        #expect(pairs.map { $0.received() } == pairs.indices.map { "first \($0)\nsecond \($0)\n" })
    }

    @Test("a full socket answers EAGAIN at once, and the rest of the batch still goes", .enabled(if: Self.hasRing))
    func fullSocketDoesNotWait() throws {
        let full = try SocketPair()
        let open = try SocketPair()
        defer {
            full.close()
            open.close()
        }
        // Fill the socket: nobody reads its other end.
        let chunk = [UInt8](repeating: 120, count: 4096)
        while Glibc.send(full.server, chunk, chunk.count, CInt(MSG_DONTWAIT)) > 0 {}
        let (results, status) = try Self.sendBatch(["lost\n", "kept\n"], to: [full.server, open.server])
        #expect(status == 0)
        #expect(results == [-EAGAIN, 5])
        #expect(open.received() == "kept\n")
    }

    @Test("a peer that is gone fails its own send, without SIGPIPE; a bad descriptor too", .enabled(if: Self.hasRing))
    func failuresStayWithTheirSocket() throws {
        let gone = try SocketPair()
        let open = try SocketPair()
        defer {
            _ = Glibc.close(gone.server)
            open.close()
        }
        _ = Glibc.close(gone.client)
        let (results, status) = try Self.sendBatch(["a\n", "b\n", "c\n"], to: [gone.server, -1, open.server])
        #expect(status == 0)
        #expect(results == [-EPIPE, -EBADF, 2])
        #expect(open.received() == "c\n")
    }
}

extension Array where Element == [UInt8] {
    /// Calls `body` with a pointer to each array's bytes, all valid at once.
    fileprivate func withUnsafeBufferPointers<R>(_ body: ([UnsafeBufferPointer<UInt8>]) -> R) -> R {
        func nest(_ index: Int, _ pointers: [UnsafeBufferPointer<UInt8>]) -> R {
            guard index < self.count else { return body(pointers) }
            return self[index].withUnsafeBufferPointer { nest(index + 1, pointers + [$0]) }
        }
        return nest(0, [])
    }
}
#endif
