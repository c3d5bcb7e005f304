import Dispatch
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a pipe or file: no prompt, no echo, no readline.
///
/// readline on a pipe echoes the prompt and every line to stdout, which corrupts scripted
/// output. Lines are read with `read(2)` under `poll` rather than Swift's `readLine()`, because a
/// thread blocked in `readLine()` cannot be woken by ``stop()``; line splitting matches
/// `readLine()` (`\n` or `\r\n`, and a final unterminated line).
public final class PlainLineReader: LineInput {
    private enum Phase {
        case idle
        case running(pthread_t?)
        case stopping(pthread_t?)
        case finished
    }

    private let descriptor: Int32
    private let phase = NIOLockedValueBox(Phase.idle)
    private let wakePipe = WakePipe()
    private let finished = DispatchSemaphore(value: 0)

    /// Reads standard input.
    public convenience init() {
        self.init(descriptor: STDIN_FILENO)
    }

    /// Reads `descriptor`, which the caller keeps open and closes; tests pass a pipe.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func start(onLine: @escaping @Sendable (String) -> Void, onEnd: @escaping @Sendable () -> Void) {
        let canStart = self.phase.withLockedValue { phase in
            guard case .idle = phase else {
                return false
            }
            phase = .running(nil)
            return true
        }
        guard canStart else {
            return
        }
        let thread = Thread { [self] in
            self.readLines(onLine: onLine)
            self.phase.withLockedValue { $0 = .finished }
            onEnd()
            self.finished.signal()
        }
        thread.name = "papo.input"
        thread.start()
    }

    /// Writes `text` to stdout at once: there is no prompt to protect.
    public func printAbove(_ text: String) {
        StandardOutput.writeLine(text)
    }

    /// Does nothing: without a terminal there is no prompt to show.
    public func setPrompt(_ prompt: String) {}

    public func stop() {
        let mustWait = self.phase.withLockedValue { phase -> Bool in
            switch phase {
            case .idle:
                phase = .finished
                return false
            case .running(let thread), .stopping(let thread):
                phase = .stopping(thread)
                return !Self.isCurrent(thread)
            case .finished:
                return false
            }
        }
        if mustWait {
            self.wakePipe.wake(.request)
            self.finished.wait()
            self.finished.signal()
        }
    }

    /// Reads until end of input or a stop request, handing over each complete line.
    private func readLines(onLine: (String) -> Void) {
        guard self.claimThread(), self.wakePipe.isValid else {
            return
        }
        var splitter = LineSplitter()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var descriptors = [
                pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: self.wakePipe.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&descriptors, 2, -1) < 0 {
                if errno == EINTR {
                    continue
                }
                return
            }
            if descriptors[1].revents != 0 {
                _ = self.wakePipe.drain()
            }
            if self.isStopRequested {
                return
            }
            guard descriptors[0].revents != 0 else {
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(self.descriptor, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            }
            guard count > 0 else {
                if let last = splitter.finish() {
                    onLine(last)
                }
                return
            }
            for line in splitter.append(buffer[..<count]) {
                // onLine may have called stop(): deliver nothing after it.
                guard !self.isStopRequested else {
                    return
                }
                onLine(line)
            }
        }
    }

    /// Records the reading thread so that stop() called from onLine knows not to wait for itself.
    private func claimThread() -> Bool {
        self.phase.withLockedValue { phase in
            guard case .running = phase else {
                return false
            }
            phase = .running(pthread_self())
            return true
        }
    }

    private var isStopRequested: Bool {
        self.phase.withLockedValue { phase in
            if case .stopping = phase {
                return true
            }
            return false
        }
    }

    private static func isCurrent(_ thread: pthread_t?) -> Bool {
        guard let thread else {
            return false
        }
        return pthread_equal(thread, pthread_self()) != 0
    }
}
