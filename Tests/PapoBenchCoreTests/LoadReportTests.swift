import Foundation
import PapoBenchCore
import Testing

@Suite("LoadReport")
struct LoadReportTests {
    let report = LoadReport(
        options: LoadOptions(clients: 100, rooms: 1, senders: 10), connectionsUp: 100, setupSeconds: 0.25,
        sendSeconds: 10, drainSeconds: 0.01, sent: 1000, deliveries: 99_000, expected: 99_000,
        deliveriesInWindow: 98_000, latency: LatencySummary(p50: 100, p90: 200, p99: 300, p999: 400, max: 500))

    @Test("ratio and rates follow from the counts")
    func derived() {
        #expect(self.report.ratio == 1)
        #expect(self.report.deliveriesPerSecond == 9800)
        #expect(self.report.sentPerSecond == 100)
        #expect(self.report.isClean)
    }

    @Test("a missing delivery, a lost client or an anomaly makes it unclean")
    func unclean() {
        var missing = self.report
        missing.deliveries -= 1
        #expect(!missing.isClean)
        #expect(missing.ratio < 1)
        var lost = self.report
        lost.connectionErrors = 1
        #expect(!lost.isClean)
        var echoed = self.report
        echoed.echoes = 1
        #expect(!echoed.isClean)
        #expect(echoed.anomalies == 1)
    }

    @Test("nothing expected and nothing delivered is ratio 1; deliveries with nothing expected are not")
    func nothingExpected() {
        #expect(LoadReport(options: LoadOptions()).ratio == 1)
        #expect(LoadReport(options: LoadOptions(), deliveries: 1).ratio == 0)
    }

    @Test("the text has chatload's lines and figures")
    func text() {
        let text = self.report.text
        #expect(text.contains("100 clients in 1 room, 10 senders flat out (window 128)"))
        #expect(text.contains("deliveries 99000 of 99000 expected (ratio 1.0000); 9800 deliveries/s in the send"))
        #expect(text.contains("latency us: p50 100.0  p90 200.0  p99 300.0  p99.9 400.0  max 500.0"))
        #expect(text.contains("anomalies: echo-to-sender 0, wrong-room 0, out-of-order/dup 0, invalid tokens 0"))
        #expect(!text.contains("pacing"))
        var paced = self.report
        paced.options.rate = 2.5
        #expect(paced.text.contains("10 senders at 2.5 msg/s each"))
        #expect(paced.text.contains("pacing: max lag behind schedule"))
    }

    @Test("the JSON line parses and carries the figures")
    func json() throws {
        var report = self.report
        report.options.host = "a\"b"
        let line = report.json
        #expect(!line.contains("\n"))
        // Keys sorted: the same order every time.
        #expect(line.hasPrefix(#"{"clean":true,"clients":100,"#))
        #expect(line.hasSuffix(#""wrong_room":0}"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["host"] as? String == "a\"b")
        #expect(object["dps"] as? Int == 9800)
        #expect(object["ratio"] as? Double == 1)
        #expect(object["expected"] as? Int == 99_000)
        #expect(object["p99_us"] as? Double == 300)
        #expect(object["clean"] as? Bool == true)
        #expect(object["reorder"] as? Int == 0)
    }

    @Test("server CPU: summed in the text, each process in the JSON, an unreadable one null and left out")
    func serverCPU() throws {
        var report = self.report
        report.options.ports = [7001, 7002]
        report.options.serverProcessIDs = [11, 12, 13]
        report.serverCPUSeconds = [1.5, nil, 2.25]
        #expect(report.serverCPUSecondsTotal == 3.75)
        #expect(report.text.contains("papo-bench: 127.0.0.1:7001,7002, 100 clients"))
        #expect(report.text.contains("server cpu 3.75 s during the send window (pid 11 + 12 + 13 = 1.50 + ? + 2.25)"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(object["ports"] as? [Int] == [7001, 7002])
        #expect(object["server_cpu_s"] as? Double == 3.75)
        let each = try #require(object["server_cpu_s_each"] as? [Any])
        #expect(each.count == 3)
        #expect(each[0] as? Double == 1.5 && each[1] is NSNull && each[2] as? Double == 2.25)
    }

    @Test("no server measured: no server line, no server keys")
    func noServerCPU() {
        #expect(!self.report.text.contains("server cpu"))
        #expect(!self.report.json.contains("server_cpu"))
    }
}
