import Foundation
import Logging
import PapoCore

/// The writer between the chat and a database, the same for every store: the chat hands records
/// over with `enqueue`, a lock and an append; a thread of the writer's own takes what is queued
/// every `flushInterval` (or sooner when `batchSize` records wait) and writes it in one
/// transaction, so no event loop and no chat lock ever waits on the database.
///
/// When the database cannot be written (read-only, disk full, unreachable) the batch is kept
/// and retried; the operator is told once per outage, and again when writes resume. The queue
/// is bounded: past `maxQueuedRecords` the oldest transcript and presence records are dropped
/// (and counted); bans, grants, settings and audit entries are kept.
final class StoreWriter: Sendable {
    struct Settings: Sendable {
        var flushInterval: TimeInterval
        var batchSize: Int
        var maxQueuedRecords: Int
        var retryInterval: TimeInterval
        var pruneInterval: TimeInterval
        var catchUp: WriterPriority.Policy
        var now: @Sendable () -> Date
    }

    /// What the writer does with the database: its store gives these.
    struct Database: Sendable {
        /// Writes one batch in one transaction, in the batch's order.
        var write: @Sendable ([StoreRecord]) throws -> Void
        /// Deletes what the history no longer keeps.
        var prune: @Sendable () throws -> Void
        /// An error as the operator reads it.
        var describe: @Sendable (any Error) -> String
        /// Names the database in log lines (`store.path`, `store.database`).
        var metadata: Logger.Metadata
    }

    let settings: Settings
    private let database: Database
    private let logger: Logger
    private let queue = WriteQueue()
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the writer thread.
    init(settings: Settings, database: Database, logger: Logger) {
        self.settings = settings
        self.database = database
        self.logger = logger
        let thread = Thread { [self] in self.writeLoop() }
        thread.start()
    }

    func enqueue(_ records: [StoreRecord]) {
        guard !records.isEmpty else { return }
        self.queue.append(records, batchSize: self.settings.batchSize)
    }

    /// Writes what is queued and stops the writer. Later records are dropped.
    func close() {
        guard self.queue.stop() else { return }
        self.finished.wait()
    }

    var isFailing: Bool { self.queue.withLock { $0.isFailing } }
    var failedWrites: Int { self.queue.withLock { $0.failedWrites } }
    /// Records not yet written: waiting, or in the batch being written.
    var queuedCount: Int { self.queue.withLock { $0.pending.count + $0.inFlight } }
    var writerPriority: WriterPriority { self.queue.withLock { $0.writerPriority } }
    var writerThreadID: Int32? { self.queue.withLock { $0.writerThreadID } }

    var statistics: StoreStatistics {
        self.queue.withLock {
            StoreStatistics(
                queued: $0.pending.count + $0.inFlight, batchesWritten: $0.batchesWritten, writeSeconds: $0.writeSeconds,
                failedWrites: $0.failedWrites)
        }
    }

    private func writeLoop() {
        WriterThread.setName("papo-store")
        // Idle-only time where the writer may leave it again; nice 10 throughout otherwise.
        let mayUseIdleTime = WriterThread.prepare()
        var priority = WriterPriority.catchingUp
        if mayUseIdleTime {
            priority = self.setWriterPriority(.background, from: priority)
        }
        // Published once the thread is set up: read during `prepare` it would show its trial
        // step to nice 9.
        self.queue.withLock { $0.writerThreadID = WriterThread.id }
        var nextPrune = self.settings.now().addingTimeInterval(self.settings.pruneInterval)
        var lostOnStop = 0
        while true {
            let (batch, isStopping, queuedAt) = self.queue.take(
                flushInterval: self.settings.flushInterval, retryInterval: self.settings.retryInterval,
                batchSize: self.settings.batchSize)
            if mayUseIdleTime {
                let waited = queuedAt.map { ContinuousClock.now - $0 } ?? .zero
                let next = self.settings.catchUp.next(after: batch.count, oldestWaited: waited, current: priority)
                priority = self.setWriterPriority(next, from: priority)
            }
            if !batch.isEmpty {
                do {
                    let started = ContinuousClock.now
                    try self.database.write(batch)
                    let took = ContinuousClock.now - started
                    self.queue.withLock {
                        $0.inFlight = 0
                        $0.batchesWritten += 1
                        $0.writeSeconds += Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
                    }
                    self.noteSuccess()
                } catch {
                    self.noteFailure(error, batch: batch, queuedAt: queuedAt)
                    if isStopping {
                        lostOnStop = self.queue.withLock { state in
                            defer { state.pending = [] }
                            return state.pending.count
                        }
                    }
                }
            }
            let now = self.settings.now()
            if now >= nextPrune {
                nextPrune = now.addingTimeInterval(self.settings.pruneInterval)
                try? self.database.prune()
            }
            if isStopping && self.queue.withLock({ $0.pending.isEmpty }) { break }
        }
        if lostOnStop > 0 {
            self.logger.error(
                "papod stops with \(lostOnStop) records it could not write to the database",
                metadata: self.database.metadata)
        }
        self.finished.signal()
    }

    /// Puts the writer thread (the caller) at `priority`; returns the priority it has after.
    private func setWriterPriority(_ priority: WriterPriority, from current: WriterPriority) -> WriterPriority {
        guard priority != current else { return current }
        guard WriterThread.apply(priority) else {
            self.logger.debug("the store writer's priority could not be changed", metadata: ["store.priority": "\(priority)"])
            return current
        }
        self.queue.withLock { $0.writerPriority = priority }
        return priority
    }

