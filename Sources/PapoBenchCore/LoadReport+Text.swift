import PapoCore
import Foundation

extension LoadReport {
    /// The report for people, a few lines in chatload's order.
    public var text: String {
        let options = self.options
        let pace =
            options.isFlatOut
            ? "flat out (window \(options.window == 0 ? "off" : String(options.window)))"
            : "at \(Self.number(options.rate)) msg/s each"
        var lines = [
            "papo-bench: \(options.host):\(options.ports.map(String.init).joined(separator: ",")), "
                + "\(options.clients) \(Self.plural(options.clients, "client")) in "
                + "\(options.rooms) \(Self.plural(options.rooms, "room")), "
                + "\(options.senders) \(Self.plural(options.senders, "sender")) \(pace), "
                + "\(options.payloadBytes)-byte payloads",
            String(
                format: "  connections: %d joined (of %d), %d failed to set up, %d lost after joining; "
                    + "set-up took %.2f s",
                self.connectionsUp, options.clients, self.connectFailures, self.connectionErrors, self.setupSeconds),
            String(
                format: "  sent %llu msgs in %.2f s (%.0f msg/s), %llu skipped",
                self.sent, self.sendSeconds, self.sentPerSecond, self.skipped),
            String(
                format: "  deliveries %llu of %llu expected (ratio %.4f); %.0f deliveries/s in the send window; "
                    + "drain %.2f s",
                self.deliveries, self.expected, self.ratio, self.deliveriesPerSecond, self.drainSeconds),
            String(
                format: "  latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f",
                self.latency.p50, self.latency.p90, self.latency.p99, self.latency.p999, self.latency.max),
            "  anomalies: echo-to-sender \(self.echoes), wrong-room \(self.wrongRoom), "
                + "out-of-order/dup \(self.reordered), invalid tokens \(self.invalid)"
                + (self.isOrderChecked ? "" : " (order not checked)"),
        ]
        if !options.isFlatOut {
            lines.append(String(format: "  pacing: max lag behind schedule %.1f ms", self.maxLagMilliseconds))
        }
        lines.append(String(format: "  generator cpu %.2f s during the send window", self.generatorCPUSeconds))
        if !self.serverCPUSeconds.isEmpty {
            let each = self.serverCPUSeconds.map { $0.map { Self.fixed($0, 2) } ?? "?" }
            lines.append(
                String(format: "  server cpu %.2f s during the send window", self.serverCPUSecondsTotal)
                    + " (pid \(options.serverProcessIDs.map(String.init).joined(separator: " + "))"
                    + " = \(each.joined(separator: " + ")))")
        }
        return lines.joined(separator: "\n")
    }

    /// The report as one JSON object on one line, written by `JSONEncoder`, keys sorted (a
    /// fixed order: the encoder keeps no other).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding numbers, strings and booleans cannot fail.
        return (try? encoder.encode(Fields(self))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The JSON line's fields; figures rounded as the text report shows them.
    private struct Fields: Encodable {
        let report: LoadReport

        init(_ report: LoadReport) {
            self.report = report
        }

        enum CodingKeys: String, CodingKey {
            case host, ports, clients, rooms, senders, rate, window, size
            case durationSeconds = "duration_s", up, connectFailures = "connect_failures"
            case connectionErrors = "connection_errors", setupSeconds = "setup_s", sent, skipped, deliveries, expected
            case ratio, deliveriesInWindow = "deliveries_in_window", dps, sps, drainSeconds = "drain_s"
            case p50 = "p50_us", p90 = "p90_us", p99 = "p99_us", p999 = "p999_us", max = "max_us"
            case echo, wrongRoom = "wrong_room", reorder, invalid, orderChecked = "order_checked"
            case lagMilliseconds = "lag_max_ms", generatorCPUSeconds = "gen_cpu_s", clean
            case serverCPUSeconds = "server_cpu_s", serverCPUSecondsEach = "server_cpu_s_each"
        }

        func encode(to encoder: any Encoder) throws {
            let report = self.report
            let options = report.options
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(options.host, forKey: .host)
            try container.encode(options.ports, forKey: .ports)
            try container.encode(options.clients, forKey: .clients)
            try container.encode(options.rooms, forKey: .rooms)
            try container.encode(options.senders, forKey: .senders)
            try container.encode(options.rate, forKey: .rate)
            try container.encode(options.window, forKey: .window)
            try container.encode(options.payloadBytes, forKey: .size)
            try container.encode(Self.rounded(report.sendSeconds, 3), forKey: .durationSeconds)
            try container.encode(report.connectionsUp, forKey: .up)
            try container.encode(report.connectFailures, forKey: .connectFailures)
            try container.encode(report.connectionErrors, forKey: .connectionErrors)
            try container.encode(Self.rounded(report.setupSeconds, 3), forKey: .setupSeconds)
            try container.encode(report.sent, forKey: .sent)
            try container.encode(report.skipped, forKey: .skipped)
            try container.encode(report.deliveries, forKey: .deliveries)
            try container.encode(report.expected, forKey: .expected)
            try container.encode(Self.rounded(report.ratio, 5), forKey: .ratio)
            try container.encode(report.deliveriesInWindow, forKey: .deliveriesInWindow)
            try container.encode(Self.whole(report.deliveriesPerSecond), forKey: .dps)
            try container.encode(Self.whole(report.sentPerSecond), forKey: .sps)
            try container.encode(Self.rounded(report.drainSeconds, 3), forKey: .drainSeconds)
            try container.encode(Self.rounded(report.latency.p50, 1), forKey: .p50)
            try container.encode(Self.rounded(report.latency.p90, 1), forKey: .p90)
            try container.encode(Self.rounded(report.latency.p99, 1), forKey: .p99)
            try container.encode(Self.rounded(report.latency.p999, 1), forKey: .p999)
            try container.encode(Self.rounded(report.latency.max, 1), forKey: .max)
            try container.encode(report.echoes, forKey: .echo)
            try container.encode(report.wrongRoom, forKey: .wrongRoom)
            try container.encode(report.reordered, forKey: .reorder)
            try container.encode(report.invalid, forKey: .invalid)
            try container.encode(report.isOrderChecked, forKey: .orderChecked)
            try container.encode(Self.rounded(report.maxLagMilliseconds, 2), forKey: .lagMilliseconds)
            try container.encode(Self.rounded(report.generatorCPUSeconds, 2), forKey: .generatorCPUSeconds)
            try container.encode(report.isClean, forKey: .clean)
            if !report.serverCPUSeconds.isEmpty {
                try container.encode(Self.rounded(report.serverCPUSecondsTotal, 2), forKey: .serverCPUSeconds)
                // A process that could not be read is null, not 0: it is unknown, not idle.
                try container.encode(
                    report.serverCPUSeconds.map { $0.map { Self.rounded($0, 2) } }, forKey: .serverCPUSecondsEach)
            }
        }

        /// `value` to `digits` decimals; 0 when it is not finite (JSON has no NaN).
        static func rounded(_ value: Double, _ digits: Int) -> Double {
            guard value.isFinite else { return 0 }
            let scale = pow(10, Double(digits))
            return (value * scale).rounded() / scale
        }

        static func whole(_ value: Double) -> Int64 {
            value.isFinite ? Int64(value.rounded()) : 0
        }
    }

    static func plural(_ count: Int, _ word: String) -> String { count == 1 ? word : word + "s" }

    /// A number as short as it can be: `50`, `0.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "0"
    }
}
