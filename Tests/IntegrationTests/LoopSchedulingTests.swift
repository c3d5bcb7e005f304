#if os(Linux)
import Foundation
import Glibc
import NIOCore
import PapoServer
import PapoTestSupport
import Testing

/// papod's event loop threads keep the system's scheduling unless asked for SCHED_BATCH, a
/// benchmark tuning (see `LoopScheduling`).
@Suite("Event loop thread scheduling")
struct LoopSchedulingTests {
    /// `SCHED_OTHER` and `SCHED_BATCH` from <sched.h>.
    static let schedOther: Int32 = 0
    static let schedBatch: Int32 = 3

    /// Each loop thread's policy, read on the thread itself.
    static func policies(of group: any EventLoopGroup) async throws -> [Int32?] {
        var policies: [Int32?] = []
        for loop in group.makeIterator() {
            policies.append(try await loop.submit { LoopScheduling.currentThreadPolicy }.get())
        }
        return policies
    }

    /// The policy of each of a process's NIO event loop threads, found by name in /proc.
    static func loopThreadPolicies(ofProcess pid: Int32) throws -> [Int32] {
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
        return try tasks.compactMap { task -> Int32? in
            let name = try String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)
            guard name.hasPrefix("NIO-ELT-"), let tid = pid_t(task) else { return nil }
            return sched_getscheduler(tid)
        }
    }

    @Test("batch puts every loop thread under SCHED_BATCH, and chat flows as before")
    func batchWhenAsked() async throws {
        var configuration = ServerConfiguration()
        configuration.loopScheduling = .batch
        try await TestServer.withServer(configuration: configuration) { server in
            let policies = try await Self.policies(of: server.group)
            #expect(policies == [Self.schedBatch, Self.schedBatch])
            let ana = try await server.connect(as: "ana")
            let bob = try await server.connect(as: "bob")
            try await bob.sendLine("oi")
            try await ana.waitForLine("<bob> oi")
        }
    }

    @Test("by default the loop threads stay as they were made")
    func normalByDefault() async throws {
        try await TestServer.withServer { server in
            let policies = try await Self.policies(of: server.group)
            #expect(policies == [Self.schedOther, Self.schedOther])
        }
    }

    @Test(
        "papod takes the policy from --loop-scheduling or PAPOD_LOOP_SCHEDULING, the flag first",
        arguments: [
            ([String](), [String: String](), schedOther),
            (["--loop-scheduling", "batch"], [:], schedBatch),
            ([], ["PAPOD_LOOP_SCHEDULING": "batch"], schedBatch),
            (["--loop-scheduling", "normal"], ["PAPOD_LOOP_SCHEDULING": "batch"], schedOther),
            (["--loop-scheduling", "batch"], ["PAPOD_LOOP_SCHEDULING": "normal"], schedBatch),
        ])
    func papodOption(arguments: [String], environment: [String: String], expected: Int32) async throws {
        let (papod, _) = try await PapodProcess.start(arguments: arguments + ["--threads", "2"], environment: environment)
        defer { papod.kill() }
        // The threads are set before the listener opens, so before the "listening" line.
        let policies = try Self.loopThreadPolicies(ofProcess: papod.processIdentifier)
        #expect(policies == [expected, expected])
        papod.signal(SIGTERM)
        #expect(try await papod.waitForExit() == 0)
    }
}
#endif
