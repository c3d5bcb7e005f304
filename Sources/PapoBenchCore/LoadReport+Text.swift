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
            "papo-bench: \(options.host):\(options.port), "
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
        return lines.joined(separator: "\n")
    }

    /// The report as one JSON object on one line, keys in a fixed order.
    public var json: String {
        let fields: [(String, String)] = [
            ("host", JSONValue.literal(self.options.host)),
            ("port", String(self.options.port)),
            ("clients", String(self.options.clients)),
            ("rooms", String(self.options.rooms)),
            ("senders", String(self.options.senders)),
            ("rate", Self.number(self.options.rate)),
            ("window", String(self.options.window)),
            ("size", String(self.options.payloadBytes)),
            ("duration_s", Self.fixed(self.sendSeconds, 3)),
            ("up", String(self.connectionsUp)),
            ("connect_failures", String(self.connectFailures)),
            ("connection_errors", String(self.connectionErrors)),
            ("setup_s", Self.fixed(self.setupSeconds, 3)),
            ("sent", String(self.sent)),
            ("skipped", String(self.skipped)),
            ("deliveries", String(self.deliveries)),
            ("expected", String(self.expected)),
            ("ratio", Self.fixed(self.ratio, 5)),
            ("deliveries_in_window", String(self.deliveriesInWindow)),
            ("dps", Self.fixed(self.deliveriesPerSecond, 0)),
            ("sps", Self.fixed(self.sentPerSecond, 0)),
            ("drain_s", Self.fixed(self.drainSeconds, 3)),
            ("p50_us", Self.fixed(self.latency.p50, 1)),
            ("p90_us", Self.fixed(self.latency.p90, 1)),
            ("p99_us", Self.fixed(self.latency.p99, 1)),
            ("p999_us", Self.fixed(self.latency.p999, 1)),
            ("max_us", Self.fixed(self.latency.max, 1)),
            ("echo", String(self.echoes)),
            ("wrong_room", String(self.wrongRoom)),
            ("reorder", String(self.reordered)),
            ("invalid", String(self.invalid)),
            ("order_checked", String(self.isOrderChecked)),
            ("lag_max_ms", Self.fixed(self.maxLagMilliseconds, 2)),
            ("gen_cpu_s", Self.fixed(self.generatorCPUSeconds, 2)),
            ("clean", String(self.isClean)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
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
