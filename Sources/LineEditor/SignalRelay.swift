import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wake pipe's write end while a ``SignalRelay`` is installed, else -1.
///
/// An atomic because the handler runs on whatever thread the kernel picks; it is set before the
/// handler is installed, so the handler never triggers the global's lazy initialisation.
private let relayDescriptor = Atomic<Int32>(-1)

/// Turns SIGINT, SIGWINCH and SIGCONT into bytes on the console's wake pipe.
///
/// readline's own handlers re-raise SIGINT, which killed the process, and may run readline code
/// on another thread. Ours only does an async-signal-safe `write`; the readline thread then
/// clears the line, resizes, or puts the terminal back in readline's mode after Ctrl-Z and `fg`
/// (without readline's signal handling the shell's cooked mode would stay). The previous
/// dispositions are kept so that ``restore()`` puts the process back exactly as it was (SIGINT
/// may belong to a graceful-shutdown handler again).
struct SignalRelay {
    private var previousInterrupt = sigaction()
    private var previousResize = sigaction()
    private var previousResume = sigaction()

    /// Routes SIGINT, SIGWINCH and SIGCONT to `wakePipe` until ``restore()``.
    static func install(wakePipe: WakePipe) -> SignalRelay {
        relayDescriptor.store(wakePipe.writeDescriptor, ordering: .sequentiallyConsistent)
        var relay = SignalRelay()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            let savedError = errno
            let descriptor = relayDescriptor.load(ordering: .relaxed)
            if descriptor >= 0 {
                var byte: UInt8
                switch signal {
                case SIGINT: byte = WakePipe.Reason.interrupt.rawValue
                case SIGCONT: byte = WakePipe.Reason.resume.rawValue
                default: byte = WakePipe.Reason.resize.rawValue
                }
                _ = write(descriptor, &byte, 1)
            }
            errno = savedError
        }
        sigemptyset(&action.sa_mask)
        // Restart other threads' interrupted system calls; our poll loop handles EINTR itself.
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, &relay.previousInterrupt)
        sigaction(SIGWINCH, &action, &relay.previousResize)
        sigaction(SIGCONT, &action, &relay.previousResume)
        return relay
    }

    /// Puts back the dispositions found by ``install(wakePipe:)``.
    func restore() {
        var previousInterrupt = self.previousInterrupt
        var previousResize = self.previousResize
        var previousResume = self.previousResume
        sigaction(SIGINT, &previousInterrupt, nil)
        sigaction(SIGWINCH, &previousResize, nil)
        sigaction(SIGCONT, &previousResume, nil)
        relayDescriptor.store(-1, ordering: .sequentiallyConsistent)
    }
}
