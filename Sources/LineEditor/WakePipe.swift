#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A self-pipe that wakes a reading thread blocked in `poll`.
///
/// Other threads and signal handlers cannot call readline, so they write one byte here and the
/// reading thread does the work. Both ends are non-blocking: a full pipe already means a wake-up
/// is pending, so a failed write loses nothing and never blocks a signal handler.
final class WakePipe: Sendable {
    /// Why the reading thread was woken; the byte written to the pipe.
    enum Reason: UInt8 {
        /// Requests (output, prompt, stop) are queued.
        case request = 0x72
        /// SIGINT arrived: clear the line.
        case interrupt = 0x69
        /// SIGWINCH arrived: the terminal was resized.
        case resize = 0x77
        /// SIGCONT arrived: the process was resumed after Ctrl-Z, with the shell's terminal modes.
        case resume = 0x63
    }

    /// The end to `poll`; -1 when the pipe could not be created.
    let readDescriptor: Int32
    /// The end to write to, from any thread or a signal handler.
    let writeDescriptor: Int32

    init() {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            self.readDescriptor = -1
            self.writeDescriptor = -1
            return
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        self.readDescriptor = descriptors[0]
        self.writeDescriptor = descriptors[1]
    }

    deinit {
        if self.readDescriptor >= 0 {
            close(self.readDescriptor)
            close(self.writeDescriptor)
        }
    }

    /// Whether the pipe exists; without it a reader could never be stopped.
    var isValid: Bool {
        self.readDescriptor >= 0
    }

    /// Wakes the reading thread. Safe from any thread.
    func wake(_ reason: Reason) {
        var byte = reason.rawValue
        _ = write(self.writeDescriptor, &byte, 1)
    }

    /// Empties the pipe and returns the reasons seen, so that many wake-ups cost one pass.
    func drain() -> Set<Reason> {
        var reasons: Set<Reason> = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(self.readDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                reasons.formUnion(buffer[..<count].compactMap(Reason.init(rawValue:)))
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return reasons
            }
        }
    }
}
