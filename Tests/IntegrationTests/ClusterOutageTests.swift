import Foundation
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL stopped and started under a cluster's load. It stops the server every other
/// PostgreSQL test uses, so it runs only when `PAPO_TEST_POSTGRES_DIR` names the directory of
/// `Scripts/postgres.sh start` — `.ci/run` sets it for a run of this suite alone, after the
/// others.
@Suite("A cluster through a PostgreSQL outage", .enabled(if: ProcessInfo.processInfo.environment["PAPO_TEST_POSTGRES_DIR"] != nil))
struct ClusterOutageTests {
    static let lines = 24

    static var postgresDirectory: String? { ProcessInfo.processInfo.environment["PAPO_TEST_POSTGRES_DIR"] }

    static func postgres(_ command: String) async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/postgres.sh")
        let process = try ChildProcess(
            executable: URL(fileURLWithPath: "/bin/bash"), arguments: [script.path, command, try #require(Self.postgresDirectory)])
        defer { process.kill() }
        #expect(try await process.waitForExit() == 0, "postgres.sh \(command): \(process.standardError)")
    }

    @Test("nodes keep their clients while PostgreSQL is down, hold what they must send, and catch up: no line, ban or audit entry lost")
    func outage() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let a = try await ClusterTests.startNode("a", database: url)
            let b = try await ClusterTests.startNode("b", database: url)
            defer {
                a.papod.signal(SIGKILL)
                b.papod.signal(SIGKILL)
            }
            let prof = try await PersistenceTests.moderator(a.port, as: "prof")
            try await prof.sendLine("/join #math")
            try await prof.waitForLine { $0.hasPrefix("-!- you are now in #math") }
            let bia = try await ClusterTests.client(b, as: "bia")
            try await prof.waitForLine("-!- bia joined #math")

            try await Self.postgres("pause")
            // Under load while it is down: bia keeps talking (at 4 lines a second, under flood
            // control's 5, which counts from when each line arrived, not when it is logged),
            // and the teacher bans and grants.
            for number in 1...Self.lines {
                try await bia.sendLine("line \(number)")
                try await Task.sleep(for: .milliseconds(250))
            }
            try await prof.sendLine("/ban rui 1h cola")
            try await prof.sendLine("/op bia")
            // Every node says so, once, and its /healthz sends a balancer's newcomers elsewhere.
            try await a.papod.waitForOutput(containing: "PostgreSQL is unreachable")
            try await b.papod.waitForOutput(containing: "PostgreSQL is unreachable")
            let health = try await LineClient.connect(to: try #require(a.webPort))
            try await health.sendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let response = try await health.waitForClose()
            #expect(response.first == "HTTP/1.1 503 Service Unavailable", "\(response)")
            #expect(response.last?.contains(#""database":"unreachable""#) == true, "\(response)")
            #expect(response.last?.contains(#""status":"degraded""#) == true, "\(response)")
            try await Self.postgres("resume")

            // Everything held comes through: bia's lines in order, and the ban (in any order
            // with them: each node logs its own held input when it gets through).
            var expected = (1...Self.lines).map { "<bia> line \($0)" }
            var banned = false
            while !expected.isEmpty || !banned {
                let line = try await prof.nextLine(timeout: .seconds(60))
                if line == expected.first { expected.removeFirst() }
                if line.hasPrefix("-!- banned rui") { banned = true }
            }
            try await bia.waitForLine(timeout: .seconds(30)) { $0.contains("moderator") }
            try await a.papod.waitForOutput(containing: "PostgreSQL is reachable again")
            for node in [a, b] {
                let said = node.papod.standardError.components(separatedBy: "PostgreSQL is unreachable").count - 1
                #expect(said == 1, "\(node.papod.standardError)")
            }
            // What must survive is in the database: the ban, the grant and their audit entries.
            try await Self.eventually { try await TestDatabase.count("SELECT count(*) FROM bans", on: url) == 1 }
            try await Self.eventually {
                try await TestDatabase.count("SELECT count(*) FROM audit WHERE action IN ('ban', 'op')", on: url) == 2
            }
        }
    }

    /// Waits (up to 30 s) for `condition`, which the nodes' store writers make true soon.
    static func eventually(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<300 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("never became true")
    }
}
