#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the kernel schedules papod's event loop threads.
///
/// A loop thread wakes whenever a client's bytes arrive. As `SCHED_OTHER` it may take the CPU
/// from whatever runs at that moment, and on a busy machine that is often a process in the
/// middle of sending papod more: a burst of messages is then read one at a time, each with two
/// context switches and a batch of one. As `SCHED_BATCH` (same share of the CPU, same nice
/// value) it never preempts on waking: it runs at once on an idle core, or when the running
/// process sleeps or its scheduler tick comes (1-4 ms) on a busy one, and reads and sends the
/// whole burst at once. Human chat does not notice a few milliseconds; a loaded server's
/// batches grow. It is tuning for a busy benchmark machine, so it is opt-in: a server should
/// not change its scheduling class unasked.
public enum LoopScheduling: String, Sendable, CaseIterable {
    /// `SCHED_BATCH`: no preemption on waking (Linux only; elsewhere papod warns and the
    /// threads keep the system's policy).
    case batch
    /// The system's default policy, as the threads were made.
    case normal

    /// `SCHED_BATCH` from <sched.h>.
    static let schedBatch: Int32 = 3

    /// Puts the calling thread under this policy; false if the system refused. `.normal`
    /// leaves the thread as it is.
    public func applyToCurrentThread() -> Bool {
        #if os(Linux)
        guard self == .batch else { return true }
        var parameters = sched_param(sched_priority: 0)
        // With pid 0 this is the calling thread alone: Linux schedules threads as tasks.
        return sched_setscheduler(0, Self.schedBatch, &parameters) == 0
        #else
        return self == .normal
        #endif
    }

    /// The calling thread's scheduling policy number, where the system has one.
    public static var currentThreadPolicy: Int32? {
        #if os(Linux)
        let policy = sched_getscheduler(0)
        return policy >= 0 ? policy : nil
        #else
        return nil
        #endif
    }
}
