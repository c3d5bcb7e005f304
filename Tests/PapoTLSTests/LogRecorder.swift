import Logging
import NIOConcurrencyHelpers

/// Keeps what a `Logger` made from it logs, so tests can check what papod would have told the operator, and lets a
/// test wait for a particular entry instead of sleeping.
final class LogRecorder: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private struct State {
        var entries: [Entry] = []
        var waiters: [Waiter] = []
        var nextWaiterID = 0
    }

    private struct Waiter {
        let id: Int
        let predicate: @Sendable (Entry) -> Bool
        let continuation: CheckedContinuation<Entry, any Error>
    }

    private let state = NIOLockedValueBox(State())

    var logger: Logger {
        var logger = Logger(label: "papo.tls.test") { _ in RecordingLogHandler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    var entries: [Entry] {
        self.state.withLockedValue { $0.entries }
    }

    func entries(at level: Logger.Level) -> [Entry] {
        self.entries.filter { $0.level == level }
    }

    fileprivate func record(_ entry: Entry) {
        let ready = self.state.withLockedValue { state in
            state.entries.append(entry)
            var ready: [CheckedContinuation<Entry, any Error>] = []
            state.waiters.removeAll { waiter in
                guard waiter.predicate(entry) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        for continuation in ready {
            continuation.resume(returning: entry)
        }
    }

    /// The first entry, already logged or still to come, for which `predicate` holds. Callers bound the wait
    /// with `withTimeout`, whose cancellation ends it with `CancellationError`.
    func first(where predicate: @escaping @Sendable (Entry) -> Bool) async throws -> Entry {
        let id = self.state.withLockedValue { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let found = self.state.withLockedValue { state -> Entry? in
                    if let entry = state.entries.first(where: predicate) {
                        return entry
                    }
                    state.waiters.append(Waiter(id: id, predicate: predicate, continuation: continuation))
                    return nil
                }
                if let found {
                    continuation.resume(returning: found)
                } else if Task.isCancelled {
                    self.cancelWaiter(id)
                }
            }
        } onCancel: {
            self.cancelWaiter(id)
        }
    }

    private func cancelWaiter(_ id: Int) {
        let waiter = self.state.withLockedValue { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: CancellationError())
    }
}

/// The `LogHandler` behind `LogRecorder.logger`.
struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { _, new in new }
        self.recorder.record(
            LogRecorder.Entry(
                level: event.level,
                message: event.message.description,
                metadata: merged.mapValues { $0.description }
            )
        )
    }
}
