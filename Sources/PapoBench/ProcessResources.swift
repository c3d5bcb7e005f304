import PapoBenchCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the operating system says about this process, and about the servers it measures.
public enum ProcessResources {
    /// User plus system CPU seconds this process has used.
    public static var cpuSeconds: Double {
        var usage = rusage()
        guard getrusage(Self.selfUsage, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// User plus system CPU seconds process `id` has used, from /proc/PID/stat; nil when it
    /// cannot be read (no such process, or no /proc).
    public static func cpuSeconds(ofProcess id: Int) -> Double? {
        let descriptor = open("/proc/\(id)/stat", O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // A stat line is some 300 bytes; the command name in it is at most 64.
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0, let ticks = ProcessStat.cpuTicks(statLine: String(decoding: bytes[..<count], as: UTF8.self))
        else { return nil }
        let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))
        return ticksPerSecond > 0 ? Double(ticks) / Double(ticksPerSecond) : nil
    }

    /// Raises the open-file limit to at least `count` descriptors if the hard limit allows;
    /// returns the soft limit in force afterwards.
    @discardableResult
    public static func raiseFileLimit(toAtLeast count: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Self.nofile, &limit) == 0 else { return 0 }
        let wanted = rlim_t(count)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = Swift.min(Swift.max(wanted, limit.rlim_cur), limit.rlim_max)
            _ = setrlimit(Self.nofile, &limit)
            _ = getrlimit(Self.nofile, &limit)
        }
        return limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }

    #if canImport(Glibc)
    private static let nofile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    private static let selfUsage = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    private static let nofile = RLIMIT_NOFILE
    private static let selfUsage = RUSAGE_SELF
    #endif
}
