import Foundation
import PapoCore
import PapoTestSupport
import Testing

@testable import PapoStore

#if canImport(Glibc)
import Glibc
#endif

@Suite("WriterPriority.Policy: the writer leaves idle-only time when behind, and returns once caught up")
struct WriterPriorityPolicyTests {
    let policy = WriterPriority.Policy(catchUpRecords: 4000, catchUpWait: .seconds(1))

    @Test(
        "a quarter second's batch keeps the writer idle-only",
        arguments: [(1, 0.25), (500, 0.3), (1999, 0.49)])
    func normalBatch(count: Int, waited: Double) {
        #expect(self.policy.next(after: count, oldestWaited: .seconds(waited), current: .background) == .background)
        #expect(self.policy.next(after: count, oldestWaited: .seconds(waited), current: .catchingUp) == .background)
    }

    @Test("a large batch or a long wait means the writer fell behind", arguments: [(4000, 0.25), (10, 1.0), (50_000, 9.0)])
    func behind(count: Int, waited: Double) {
        #expect(self.policy.next(after: count, oldestWaited: .seconds(waited), current: .background) == .catchingUp)
        #expect(self.policy.next(after: count, oldestWaited: .seconds(waited), current: .catchingUp) == .catchingUp)
    }

    @Test("between half and the whole bound, the writer keeps the priority it has", arguments: [(2000, 0.25), (3999, 0.3), (10, 0.5), (10, 0.99)])
    func hysteresis(count: Int, waited: Double) {
        #expect(self.policy.next(after: count, oldestWaited: .seconds(waited), current: .background) == .background)
        #expect(self.policy.next(after: count, oldestWaited: .seconds(waited), current: .catchingUp) == .catchingUp)
    }
}

#if os(Linux)
@Suite("The store's writer thread as Linux schedules it")
struct WriterThreadSchedulingTests {
    /// How the system schedules the store's writer: its name, policy (SCHED_OTHER 0,
    /// SCHED_IDLE 5) and nice value, as `ps -L` shows them.
    static func scheduling(of store: SQLiteStore) throws -> (name: String, policy: Int32, nice: Int32) {
        let tid = try #require(store.writerThreadID)
        let name = try String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8)
        return (
            name.trimmingCharacters(in: .whitespacesAndNewlines), sched_getscheduler(tid),
            getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(tid))
        )
    }

    /// Whether this process may lower a thread's nice value to 9, as the writer's check does
    /// (root here, as in CI).
    static var mayRaisePriority: Bool {
        var limit = rlimit()
        // RLIMIT_NICE is 13 (the Glibc module does not export it).
        return geteuid() == 0 || (getrlimit(__rlimit_resource_t(13), &limit) == 0 && limit.rlim_cur >= 11)
    }

    static func openStore(catchUp: WriterPriority.Policy) throws -> SQLiteStore {
        try SQLiteStore(
            configuration: SQLiteStore.Configuration(
                path: try SQLiteStoreTests.temporaryPath(), settings: StoreSettings(flushInterval: 0.05, catchUp: catchUp)),
            logger: CollectedLog().logger)
    }

    static func waitUntil(_ store: SQLiteStore, is priority: WriterPriority) async throws {
        try await withTimeout(.seconds(30)) {
            while store.writerThreadID == nil || store.writerPriority != priority {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    @Test("the writer is named papo-store and runs on idle-only time, at nice 10", .enabled(if: Self.mayRaisePriority))
    func idleOnly() async throws {
        // Catching up is out of reach: on a machine busy with other tests, idle-only time can
        // keep a record waiting past papod's 1 s, and the writer would rightly catch up.
        let store = try Self.openStore(
            catchUp: WriterPriority.Policy(catchUpRecords: .max, catchUpWait: .seconds(24 * 3600)))
        defer { store.close() }
        try await Self.waitUntil(store, is: .background)
        store.enqueue([.transcript(SQLiteStoreTests.line("oi", 1))])
        try await withTimeout(.seconds(30)) {
            while store.queuedCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        let scheduling = try Self.scheduling(of: store)
        #expect(scheduling.name == "papo-store")
        #expect(scheduling.policy == 5)
        #expect(scheduling.nice == 10)
        #expect(store.writerPriority == .background)
    }

    @Test("a writer that has fallen behind takes a share of a busy CPU at nice 10", .enabled(if: Self.mayRaisePriority))
    func catchingUp() async throws {
        // Every batch counts as a backlog here.
        let store = try Self.openStore(catchUp: WriterPriority.Policy(catchUpRecords: 1, catchUpWait: .seconds(1)))
        defer { store.close() }
        store.enqueue([.transcript(SQLiteStoreTests.line("oi", 1))])
        try await Self.waitUntil(store, is: .catchingUp)
        let scheduling = try Self.scheduling(of: store)
        #expect(scheduling.policy == 0)
        #expect(scheduling.nice == 10)
    }
}
#endif
