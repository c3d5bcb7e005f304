import Foundation
import PapoCore

/// What every store is told besides where its database is: what it keeps, and how its writer
/// batches, retries and prunes (`StoreWriter`).
public struct StoreSettings: Sendable {
    public var recording: RecordingSettings
    /// Longest wait before queued records are written.
    public var flushInterval: TimeInterval
    /// Queued records that are written without waiting for the interval.
    public var batchSize: Int
    /// Records kept queued while the database cannot be written.
    public var maxQueuedRecords: Int
    /// Wait before retrying a failed write.
    public var retryInterval: TimeInterval
    /// How often transcript rows older than `recording.historyDays` are deleted.
    public var pruneInterval: TimeInterval
    /// The most audit entries read back at startup.
    public var auditCapacity: Int
    /// When the writer leaves idle-only CPU time to catch up (see `WriterPriority`).
    public var catchUp: WriterPriority.Policy
    public var now: @Sendable () -> Date

    public init(
        recording: RecordingSettings = RecordingSettings(),
        flushInterval: TimeInterval = 0.25,
        batchSize: Int = 1000,
        maxQueuedRecords: Int = 200_000,
        retryInterval: TimeInterval = 1,
        pruneInterval: TimeInterval = 3600,
        auditCapacity: Int = 10_000,
        catchUp: WriterPriority.Policy = WriterPriority.Policy(catchUpRecords: 4000, catchUpWait: .seconds(1)),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.recording = recording
        self.flushInterval = flushInterval
        self.batchSize = batchSize
        self.maxQueuedRecords = maxQueuedRecords
        self.retryInterval = retryInterval
        self.pruneInterval = pruneInterval
        self.auditCapacity = auditCapacity
        self.catchUp = catchUp
        self.now = now
    }

    /// The writer's part.
    var writer: StoreWriter.Settings {
        StoreWriter.Settings(
            flushInterval: self.flushInterval, batchSize: self.batchSize, maxQueuedRecords: self.maxQueuedRecords,
            retryInterval: self.retryInterval, pruneInterval: self.pruneInterval, catchUp: self.catchUp, now: self.now)
    }
}
