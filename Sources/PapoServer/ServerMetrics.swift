import CoreMetrics
import Foundation
import NIOConcurrencyHelpers
import PapoCore
import Prometheus
import Synchronization

/// papod's metrics in Prometheus's text format, through swift-metrics with swift-prometheus
/// as its backend.
///
/// Each server has its own registry and factory rather than the process-wide bootstrap, so
/// that every server in one process (the tests run many) reports only itself. The hot paths
/// keep counting in `ServerCounters`' atomics; a scrape carries what changed since the last
/// one into the metrics, so serving metrics costs the delivery path nothing.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let messagesIn: CoreMetrics.Counter
    private let deliveries: CoreMetrics.Counter
    private let bytesIn: CoreMetrics.Counter
    private let bytesOut: CoreMetrics.Counter
    private let storeQueue: CoreMetrics.Gauge
    private let storeBatches: CoreMetrics.Counter
    private let storeWriteSeconds: FloatingPointCounter
    private let storeFailures: CoreMetrics.Counter
    /// What each counter had reached at the last scrape.
    private let reported = NIOLockedValueBox(Snapshot())

    private struct Snapshot {
        var messagesIn = 0
        var deliveries = 0
        var bytesIn = 0
        var bytesOut = 0
        var closes: [String: Int] = [:]
        var store = StoreStatistics()
    }

    init() {
        self.factory = PrometheusMetricsFactory(registry: self.registry)
        self.messagesIn = CoreMetrics.Counter(label: "papo_messages_in_total", factory: self.factory)
        self.deliveries = CoreMetrics.Counter(label: "papo_deliveries_total", factory: self.factory)
        self.bytesIn = CoreMetrics.Counter(label: "papo_bytes_in_total", factory: self.factory)
        self.bytesOut = CoreMetrics.Counter(label: "papo_bytes_out_total", factory: self.factory)
        self.storeQueue = CoreMetrics.Gauge(label: "papo_store_queue_records", factory: self.factory)
        self.storeBatches = CoreMetrics.Counter(label: "papo_store_batches_written_total", factory: self.factory)
        self.storeWriteSeconds = FloatingPointCounter(label: "papo_store_write_seconds_total", factory: self.factory)
        self.storeFailures = CoreMetrics.Counter(label: "papo_store_failed_writes_total", factory: self.factory)
    }

    /// Why a connection closed, as one of few values (a label must not take free text).
    static func closeReason(_ reason: String) -> String {
        switch reason {
        case "connection closed": return "closed"
        case "connection reset": return "reset"
        case "send queue exceeded": return "send_queue"
        default: return "error"
        }
    }

    /// The text a scrape returns: the counters brought up to date, the gauges set now.
    func render(
        counters: ServerCounters, connectionsByDoor: [String: Int], store: StoreStatistics?
    ) -> [UInt8] {
        self.reported.withLockedValue { last in
            let now = Snapshot(
                messagesIn: counters.messagesIn.load(ordering: .relaxed),
                deliveries: counters.deliveries.load(ordering: .relaxed),
                bytesIn: counters.bytesIn.load(ordering: .relaxed), bytesOut: counters.bytesOut.load(ordering: .relaxed),
                closes: counters.closesByReason.withLockedValue { $0 }, store: store ?? last.store)
            self.messagesIn.increment(by: now.messagesIn - last.messagesIn)
            self.deliveries.increment(by: now.deliveries - last.deliveries)
            self.bytesIn.increment(by: now.bytesIn - last.bytesIn)
            self.bytesOut.increment(by: now.bytesOut - last.bytesOut)
            for (reason, count) in now.closes {
                CoreMetrics.Counter(label: "papo_connection_closes_total", dimensions: [("reason", reason)], factory: self.factory)
                    .increment(by: count - last.closes[reason, default: 0])
            }
            for (door, count) in connectionsByDoor {
                CoreMetrics.Gauge(label: "papo_connections", dimensions: [("door", door)], factory: self.factory).record(count)
            }
            for (slot, lag) in counters.loopLag.withLockedValue({ $0 }) {
                CoreMetrics.Gauge(label: "papo_event_loop_lag_seconds", dimensions: [("loop", "\(slot)")], factory: self.factory)
                    .record(lag)
            }
            if let store {
                self.storeQueue.record(store.queued)
                self.storeBatches.increment(by: store.batchesWritten - last.store.batchesWritten)
                self.storeWriteSeconds.increment(by: store.writeSeconds - last.store.writeSeconds)
                self.storeFailures.increment(by: store.failedWrites - last.store.failedWrites)
            }
            last = now
            return self.registry.emitToBuffer()
        }
    }
}
