import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOConcurrencyHelpers

/// Another program run by a test, with its output collected as it arrives.
public final class ChildProcess: Sendable {
    private let process: Process
    private let stdinPipe = Pipe()
    private let output = CollectedOutput()

    public init(
        executable: URL,
        arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil
    ) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let currentDirectory {
            process.currentDirectoryURL = currentDirectory
        }
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardInput = self.stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        self.process = process
        try process.run()
        Self.collect(stdoutPipe, into: self.output, isStandardError: false)
        Self.collect(stderrPipe, into: self.output, isStandardError: true)
    }

    /// Appends what arrives on `pipe` to one of the collected streams, and notes its end.
    ///
    /// A thread of its own blocks in `read(2)` until end of file, holding the pipe open until
    /// then. Foundation's `readabilityHandler` is not used: its dispatch source was cancelled
    /// when the stream ended, but the descriptor was closed as soon as the test let go of the
    /// process, before libdispatch had taken it out of its epoll set, and libdispatch's manager
    /// thread crashed now and then (a bad pointer in `_dispatch_event_loop_drain`).
    private static func collect(_ pipe: Pipe, into output: CollectedOutput, isStandardError: Bool) {
        let thread = Thread {
            let descriptor = pipe.fileHandleForReading.fileDescriptor
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                let data = count > 0 ? Data(chunk[0..<count]) : Data()
                output.data.withLockedValue { collected in
                    if isStandardError { collected.stderr.append(data) } else { collected.stdout.append(data) }
                    if data.isEmpty { collected.openStreams -= 1 }
                }
                if data.isEmpty { break }
            }
            try? pipe.fileHandleForReading.close()
        }
        thread.name = isStandardError ? "child.stderr" : "child.stdout"
        thread.start()
    }

    public var standardOutput: String {
        self.output.data.withLockedValue { String(decoding: $0.stdout, as: UTF8.self) }
    }

    public var standardError: String {
        self.output.data.withLockedValue { String(decoding: $0.stderr, as: UTF8.self) }
    }

    public var processIdentifier: Int32 { self.process.processIdentifier }

    public func write(_ text: String) throws {
        try self.stdinPipe.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    public func closeInput() throws {
        try self.stdinPipe.fileHandleForWriting.close()
    }

    public func signal(_ signal: Int32) {
        _ = Glibc.kill(self.process.processIdentifier, signal)
    }

    /// Waits for the process to end, and its output to be read to the end, and returns its exit
    /// status (or terminating signal).
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await waitUntil("process \(self.process.processIdentifier) to exit", timeout: timeout) {
            !self.process.isRunning
        }
        // A child the process left running may hold the pipes open; give up on them after a while.
        try? await waitUntil("the output of process \(self.process.processIdentifier)", timeout: .seconds(5)) {
            self.output.data.withLockedValue { $0.openStreams == 0 }
        }
        return self.process.terminationStatus
    }

    public func waitForOutput(containing text: String, timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("\"\(text)\" in the output of process \(self.process.processIdentifier)", timeout: timeout) {
            self.standardOutput.contains(text) || self.standardError.contains(text)
        }
    }

    /// Stops the process if a test failed before stopping it.
    public func kill() {
        if self.process.isRunning { self.process.terminate() }
    }
}

/// Output gathered from a child's pipes by their readability handlers.
private final class CollectedOutput: Sendable {
    let data = NIOLockedValueBox<(stdout: Data, stderr: Data, openStreams: Int)>((Data(), Data(), 2))
}
