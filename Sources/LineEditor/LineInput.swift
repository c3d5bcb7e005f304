/// A source of typed lines that can also show output without corrupting what the user is typing.
///
/// Papo's front ends talk to this protocol rather than to readline, so the same code runs with an
/// interactive ``Console`` and with a ``PlainLineReader`` when stdin is a pipe or a file.
public protocol LineInput: Sendable {
    /// Begins reading on a dedicated thread of its own.
    ///
    /// Reading blocks in `poll`, so it never runs on the Swift concurrency pool.
    /// - Parameters:
    ///   - onLine: Called on the reading thread with each line, without its newline.
    ///   - onEnd: Called exactly once on the reading thread when reading ends: at end of input
    ///     (Ctrl-D on an empty line, or the end of piped input) or because ``stop()`` was called.
    ///     A service can therefore await `onEnd` to know that the terminal is restored.
    func start(onLine: @escaping @Sendable (String) -> Void, onEnd: @escaping @Sendable () -> Void)

    /// Shows `text` above the prompt, from any thread.
    ///
    /// The text may span several lines; a trailing newline is added when it is missing. The
    /// half-typed line is redrawn intact below it, which a plain `print` would garble.
    func printAbove(_ text: String)

    /// Replaces the prompt, from any thread, and redraws it at once.
    ///
    /// As with readline, wrap invisible escape sequences (colours) in `"\u{1}"` and `"\u{2}"` so
    /// that the cursor column is computed correctly.
    func setPrompt(_ prompt: String)

    /// Ends reading, from any thread; calling it again does nothing.
    ///
    /// When it returns (called from any other thread than the reading one) no further callback or
    /// readline call happens, history is saved and the terminal modes are restored.
    func stop()
}
