import PapoBench
import PapoBenchCore
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

/// papo-bench's engine against an in-process server: the counts must balance exactly. No
/// figure of speed is checked, only that every message reached every other member once.
@Suite("papo-bench against a real server")
struct PapoBenchIntegrationTests {
    /// The server as the benchmark runs papod: flood control off.
    private var configuration: ServerConfiguration {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
        return configuration
    }

    private func run(_ options: LoadOptions) async throws -> LoadReport {
        try await TestServer.withServer(configuration: self.configuration) { server in
            var pointed = options
            pointed.ports = [server.port]
            let options = pointed
            return try await withTimeout(.seconds(120), waitingFor: "the load run") {
                try await LoadGenerator.run(options: options)
            }
        }
    }

    @Test("10 clients in 2 rooms, 2 paced senders: every message reaches the 4 others in its room")
    func paced() async throws {
        let report = try await self.run(
            LoadOptions(clients: 10, rooms: 2, senders: 2, rate: 20, duration: 1, warmup: 0.1, drain: 20))
        #expect(report.connectionsUp == 10)
        #expect(report.connectFailures == 0 && report.connectionErrors == 0)
        #expect(report.sent > 0)
        #expect(report.expected == report.sent * 4)
        #expect(report.deliveries == report.expected)
        #expect(report.ratio == 1)
        #expect(report.echoes == 0 && report.wrongRoom == 0 && report.reordered == 0 && report.invalid == 0)
        #expect(report.isOrderChecked)
        #expect(report.isClean)
    }

    @Test("flat out under a small window: every message still arrives once, in order")
    func flatOut() async throws {
        let report = try await self.run(
            LoadOptions(clients: 8, rooms: 1, senders: 3, window: 8, duration: 0.5, warmup: 0, drain: 20))
        #expect(report.connectionsUp == 8)
        #expect(report.sent > 0)
        #expect(report.expected == report.sent * 7)
        #expect(report.deliveries == report.expected)
        #expect(report.anomalies == 0)
        #expect(report.isClean)
    }
}
