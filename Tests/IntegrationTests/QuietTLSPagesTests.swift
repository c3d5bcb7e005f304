import Foundation
import NIOCore
import PapoApplication
import PapoCore
@testable import PapoServer
import PapoTestSupport
import Synchronization
import Testing

/// A quiet TLS connection gives its buffers' pages back, and its lines still arrive whole.
@Suite("Quiet TLS connections")
struct QuietTLSPagesTests {
    /// papod with a TLS door whose ticks only the test runs.
    static func configuration(_ files: CertificateFiles) -> PapodConfiguration {
        var server = ServerConfiguration(chat: ChatConfiguration())
        server.tickInterval = .hours(1)
        return files.papod(server: server)
    }

    /// Runs one tick and waits until every loop has done the work it queued.
    static func tick(_ server: TestServer) async {
        server.chatServer.tick()
        // `stats` visits each loop after what the tick queued there.
        _ = await server.chatServer.executeOperator("stats")
    }

    static func releases(_ server: TestServer) -> Int {
        server.chatServer.counters.quietPageReleases.load(ordering: .relaxed)
    }

    @Test("after a quiet tick its pages are released; lines both ways, and a line split across the quiet, arrive whole")
    func quietConnectionReleasesPages() async throws {
        let files = try CertificateFiles()
        try await TestServer.withServer(papod: Self.configuration(files)) { server in
            let ana = try await server.connect(as: "ana")
            let (maria, _) = try await TLSDoorTests.connectTLS(server)
            try await maria.sendLine("/nick maria")
            try await ana.waitForLine("-!- guest-2 is now known as maria")
            try await ana.sendLine("bem-vinda")
            try await maria.waitForLine("<ana> bem-vinda")

            await Self.tick(server)  // the activity above is seen and forgotten
            #expect(Self.releases(server) == 0)
            await Self.tick(server)  // a whole tick without activity
            #expect(Self.releases(server) == 1)
            await Self.tick(server)
            #expect(Self.releases(server) == 1, "released once per quiet spell")

            // Into zeroed pages: lines both ways arrive whole.
            let long = String(repeating: "camada de transporte, ", count: 20) + "fim"
            try await maria.sendLine(long)
            try await ana.waitForLine("<maria> \(long)")
            try await ana.sendLine(long)
            try await maria.waitForLine("<ana> \(long)")

            // Half a line waits in the handler (and may in NIOSSL's buffer): no release until it
            // is finished.
            let counters = server.chatServer.counters
            let start = counters.bytesIn.load(ordering: .relaxed)
            let half = "uma linha dividida "
            try await maria.sendRaw(half)
            try await withTimeout(.seconds(20), waitingFor: "the first half to be read") {
                while counters.bytesIn.load(ordering: .relaxed) < start + half.utf8.count {
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            let before = Self.releases(server)
            for _ in 0..<3 {
                await Self.tick(server)
            }
            #expect(Self.releases(server) == before)
            try await maria.sendRaw("em duas partes\n")
            try await ana.waitForLine("<maria> uma linha dividida em duas partes")
        }
    }
}