    private func noteSuccess() {
        let recovered = self.queue.withLock { state -> (dropped: Int, wasFailing: Bool) in
            defer {
                state.isFailing = false
                state.dropped = 0
            }
            return (state.dropped, state.isFailing)
        }
        if recovered.wasFailing {
            let lost = recovered.dropped > 0 ? "; \(recovered.dropped) older records were dropped meanwhile" : ""
            self.logger.warning("database writes resumed\(lost)", metadata: self.database.metadata)
        }
    }

    private func noteFailure(_ error: any Error, batch: [StoreRecord], queuedAt: ContinuousClock.Instant?) {
        let bound = self.settings.maxQueuedRecords
        let (isNewOutage, beganDropping) = self.queue.requeue(batch, queuedAt: queuedAt, bound: bound)
        if isNewOutage {
            self.logger.error(
                "cannot write the database: \(self.database.describe(error)); chat goes on, records are kept in memory (at most \(bound)) and retried",
                metadata: self.database.metadata)
        }
        if beganDropping {
            self.logger.warning(
                "the database is still not writable and \(bound) records wait: the oldest transcript lines are being dropped",
                metadata: self.database.metadata)
        }
    }
}

/// The queue between the chat and the writer thread.
final class WriteQueue: @unchecked Sendable {
    struct State {
        var pending: [StoreRecord] = []
        /// Records taken by the writer and not yet written (or put back).
        var inFlight = 0
        var isStopping = false
        var isFailing = false
        /// Records dropped during the current outage.
        var dropped = 0
        var failedWrites = 0
        var batchesWritten = 0
        var writeSeconds = 0.0
        /// When the oldest record in `pending` was queued.
        var oldestQueuedAt: ContinuousClock.Instant?
        var writerPriority = WriterPriority.catchingUp
        var writerThreadID: Int32?
    }

    // Guards `state`; @unchecked Sendable because every access holds it.
    private let condition = NSCondition()
    private var state = State()

    func withLock<T>(_ body: (inout State) -> T) -> T {
        self.condition.lock()
        defer { self.condition.unlock() }
        return body(&self.state)
    }

    /// Called under the chat lock: an append, and a wake-up only when the writer has work.
    func append(_ records: [StoreRecord], batchSize: Int) {
        self.condition.lock()
        guard !self.state.isStopping else {
            self.condition.unlock()
            return
        }
        let wasEmpty = self.state.pending.isEmpty
        if wasEmpty {
            self.state.oldestQueuedAt = ContinuousClock.now
        }
        self.state.pending.append(contentsOf: records)
        let isFull = self.state.pending.count >= batchSize
        self.condition.unlock()
        if wasEmpty || isFull {
            self.condition.signal()
        }
    }

    /// Waits until there is something to write and it is time, then takes it all; says too
    /// whether the writer is to stop, and when the oldest record taken was queued.
    func take(
        flushInterval: TimeInterval, retryInterval: TimeInterval, batchSize: Int
    ) -> ([StoreRecord], isStopping: Bool, queuedAt: ContinuousClock.Instant?) {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.state.pending.isEmpty && !self.state.isStopping {
            // Wakes now and then even when idle, so pruning runs.
            _ = self.condition.wait(until: Date().addingTimeInterval(60))
        }
        let deadline = Date().addingTimeInterval(self.state.isFailing ? retryInterval : flushInterval)
        while !self.state.isStopping && (self.state.isFailing || self.state.pending.count < batchSize) {
            if !self.condition.wait(until: deadline) { break }
        }
        defer {
            self.state.inFlight = self.state.pending.count
            self.state.pending = []
            self.state.oldestQueuedAt = nil
        }
        return (self.state.pending, self.state.isStopping, self.state.oldestQueuedAt)
    }

    /// Puts a batch that could not be written back in front, dropping the oldest transcript and
    /// presence records beyond `bound`. Says whether this begins an outage, and whether it
    /// is the outage's first drop.
    func requeue(
        _ batch: [StoreRecord], queuedAt: ContinuousClock.Instant?, bound: Int
    ) -> (isNewOutage: Bool, beganDropping: Bool) {
        self.condition.lock()
        defer { self.condition.unlock() }
        if let queuedAt {
            self.state.oldestQueuedAt = queuedAt
        }
        let isNew = !self.state.isFailing
        let droppedBefore = self.state.dropped
        self.state.inFlight = 0
        self.state.isFailing = true
        self.state.failedWrites += 1
        var all = batch + self.state.pending
        var excess = all.count - bound
        if excess > 0 {
            // Bans, grants, settings and audit are small and matter more: drop chat first.
            all.removeAll { record in
                guard excess > 0 else { return false }
                switch record {
                case .transcript, .presence:
                    excess -= 1
                    self.state.dropped += 1
                    return true
                default:
                    return false
                }
            }
            if excess > 0 {
                all.removeFirst(excess)
                self.state.dropped += excess
            }
        }
        self.state.pending = all
        return (isNew, droppedBefore == 0 && self.state.dropped > 0)
    }

    /// Asks the writer to write what is queued and stop; false if already asked.
    func stop() -> Bool {
        self.condition.lock()
        let wasStopping = self.state.isStopping
        self.state.isStopping = true
        self.condition.unlock()
        self.condition.broadcast()
        return !wasStopping
    }
}
