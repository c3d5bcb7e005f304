#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scheduling and naming of the calling thread, for the store's writer. `SCHED_IDLE` exists on
/// Linux only; elsewhere the writer keeps to nice 10 throughout.
enum WriterThread {
    /// The writer's nice value whenever it is not idle-only.
    static let nice: Int32 = 10

    #if os(Linux)
    /// `SCHED_OTHER` and `SCHED_IDLE` from <sched.h> (the latter is a GNU extension that the
    /// Glibc module does not export).
    private static let schedOther: Int32 = 0
    private static let schedIdle: Int32 = 5
    #endif

    /// The calling thread's id (Linux's tid), where there is one. Read from /proc: `gettid` and
    /// `pthread_setname_np` are GNU extensions that the Glibc module does not export.
    static var id: Int32? {
        #if os(Linux)
        var target = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/thread-self", &target, target.count - 1)
        guard count > 0 else { return nil }
        // "PID/task/TID"
        let path = String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.split(separator: "/").last.flatMap { Int32($0) }
        #else
        return nil
        #endif
    }

    /// Names the calling thread as `top -H`, `ps -L` and /proc show it.
    static func setName(_ name: String) {
        #if os(Linux)
        // At most 15 bytes; Linux cuts longer names.
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = name.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        #elseif canImport(Darwin)
        _ = pthread_setname_np(name)
        #endif
    }

    /// Lowers the calling thread to nice 10, then says whether it may use idle-only time: only
    /// if it may later leave it again, since a writer stuck there could starve on a saturated
    /// machine. Leaving `SCHED_IDLE` at nice 10 needs the right to lower the nice value to 10;
    /// a step to nice 9, which needs a little more (root, CAP_SYS_NICE or an RLIMIT_NICE above
    /// 10), proves it.
    static func prepare() -> Bool {
        setNice(Self.nice)
        #if os(Linux)
        let mayRaise = setNice(Self.nice - 1)
        setNice(Self.nice)
        return mayRaise
        #else
        return false
        #endif
    }

    /// Puts the calling thread at `priority`; false if the system refused.
    @discardableResult
    static func apply(_ priority: WriterPriority) -> Bool {
        #if os(Linux)
        var parameters = sched_param(sched_priority: 0)
        let policy = priority == .background ? Self.schedIdle : Self.schedOther
        // With pid 0 this is the calling thread alone: Linux schedules threads as tasks.
        return sched_setscheduler(0, policy, &parameters) == 0
        #else
        return priority == .catchingUp
        #endif
    }

    /// Sets the calling thread's nice value (on Linux, PRIO_PROCESS with 0 is the calling
    /// thread only; see setpriority(2), "BUGS").
    @discardableResult
    private static func setNice(_ value: Int32) -> Bool {
        #if os(Linux)
        return setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, value) == 0
        #else
        return setpriority(PRIO_PROCESS, 0, value) == 0
        #endif
    }
}
