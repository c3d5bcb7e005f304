import PapoBenchCore
import Testing

private let second: UInt64 = 1_000_000_000

/// A ledger for `options` with every client live and sending begun at 10 s, ending at 20 s.
private func sendingLedger(_ options: LoadOptions) -> DeliveryLedger {
    var ledger = DeliveryLedger(options: options)
    for client in 0..<options.clients { ledger.markLive(client) }
    ledger.startSending(at: 10 * second, until: 20 * second)
    return ledger
}

/// Whether sender 0 may queue another message (outside `#expect`, which cannot mutate).
private func isOpen(_ ledger: inout DeliveryLedger) -> Bool {
    ledger.mayQueue(sender: 0)
}

@Suite("DeliveryLedger")
struct DeliveryLedgerTests {
    // Clients 0...5 in rooms 0 and 1 (even and odd); senders 0 (room 0) and 1 (room 1).
    let options = LoadOptions(clients: 6, rooms: 2, senders: 2)

    @Test("a token from another member of the room is a delivery, with its latency")
    func delivery() {
        var ledger = sendingLedger(self.options)
        let token = ledger.nextToken(sender: 0, at: 11 * second)
        ledger.record(token, receiver: 2, at: 11 * second + 500_000)
        ledger.record(token, receiver: 4, at: 11 * second + 1_500_000)
        #expect(ledger.deliveries == 2)
        #expect(ledger.deliveriesInWindow == 2)
        #expect(ledger.echoes + ledger.wrongRoom + ledger.invalid + ledger.reordered == 0)
        let latency = ledger.latency
        #expect(abs(latency.p50 - 500) < 1)
        #expect(abs(latency.max - 1500) < 2)
    }

    @Test("a token back at its sender is an echo; one from another room is wrong-room")
    func echoAndWrongRoom() {
        var ledger = sendingLedger(self.options)
        let token = ledger.nextToken(sender: 0, at: 11 * second)
        ledger.record(token, receiver: 0, at: 12 * second)
        ledger.record(token, receiver: 1, at: 12 * second)
        #expect(ledger.echoes == 1)
        #expect(ledger.wrongRoom == 1)
        #expect(ledger.deliveries == 0)
    }

    @Test("unknown senders and times outside the run are invalid", arguments: [
        Token(sender: 2, sequence: 1, sentAt: 11 * second),  // no sender 2
        Token(sender: .max, sequence: 1, sentAt: 11 * second),
        Token(sender: 0, sequence: 1, sentAt: 9 * second),  // before sending began
        Token(sender: 0, sequence: 1, sentAt: 13 * second),  // after it was received
    ])
    func invalid(token: Token) {
        var ledger = sendingLedger(self.options)
        ledger.record(token, receiver: 2, at: 12 * second)
        #expect(ledger.invalid == 1)
        #expect(ledger.deliveries == 0)
    }

    @Test("a sequence not above the last one seen by that receiver is a reorder")
    func reorder() {
        var ledger = sendingLedger(self.options)
        let earlier = ledger.nextToken(sender: 0, at: 11 * second)
        let later = ledger.nextToken(sender: 0, at: 11 * second)
        ledger.record(later, receiver: 2, at: 12 * second)
        ledger.record(earlier, receiver: 2, at: 12 * second)
        ledger.record(later, receiver: 2, at: 12 * second)
        ledger.record(earlier, receiver: 4, at: 12 * second)  // another receiver keeps its own order
        #expect(ledger.reordered == 2)
        #expect(ledger.deliveries == 4)
        #expect(ledger.isOrderChecked)
    }

    @Test("deliveries after the send window count, but not toward deliveries/s")
    func afterWindow() {
        var ledger = sendingLedger(self.options)
        let token = ledger.nextToken(sender: 1, at: 19 * second)
        ledger.record(token, receiver: 3, at: 20 * second)
        ledger.record(token, receiver: 5, at: 20 * second + 1)
        #expect(ledger.deliveries == 2)
        #expect(ledger.deliveriesInWindow == 1)
    }

