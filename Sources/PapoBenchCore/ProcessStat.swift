/// The CPU time in a line of Linux's /proc/PID/stat. The second field is the command name in
/// parentheses, which may itself hold spaces and parentheses, so the fields are counted from
/// the last `)`: utime and stime are fields 14 and 15 (proc(5)), in clock ticks.
public enum ProcessStat {
    /// User plus system time in clock ticks, or nil when `line` is not a stat line.
    public static func cpuTicks(statLine line: String) -> UInt64? {
        guard let close = line.lastIndex(of: ")") else { return nil }
        // After the name come field 3 (state) onwards; utime is field 14, the 12th of them.
        let fields = line[line.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 13, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else {
            return nil
        }
        return user + system
    }
}
