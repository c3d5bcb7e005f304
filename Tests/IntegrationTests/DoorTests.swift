import Foundation
import NIOCore
import NIOPosix
import PapoTestSupport
import Testing

/// The doors as papod opens them: one line each once bound, and a clear stop when a port is taken.
@Suite("Doors")
struct DoorTests {
    /// A listening socket on 127.0.0.1 and a free port, holding it while `body` runs.
    static func withTakenPort<T>(_ body: (Int) async throws -> T) async throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let holder = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        do {
            let result = try await body(holder.localAddress?.port ?? 0)
            try await holder.close()
            try await group.shutdownGracefully()
            return result
        } catch {
            try? await holder.close()
            try await group.shutdownGracefully()
            throw error
        }
    }

    @Test("a taken port stops papod at start-up with one line naming the door, the port and the flag")
    func takenPortStopsPapod() async throws {
        try await Self.withTakenPort { port in
            let papod = try ChildProcess(
                executable: try PapodProcess.executable(),
                arguments: [
                    "--host", "127.0.0.1", "--port", "\(port)", "--no-console", "--no-web", "--no-irc",
                    "--data-dir", PapodProcess.temporaryDataDirectory().path,
                ],
                environment: [:])
            defer { papod.kill() }
            #expect(try await papod.waitForExit() == 1)
            #expect(
                papod.standardError.contains(
                    "papod cannot listen for the assignment door on 127.0.0.1:\(port): address already in use; choose another port with --port"
                ), "\(papod.standardError)")
        }
    }

    @Test("a door listens with a backlog of 4096, so a class connecting at once is not made to wait on dropped SYNs")
    func backlogHoldsAStorm() async throws {
        try await TestServer.withServer { server in
            // For a listening socket, `ss` reports the backlog as its Send-Q.
            let ss = Process()
            ss.executableURL = URL(fileURLWithPath: "/usr/bin/ss")
            ss.arguments = ["-ltnH", "sport = :\(server.port)"]
            let output = Pipe()
            ss.standardOutput = output
            try ss.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            ss.waitUntilExit()
            let columns = text.split(whereSeparator: \.isWhitespace)
            let limit = Int((try? String(contentsOfFile: "/proc/sys/net/core/somaxconn", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 4096
            #expect(columns.count >= 3 && columns[0] == "LISTEN", "\(text)")
            #expect(columns.count >= 3 && Int(columns[2]) == min(4096, limit), "\(text)")
        }
    }
}
