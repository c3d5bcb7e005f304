import PapoBenchCore
import Testing

@Suite("ProcessStat")
struct ProcessStatTests {
    @Test("utime plus stime, fields 14 and 15, counted after the command name")
    func ticks() {
        // A papod line from /proc, with utime 1234 and stime 56.
        let line = "4242 (papod) S 1 4242 4242 0 -1 4194560 2961 0 0 0 1234 56 0 0 20 0 9 0 123 1 2 3\n"
        #expect(ProcessStat.cpuTicks(statLine: line) == 1290)
    }

    @Test("a command name with spaces and parentheses does not shift the fields")
    func oddName() {
        let line = "7 (a) b (c) R 1 7 7 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 5 1 2 3"
        #expect(ProcessStat.cpuTicks(statLine: line) == 30)
    }

    @Test("text that is not a stat line gives nil", arguments: ["", "no parenthesis 1 2 3", "1 (x) S 1 2 3"])
    func notStat(line: String) {
        #expect(ProcessStat.cpuTicks(statLine: line) == nil)
    }
}
