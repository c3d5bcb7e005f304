#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses the right ``LineInput`` for the process's standard streams.
public enum LineEditor {
    /// Returns a readline ``Console`` when stdin and stdout are both terminals, and a
    /// ``PlainLineReader`` otherwise.
    ///
    /// readline on a pipe still echoes its prompt and each line to stdout, which corrupts
    /// scripted output, so pipes get the plain reader. History is only kept in interactive use:
    /// lines fed from a script are not the user's history.
    public static func makeInput(
        prompt: String,
        completer: Completer? = nil,
        history: HistoryStore? = nil
    ) -> any LineInput {
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            return Console(prompt: prompt, completer: completer, history: history)
        }
        return PlainLineReader()
    }
}
