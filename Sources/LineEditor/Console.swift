import Dispatch
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An interactive line editor on GNU readline: prompt, editing, history, Tab completion, and
/// output from any thread drawn above the half-typed line.
///
/// readline is not thread-safe and blocks, so one dedicated thread owns it (see
/// `ReadlineSession`) using readline's callback interface. Every other thread only appends to a
/// locked queue and writes a byte to a wake pipe. Use one console per process: readline, the
/// SIGINT disposition and the terminal are process-wide.
public final class Console: LineInput {
    private enum Phase {
        /// `start` not called yet.
        case idle
        /// The readline thread runs; its id is known once it has begun.
        case running(pthread_t?)
        /// `stop` was called; the thread is tearing down.
        case stopping(pthread_t?)
        /// Reading is over; output goes straight to stdout.
        case finished
    }

    private struct State {
        var phase = Phase.idle
        var requests: [ConsoleRequest] = []
    }

    private let prompt: String
    private let completer: Completer?
    private let history: HistoryStore?
    private let keepsPastesTogether: Bool
    private let state = NIOLockedValueBox(State())
    private let wakePipe = WakePipe()
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - prompt: Shown before the line; change it later with ``setPrompt(_:)``.
    ///   - completer: Answers Tab; without one, Tab completes nothing (not file names).
    ///   - history: Loaded at start, saved at stop; without one, history lasts for the session.
    ///   - keepsPastesTogether: A multi-line paste arrives as one line with its newlines, for a
    ///     chat client that sends it as one message; otherwise each pasted line is a line.
    public init(
        prompt: String, completer: Completer? = nil, history: HistoryStore? = nil, keepsPastesTogether: Bool = false
    ) {
        self.prompt = prompt
        self.completer = completer
        self.history = history
        self.keepsPastesTogether = keepsPastesTogether
    }

    public func start(onLine: @escaping @Sendable (String) -> Void, onEnd: @escaping @Sendable () -> Void) {
        let canStart = self.state.withLockedValue { state in
            guard case .idle = state.phase else {
                return false
            }
            state.phase = .running(nil)
            return true
        }
        guard canStart else {
            return
        }
        let thread = Thread { [self] in
            self.runReadline(onLine: onLine, onEnd: onEnd)
        }
        thread.name = "papo.readline"
        thread.start()
    }

    public func printAbove(_ text: String) {
        let isQueued = self.state.withLockedValue { state in
            guard case .finished = state.phase else {
                state.requests.append(.print(text))
                return true
            }
            // Nothing draws a prompt any more; writing under the lock keeps the order.
            StandardOutput.writeLine(text)
            return false
        }
        if isQueued {
            self.wakePipe.wake(.request)
        }
    }

    public func setPrompt(_ prompt: String) {
        self.state.withLockedValue { state in
            state.requests.append(.prompt(prompt))
        }
        self.wakePipe.wake(.request)
    }

    public func stop() {
        enum Action {
            case none, finishHere, wait
        }
        let action = self.state.withLockedValue { state -> Action in
            switch state.phase {
            case .idle:
                state.phase = .finished
                return .none
            case .running(let thread):
                state.phase = .stopping(thread)
                return Self.isCurrent(thread) ? .finishHere : .wait
            case .stopping(let thread):
                return Self.isCurrent(thread) ? .none : .wait
            case .finished:
                return .none
            }
        }
        switch action {
        case .none:
            break
        case .finishHere:
            // Called from onLine on the readline thread: waiting would deadlock.
            ReadlineSession.finishActive()
        case .wait:
            self.wakePipe.wake(.request)
            // Each waiter passes the signal on, so concurrent stop() calls all return.
            self.finished.wait()
            self.finished.signal()
        }
    }

    /// The readline thread's body: run the session, then flush late output and report the end.
    private func runReadline(onLine: @escaping @Sendable (String) -> Void, onEnd: @escaping @Sendable () -> Void) {
        let mayRun = self.state.withLockedValue { state in
            guard case .running = state.phase else {
                return false
            }
            state.phase = .running(pthread_self())
            return true
        }
        if mayRun && self.wakePipe.isValid {
            let session = ReadlineSession(
                prompt: self.prompt,
                completer: self.completer,
                history: self.history,
                keepsPastesTogether: self.keepsPastesTogether,
                onLine: onLine
            )
            session.run(wakePipe: self.wakePipe) {
                self.state.withLockedValue { state in
                    let requests = state.requests
                    state.requests.removeAll()
                    guard case .stopping = state.phase else {
                        return (requests, false)
                    }
                    return (requests, true)
                }
            }
        }
        self.state.withLockedValue { state in
            for case .print(let text) in state.requests {
                StandardOutput.writeLine(text)
            }
            state.requests.removeAll()
            state.phase = .finished
        }
        onEnd()
        self.finished.signal()
    }

    private static func isCurrent(_ thread: pthread_t?) -> Bool {
        guard let thread else {
            return false
        }
        return pthread_equal(thread, pthread_self()) != 0
    }
}
