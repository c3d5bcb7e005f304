import Foundation
import Logging
import PapoTestSupport
import PostgresNIO
import Testing

@testable import PapoStore

/// The chat log several nodes share, against a real PostgreSQL: readers never see an entry out
/// of order or a gap, however appends interleave.
@Suite("The shared chat log", .enabled(if: TestDatabase.serverURL != nil))
struct PostgresChatLogTests {
    static let quiet = Logger(label: "papo.test.log", factory: { _ in SwiftLogNoOpLogHandler() })

    static func log(_ url: String, node: String) async throws -> PostgresChatLog {
        try await PostgresChatLog.open(url: try DatabaseURL(url), password: TestDatabase.password, node: node, logger: Self.quiet)
    }

    static func payload(_ text: String) -> Data { Data(text.utf8) }
    static func text(_ entry: PostgresChatLog.Entry) -> String { String(decoding: entry.payload, as: UTF8.self) }

    @Test("an append still open holds back a later one: a reader sees the first whole, then the second, numbered without a gap")
    func openAppendHoldsBackLaterOnes() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let first = try await Self.log(url, node: "a")
            let second = try await Self.log(url, node: "b")
            let reader = try await first.connect()
            let slow = try await first.connect()
            let quick = try await second.connect()
            defer {
                Task {
                    try? await reader.close()
                    try? await slow.close()
                    try? await quick.close()
                }
            }
            // Node a's append takes its numbers and stays open, as a slow transaction would.
            try await slow.query("BEGIN", logger: Self.quiet)
            let taken = try await slow.query(
                "UPDATE chat_log_head SET last_sequence = last_sequence + 2 RETURNING last_sequence", logger: Self.quiet)
            var last: Int64 = 0
            for try await value in taken.decode(Int64.self) { last = value }
            #expect(last == 2)
            try await slow.query(
                "INSERT INTO chat_log (sequence, node, payload) VALUES (1, 'a', \(Self.payload("a1"))), (2, 'a', \(Self.payload("a2")))",
                logger: Self.quiet)

            // Node b appends meanwhile: it waits for the head row, and nothing is readable yet.
            let appended = Task { try await second.append([Self.payload("b1")], on: quick) }
            try await eventually("node b's append to wait for the head row", timeout: .seconds(60)) {
                try await TestDatabase.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE chat_log_head%'",
                    on: url) == 1
            }
            #expect(try await first.entries(after: 0, on: reader).isEmpty)

            try await slow.query("COMMIT", logger: Self.quiet)
            #expect(try await appended.value == 3...3)
            let entries = try await first.entries(after: 0, on: reader)
            #expect(entries.map(\.sequence) == [1, 2, 3])
            #expect(entries.map(Self.text) == ["a1", "a2", "b1"])
            #expect(entries.map(\.node) == ["a", "a", "b"])
        }
    }

    @Test("four nodes appending at once: a reader following along gets every entry once, in order, each node's in its own order")
    func concurrentAppenders() async throws {
        try await TestDatabase.withFreshDatabase { url in
            var nodes: [PostgresChatLog] = []
            for index in 1...4 { nodes.append(try await Self.log(url, node: "n\(index)")) }
            let batches = 60
            let expectedTotal = batches * (1 + 2 + 3 + 4)
            let readerLog = nodes[0]
            let reader = try await readerLog.connect()
            defer { Task { try? await reader.close() } }

            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, log) in nodes.enumerated() {
                    group.addTask {
                        let connection = try await log.connect()
                        defer { Task { try? await connection.close() } }
                        var counter = 0
                        for _ in 0..<batches {
                            // Node n1 appends one entry a batch, n4 four.
                            let batch = (0...index).map { _ -> Data in
                                counter += 1
                                return Self.payload("\(log.node):\(counter)")
                            }
                            try await log.append(batch, on: connection)
                        }
                    }
                }
                // The reader follows while they append, as a node applies the log.
                var read: [PostgresChatLog.Entry] = []
                try await eventually("every entry, read while the nodes append", timeout: .seconds(60)) {
                    read += try await readerLog.entries(after: read.last?.sequence ?? 0, limit: 50, on: reader)
                    return read.count >= expectedTotal
                }
                try await group.waitForAll()
                #expect(read.map(\.sequence) == Array(1...Int64(expectedTotal)))
                for log in nodes {
                    let mine = read.filter { $0.node == log.node }.map(Self.text)
                    #expect(mine == (1...mine.count).map { "\(log.node):\($0)" }, "\(log.node)'s entries in its own order")
                }
            }
        }
    }

    @Test("an append wakes a listening reader: the notification names the last number, the rows carry the data")
    func notificationWakesReaders() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let log = try await Self.log(url, node: "a")
            let listener = try await log.connect()
            let writer = try await log.connect()
            defer {
                Task {
                    try? await listener.close()
                    try? await writer.close()
                }
            }
            let woken = try await withTimeout(.seconds(20), waitingFor: "a notification") {
                try await listener.listen(on: PostgresChatLog.channel) { notifications in
                    // Listening now: the append's NOTIFY cannot be missed.
                    try await log.append([Self.payload("x"), Self.payload("y")], on: writer)
                    var iterator = notifications.makeAsyncIterator()
                    return try await iterator.next()?.payload
                }
            }
            #expect(woken == "2")
            #expect(try await log.entries(after: 0, on: listener).map(Self.text) == ["x", "y"])
        }
    }
}