    @Test("expected: each written message times the other members its room had when sending began")
    func expected() {
        var ledger = DeliveryLedger(options: self.options)
        for client in [0, 1, 2, 3, 5] { ledger.markLive(client) }  // client 4 (room 0) never joined
        ledger.startSending(at: 10 * second, until: 20 * second)
        ledger.markLive(4)  // too late to count
        #expect(ledger.memberCount(ofRoom: 0) == 2)
        #expect(ledger.memberCount(ofRoom: 1) == 3)
        #expect(ledger.memberTotal == 5)
        _ = ledger.nextToken(sender: 0, at: 11 * second)
        _ = ledger.nextToken(sender: 0, at: 11 * second)
        ledger.noteWritten(sender: 0, count: 2)
        ledger.noteWritten(sender: 1, count: 3)
        #expect(ledger.sent == 5)
        #expect(ledger.expected == 2 * 1 + 3 * 2)
    }

    @Test("a sender in a room of its own is owed nothing")
    func aloneInRoom() {
        var ledger = sendingLedger(LoadOptions(clients: 2, rooms: 2, senders: 2))
        ledger.noteWritten(sender: 0, count: 10)
        #expect(ledger.expected == 0)
    }

    @Test("the window closes after `window` unacknowledged messages and opens as the slowest member catches up")
    func window() {
        var options = self.options
        options.window = 3
        var ledger = sendingLedger(options)
        var tokens: [Token] = []
        while ledger.mayQueue(sender: 0) {
            tokens.append(ledger.nextToken(sender: 0, at: 11 * second))
        }
        #expect(tokens.count == 3)
        // Client 2 has seen all three, client 4 only the first: one more may go.
        for token in tokens { ledger.record(token, receiver: 2, at: 12 * second) }
        ledger.record(tokens[0], receiver: 4, at: 12 * second)
        #expect(isOpen(&ledger))
        tokens.append(ledger.nextToken(sender: 0, at: 12 * second))
        #expect(!isOpen(&ledger))
        // A member that leaves no longer holds the window shut: client 2 lacks only the fourth.
        ledger.markGone(4)
        #expect(isOpen(&ledger))
    }

    @Test("window 0 never closes")
    func windowOff() {
        var options = self.options
        options.window = 0
        var ledger = sendingLedger(options)
        for _ in 0..<1000 { _ = ledger.nextToken(sender: 0, at: 11 * second) }
        #expect(isOpen(&ledger))
    }

    @Test("skipped paced messages are counted")
    func skipped() {
        var ledger = sendingLedger(self.options)
        ledger.noteSkipped()
        ledger.noteSkipped()
        #expect(ledger.skipped == 2)
    }
}

@Suite("DeliveryLedger receiving bytes")
struct DeliveryLedgerReceivingTests {
    /// Feeds `text` to client 2 (room 0 of 2) in reads of `chunk` bytes; returns the reads that
    /// confirmed the join.
    private func feed(_ text: String, chunk: Int, to ledger: inout DeliveryLedger) -> [Int] {
        var receiver = ReceiverState(client: 2, room: 0)
        let bytes = Array(text.utf8)
        var confirmations: [Int] = []
        var start = 0
        var read = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            let isConfirmation = Array(bytes[start..<end]).withUnsafeBytes { read in
                ledger.receive(read, for: &receiver, at: 12 * second)
            }
            if isConfirmation { confirmations.append(read) }
            start = end
            read += 1
        }
        #expect(receiver.isJoined == !confirmations.isEmpty)
        return confirmations
    }

    @Test("the join confirmation is noticed once, and tokens split across reads still count")
    func joinAndTokens() {
        let text = """
            -!- Welcome to papod, guest-3! You are in #lobby.\r
            -!- you are now known as u2\r
            -!- you are now in #r1 (3 members)\r
            -!- you are now in #r0 (3 members)\r
            -!- you are now in #r0 (3 members)\r
            <u0> T0:1:11000000000 xxxx\r
            <u0> T0:2:11000000001 xxxx T0:3:11000000002\r

            """
        for chunk in [1, 2, 7, 64, 4096] {
            var ledger = sendingLedger(LoadOptions(clients: 6, rooms: 2, senders: 2))
            let confirmations = self.feed(text, chunk: chunk, to: &ledger)
            #expect(confirmations.count == 1, "reads of \(chunk) bytes")
            #expect(ledger.deliveries == 3, "reads of \(chunk) bytes")
            #expect(ledger.reordered == 0 && ledger.invalid == 0)
        }
    }

    @Test("a confirmation of another room is not this client's join")
    func otherRoom() {
        var ledger = sendingLedger(LoadOptions(clients: 6, rooms: 2, senders: 2))
        let text = "-!- you are now in #r1 (1 member)\n-!- you are now in #r00 (1 member)\n"
        #expect(self.feed(text, chunk: 100, to: &ledger).isEmpty)
    }
}
