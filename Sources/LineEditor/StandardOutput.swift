import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole texts to file descriptor 1, one writer at a time.
///
/// The lock keeps texts from different threads from interleaving mid-line. C stdio is flushed
/// first so that anything readline (or `print`) buffered in `stdout` appears before our text.
enum StandardOutput {
    private static let lock = NIOLockedValueBox<Void>(())

    /// Writes `text`, adding a newline when it does not end with one.
    static func writeLine(_ text: String) {
        self.writeAll(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Writes `text` as is.
    static func writeAll(_ text: String) {
        self.lock.withLockedValue { _ in
            fflush(nil)
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                if written > 0 {
                    bytes = bytes.dropFirst(written)
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
