#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal modes found before readline changed them.
///
/// readline restores its own copy when its handler is removed, but a second, independent copy
/// makes sure ECHO and ICANON come back on every exit path (a SIGTERM once left them off).
struct TerminalMode {
    private let descriptor: Int32
    private let saved: termios?

    /// Saves the modes of `descriptor`, if it is a terminal.
    static func capture(descriptor: Int32 = STDIN_FILENO) -> TerminalMode {
        var modes = termios()
        let saved = tcgetattr(descriptor, &modes) == 0 ? modes : nil
        return TerminalMode(descriptor: descriptor, saved: saved)
    }

    /// Puts the saved modes back once pending output has been written.
    func restore() {
        guard var modes = self.saved else {
            return
        }
        _ = tcsetattr(self.descriptor, TCSADRAIN, &modes)
    }
}
