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
            #expect(try await appended.value.sequences == 3...3)
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

            try await withThrowingTaskGroup(of: [PostgresChatLog.Appended].self) { group in
                for (index, log) in nodes.enumerated() {
                    group.addTask {
                        let connection = try await log.connect()
                        defer { Task { try? await connection.close() } }
                        var counter = 0
                        var appends: [PostgresChatLog.Appended] = []
                        for _ in 0..<batches {
                            // Node n1 appends one entry a batch, n4 four.
                            let batch = (0...index).map { _ -> Data in
                                counter += 1
                                return Self.payload("\(log.node):\(counter)")
                            }
                            appends.append(try await log.append(batch, on: connection))
                        }
                        return appends
                    }
                }
                // The reader follows while they append, as a node applies the log.
                var read: [PostgresChatLog.Entry] = []
                try await eventually("every entry, read while the nodes append", timeout: .seconds(60)) {
                    read += try await readerLog.entries(after: read.last?.sequence ?? 0, limit: 50, on: reader)
                    return read.count >= expectedTotal
                }
                var appends: [PostgresChatLog.Appended] = []
                for try await nodeAppends in group { appends += nodeAppends }
                #expect(read.map(\.sequence) == Array(1...Int64(expectedTotal)))
                for log in nodes {
                    let mine = read.filter { $0.node == log.node }.map(Self.text)
                    #expect(mine == (1...mine.count).map { "\(log.node):\($0)" }, "\(log.node)'s entries in its own order")
                }
                // The clock, under the same contention: each batch's rows carry its time.
                #expect(appends.count == batches * nodes.count)
                #expect(Self.isNonDecreasing(read.map(\.time)), "times along the log never go back")
                for appended in appends {
                    let batch = read.filter { appended.sequences.contains($0.sequence) }
                    #expect(batch.count == appended.sequences.count)
                    #expect(batch.allSatisfy { $0.time == appended.time }, "batch \(appended.sequences) shares its time")
                }
            }
        }
    }

    @Test("an append on one connection wakes a reader listening on another, with the log's last number")
    func notificationWakesReaders() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let log = try await Self.log(url, node: "a")
            let otherNode = try await Self.log(url, node: "b")
            let listener = try await log.connect()
            let writer = try await otherNode.connect()
            defer {
                Task {
                    try? await listener.close()
                    try? await writer.close()
                }
            }
            try await otherNode.append([Self.payload("before")], on: writer)
            let (woken, appended) = try await withTimeout(.seconds(20), waitingFor: "a notification") {
                try await log.withNotifications(on: listener) { notifications in
                    // Listening now: the append's NOTIFY cannot be missed. A stranger's
                    // notification that is no number comes first and is passed over.
                    try await writer.query("NOTIFY papo_chat_log, 'not a number'", logger: Self.quiet)
                    let appended = try await otherNode.append([Self.payload("x"), Self.payload("y")], on: writer)
                    var iterator = notifications.makeAsyncIterator()
                    return (try await iterator.next(), appended)
                }
            }
            #expect(appended.sequences == 2...3)
            #expect(woken == 3)
            #expect(try await log.lastSequence(on: listener) == 3)
            #expect(try await log.entries(after: 1, on: listener).map(Self.text) == ["x", "y"])
        }
    }

    @Test("every entry of a batch carries the batch's time, and times never go back along the log")
    func batchesShareTheirTime() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let first = try await Self.log(url, node: "a")
            let second = try await Self.log(url, node: "b")
            let connection = try await first.connect()
            defer { Task { try? await connection.close() } }
            #expect(try await first.lastSequence(on: connection) == 0)

            let before = Date()
            var appends: [PostgresChatLog.Appended] = []
            for round in 1...5 {
                let log = round.isMultiple(of: 2) ? second : first
                appends.append(try await log.append((1...round).map { Self.payload("\(round).\($0)") }, on: connection))
            }
            #expect(try await first.lastSequence(on: connection) == 15)
            let entries = try await first.entries(after: 0, on: connection)
            #expect(entries.count == 15)
            #expect(Self.isNonDecreasing(entries.map(\.time)))
            for appended in appends {
                let batch = entries.filter { appended.sequences.contains($0.sequence) }
                #expect(batch.count == appended.sequences.count)
                #expect(batch.allSatisfy { $0.time == appended.time })
            }
            // PostgreSQL's clock, not 1970: the column's default would show as that.
            #expect(abs(appends[0].time.timeIntervalSince(before)) < 3600)
        }
    }

    @Test("a head time ahead of PostgreSQL's clock holds: the next appends take it, not an earlier one")
    func clockNeverGoesBack() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let log = try await Self.log(url, node: "a")
            let connection = try await log.connect()
            defer { Task { try? await connection.close() } }
            let earlier = try await log.append([Self.payload("then")], on: connection)
            // As if the clock had stepped back an hour since the last append.
            let ahead = Int64(earlier.time.timeIntervalSince1970 * 1_000_000) + 3_600_000_000
            try await connection.query("UPDATE chat_log_head SET last_micros = \(ahead)", logger: Self.quiet)

            let first = try await log.append([Self.payload("a"), Self.payload("b")], on: connection)
            let second = try await log.append([Self.payload("c")], on: connection)
            #expect(first.time == PostgresChatLog.date(micros: ahead))
            #expect(second.time == first.time)
            let entries = try await log.entries(after: 0, on: connection)
            #expect(entries.map(\.time) == [earlier.time] + Array(repeating: first.time, count: 3))
        }
    }

    @Test("two joins take two node numbers and read one secret; another database has another secret")
    func joiningTheCluster() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let first = try await Self.log(url, node: "a")
            let second = try await Self.log(url, node: "b")
            let connection = try await first.connect()
            let other = try await second.connect()
            defer {
                Task {
                    try? await connection.close()
                    try? await other.close()
                }
            }
            let one = try await first.joinCluster(on: connection)
            let two = try await second.joinCluster(on: other)
            #expect(one.number != two.number)
            #expect(one.secret == two.secret)
            let stored = try await TestDatabase.count("SELECT secret FROM cluster_secret", on: url)
            #expect(one.secret == UInt64(bitPattern: Int64(stored)))

            try await TestDatabase.withFreshDatabase { otherURL in
                let elsewhere = try await Self.log(otherURL, node: "a")
                let connection = try await elsewhere.connect()
                defer { Task { try? await connection.close() } }
                #expect(try await elsewhere.joinCluster(on: connection).secret != one.secret)
            }
        }
    }

    @Test("a node number past 24 bits is refused")
    func nodeNumbersFitIn24Bits() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let log = try await Self.log(url, node: "a")
            let connection = try await log.connect()
            defer { Task { try? await connection.close() } }
            // Spelt out, not bound: DDL takes no parameters.
            try await connection.query(
                PostgresQuery(unsafeSQL: "ALTER SEQUENCE cluster_node_number RESTART WITH \(ClusterMembership.largestNumber)"),
                logger: Self.quiet)
            #expect(try await log.joinCluster(on: connection).number == ClusterMembership.largestNumber)
            let error = await #expect(throws: NodeNumberError.self) { try await log.joinCluster(on: connection) }
            #expect(error?.taken == Int64(ClusterMembership.largestNumber) + 1)
        }
    }

    static func isNonDecreasing(_ times: [Date]) -> Bool {
        zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }
    }
}
