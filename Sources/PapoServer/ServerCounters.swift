import Foundation
import PapoCore
import NIOConcurrencyHelpers
import Synchronization

/// Traffic counters updated from every event loop without taking the chat lock.
final class ServerCounters: Sendable {
    let bytesIn = Atomic<Int>(0)
    let bytesOut = Atomic<Int>(0)
    let messagesIn = Atomic<Int>(0)
    /// Lines handed to connections (one per line and recipient).
    let deliveries = Atomic<Int>(0)
    /// Connections closed, by why (see `ServerMetrics.closeReason`).
    let closesByReason = NIOLockedValueBox<[String: Int]>([:])
    /// How late each loop ran a task queued on the last tick, in seconds, by loop slot.
    let loopLag = NIOLockedValueBox<[Int: Double]>([:])
    /// Batches written to connections' pipelines (see `LoopWriter`).
    let writes = Atomic<Int>(0)
    /// Batches sent straight to sockets (`DirectSender`, opt-in), and the io_uring system
    /// calls that carried them.
    let directWrites = Atomic<Int>(0)
    let sendBatches = Atomic<Int>(0)
    /// Times a quiet TLS connection's buffer pages were handed back to the system (`QuietPages`).
    let quietPageReleases = Atomic<Int>(0)
    let startedAt: Date

    /// Recent samples, for rates over the last few seconds.
    private let samples = NIOLockedValueBox<[Sample]>([])

    struct Sample {
        let at: Date
        let messagesIn: Int
        let bytesIn: Int
        let bytesOut: Int
    }

    static let rateWindow: TimeInterval = 10

    init(startedAt: Date) {
        self.startedAt = startedAt
    }

    /// Records the counters now; called from the server's tick.
    func sample(at now: Date) {
        let sample = self.current(at: now)
        self.samples.withLockedValue { samples in
            samples.append(sample)
            samples.removeAll { now.timeIntervalSince($0.at) > Self.rateWindow }
        }
    }

    private func current(at now: Date) -> Sample {
        Sample(
            at: now, messagesIn: self.messagesIn.load(ordering: .relaxed), bytesIn: self.bytesIn.load(ordering: .relaxed),
            bytesOut: self.bytesOut.load(ordering: .relaxed))
    }

    /// Counters and rates, with the connection figures the chat lock guards filled in by the caller.
    func statistics(at now: Date) -> ServerStatistics {
        let latest = self.current(at: now)
        var statistics = ServerStatistics()
        statistics.startedAt = self.startedAt
        statistics.messagesIn = latest.messagesIn
        statistics.bytesIn = latest.bytesIn
        statistics.bytesOut = latest.bytesOut
        statistics.writes = self.writes.load(ordering: .relaxed)
        statistics.directWrites = self.directWrites.load(ordering: .relaxed)
        statistics.sendBatches = self.sendBatches.load(ordering: .relaxed)
        if let oldest = self.samples.withLockedValue({ $0.first }), now.timeIntervalSince(oldest.at) > 0 {
            let seconds = now.timeIntervalSince(oldest.at)
            statistics.messagesInRate = Double(latest.messagesIn - oldest.messagesIn) / seconds
            statistics.bytesInRate = Double(latest.bytesIn - oldest.bytesIn) / seconds
            statistics.bytesOutRate = Double(latest.bytesOut - oldest.bytesOut) / seconds
        }
        statistics.residentBytes = Self.residentBytes()
        return statistics
    }

    /// Resident set size from /proc/self/statm (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
