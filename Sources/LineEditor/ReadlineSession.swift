@preconcurrency import CReadline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The session readline's C callbacks reach, since a C function pointer cannot capture it.
///
/// Only the readline thread reads or writes it: set in `begin`, cleared in `finish`.
nonisolated(unsafe) private var activeSession: ReadlineSession?

/// Everything that calls readline, run on the one thread that owns it.
///
/// readline is a bundle of process-global state with no locking, so this class is deliberately
/// not Sendable: ``Console`` creates it on its dedicated thread and other threads reach it only
/// through the console's request queue and wake pipe.
final class ReadlineSession {
    /// Why the session ended, which decides how the last screen line is left.
    enum Ending {
        /// EOF: Ctrl-D on an empty line, or stdin went away.
        case endOfInput
        /// ``Console/stop()`` was called.
        case stopped
    }

    /// What the console hands over on each wake-up.
    typealias RequestSource = () -> (requests: [ConsoleRequest], isStopRequested: Bool)

    private let prompt: String
    private let completer: Completer?
    private let history: HistoryStore?
    private let onLine: (String) -> Void
    private let keepsPastesTogether: Bool

    private var signalRelay: SignalRelay?
    private var terminalMode: TerminalMode?
    private var isInstalled = false
    private var isHandlingLine = false
    private(set) var isFinished = false

    private var candidates: [String] = []
    private var candidateIndex = 0
    private var previousReadlineName: UnsafePointer<CChar>?
    private var ownedReadlineName: UnsafeMutablePointer<CChar>?
    private var previousWordBreaks: UnsafePointer<CChar>?
    private var ownedWordBreaks: UnsafeMutablePointer<CChar>?

    init(
        prompt: String, completer: Completer?, history: HistoryStore?, keepsPastesTogether: Bool = false,
        onLine: @escaping (String) -> Void
    ) {
        self.keepsPastesTogether = keepsPastesTogether
        self.prompt = prompt
        self.completer = completer
        self.history = history
        self.onLine = onLine
    }

    /// Ends the session running on the current thread, if any.
    ///
    /// For ``Console/stop()`` called from inside `onLine`: the teardown must happen before `stop`
    /// returns, and this thread is the readline thread, so it may touch the session.
    static func finishActive() {
        activeSession?.finish(.stopped)
    }

