/// Work other threads hand to the readline thread, kept in one queue so that output and prompt
/// changes are drawn in the order they were asked for.
enum ConsoleRequest: Sendable, Equatable {
    /// Print this text (newline-terminated) above the prompt.
    case print(String)
    /// Switch to this prompt.
    case prompt(String)
}