    /// Reads keys and serves requests until EOF or a stop request.
    ///
    /// `poll` watches stdin and the wake pipe, so the thread sleeps until there is a key, output
    /// to draw, a signal to handle or a stop; readline only ever runs here.
    func run(wakePipe: WakePipe, takeRequests: RequestSource) {
        self.begin(wakePipe: wakePipe)
        while !self.isFinished {
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakePipe.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&descriptors, 2, -1) < 0 {
                if errno == EINTR {
                    continue
                }
                self.finish(.endOfInput)
                break
            }
            if descriptors[1].revents != 0 {
                let reasons = wakePipe.drain()
                if reasons.contains(.resume) {
                    self.resume()
                }
                if reasons.contains(.resize) {
                    rl_resize_terminal()
                }
                if reasons.contains(.interrupt) {
                    self.interrupt()
                }
                let batch = takeRequests()
                self.draw(batch.requests)
                if batch.isStopRequested {
                    self.finish(.stopped)
                    break
                }
            }
            let input = descriptors[0].revents
            if input & Int16(POLLIN) != 0 {
                rl_callback_read_char()
            } else if input != 0 {
                // Hang-up or error with nothing left to read: readline would never see EOF.
                self.finish(.endOfInput)
            }
        }
    }

    /// Configures readline and shows the prompt.
    private func begin(wakePipe: WakePipe) {
        activeSession = self
        self.terminalMode = TerminalMode.capture()
        self.signalRelay = SignalRelay.install(wakePipe: wakePipe)

        // A literal would dangle (and does not compile); readline keeps the pointer, so own a copy.
        self.previousReadlineName = rl_readline_name
        self.ownedReadlineName = strdup("papo")
        rl_readline_name = UnsafePointer(self.ownedReadlineName)
        // readline's SIGINT handler re-raises the signal and kills the process; SignalRelay
        // handles SIGINT and SIGWINCH on this thread instead.
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        // Otherwise readline calls setenv(LINES/COLUMNS) from this thread, racing getenv elsewhere.
        rl_change_environment = 0
        // Always ours, even without a completer: Tab must not fall back to file names.
        rl_attempted_completion_function = { text, start, _ in
            rl_attempted_completion_over = 1
            return activeSession?.completionMatches(text: text, start: start)
        }
        // Words are separated by blanks only, so "#room", "/kick" and "a,b" complete as one word.
        self.previousWordBreaks = rl_completer_word_break_characters
        self.ownedWordBreaks = strdup(" \t")
        rl_completer_word_break_characters = UnsafePointer(self.ownedWordBreaks)

        if let history = self.history {
            history.load()
        } else {
            HistoryStore.startInMemory(policy: HistoryPolicy())
        }
        rl_callback_handler_install(self.prompt) { line in
            activeSession?.handleLine(line)
        }
        self.isInstalled = true
    }

    /// Removes the handler, saves history and puts back every global, signal and terminal mode.
    ///
    /// Idempotent, and safe inside the line handler: readline itself removes handlers that way.
    func finish(_ ending: Ending) {
        guard !self.isFinished else {
            return
        }
        self.isFinished = true
        if self.isInstalled {
            switch ending {
            case .stopped where !self.isHandlingLine:
                // Leave the cursor on an empty line for whatever the program prints next.
                rl_clear_visible_line()
            case .endOfInput:
                // readline has already reset the terminal; it ends the line itself only when
                // bracketed paste was on.
                let bracketedPaste = rl_variable_value("enable-bracketed-paste").map { String(cString: $0) }
                if bracketedPaste != "on" {
                    StandardOutput.writeAll("\n")
                }
            case .stopped:
                break
            }
            rl_callback_handler_remove()
            self.isInstalled = false
        }
        self.history?.save()

        rl_attempted_completion_function = nil
        rl_readline_name = self.previousReadlineName
        free(self.ownedReadlineName)
        self.ownedReadlineName = nil
        rl_completer_word_break_characters = self.previousWordBreaks
        free(self.ownedWordBreaks)
        self.ownedWordBreaks = nil

        self.signalRelay?.restore()
        self.signalRelay = nil
        self.terminalMode?.restore()
        activeSession = nil
    }

    /// Hands readline's accepted line to `onLine`, or ends the session at EOF (a nil line).
    private func handleLine(_ raw: UnsafeMutablePointer<CChar>?) {
        guard let raw else {
            self.finish(.endOfInput)
            return
        }
        let line = String(cString: raw)
        free(raw)
        self.isHandlingLine = true
        defer { self.isHandlingLine = false }
        for text in self.keepsPastesTogether ? [line] : Self.lines(in: line) {
            // onLine may have called stop(): deliver nothing after it.
            guard !self.isFinished else {
                return
            }
            HistoryStore.record(text, policy: self.history?.policy ?? HistoryPolicy())
            self.onLine(text)
        }
    }

    /// A bracketed paste can put newlines into one readline line; each is a line of its own.
    private static func lines(in line: String) -> [String] {
        guard line.utf8.contains(UInt8(ascii: "\n")) else {
            return [line]
        }
        var splitter = LineSplitter()
        var lines = splitter.append(line.utf8)
        if let last = splitter.finish() {
            lines.append(last)
        }
        return lines
    }

    /// Abandons the current line after Ctrl-C, as a shell does, and shows a fresh prompt.
    private func interrupt() {
        guard self.isInstalled else {
            return
        }
        rl_free_line_state()
        // Leaves i-search, numeric arguments and other multi-key states.
        rl_callback_sigcleanup()
        rl_replace_line("", 0)
        rl_crlf()
        rl_on_new_line()
        rl_redisplay()
    }

    /// Puts the terminal back in readline's mode after the process was stopped and continued.
    ///
    /// The shell restores its own cooked mode when a job stops, and readline still believes the
    /// terminal is prepared, so unprepare and prepare again, then draw the prompt on a new line
    /// (the shell has just printed the job's name).
    private func resume() {
        guard self.isInstalled else {
            return
        }
        rl_deprep_terminal()
        rl_prep_terminal(1)
        rl_resize_terminal()
        rl_on_new_line()
        rl_redisplay()
    }

    /// Prints queued output above the prompt and applies prompt changes, redrawing once.
    ///
    /// Clearing readline's visible lines and forcing a full redraw keeps the half-typed line,
    /// the cursor, wrapped lines and reverse-i-search intact; the save-prompt recipe did not.
    private func draw(_ requests: [ConsoleRequest]) {
        guard !requests.isEmpty, self.isInstalled else {
            return
        }
        rl_clear_visible_line()
        for request in requests {
            switch request {
            case .print(let text):
                StandardOutput.writeLine(text)
            case .prompt(let prompt):
                rl_set_prompt(prompt)
            }
        }
        rl_forced_update_display()
    }

    /// Asks the ``Completer`` for the word readline is completing.
    private func completionMatches(
        text: UnsafePointer<CChar>?,
        start: Int32
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard let completer = self.completer, let text, let buffer = rl_line_buffer else {
            return nil
        }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(max(rl_end, 0)))
        let line = String(decoding: bytes, as: UTF8.self)
        let request = CompletionRequest(line: line, cursor: Int(rl_point), wordStart: Int(start))
        self.candidates = completer.complete(request)
        self.candidateIndex = 0
        guard !self.candidates.isEmpty else {
            return nil
        }
        return rl_completion_matches(text) { _, state in
            activeSession?.nextCandidate(state: state)
        }
    }

    /// readline's generator protocol: state 0 restarts, nil ends; readline frees each copy.
    private func nextCandidate(state: Int32) -> UnsafeMutablePointer<CChar>? {
        if state == 0 {
            self.candidateIndex = 0
        }
        guard self.candidateIndex < self.candidates.count else {
            return nil
        }
        defer { self.candidateIndex += 1 }
        return strdup(self.candidates[self.candidateIndex])
    }
}

/// readline has no locking: the session must stay on the thread that created it.
@available(*, unavailable)
extension ReadlineSession: Sendable {}
