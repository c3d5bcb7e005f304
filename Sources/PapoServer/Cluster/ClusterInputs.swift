import NIOConcurrencyHelpers
import PapoCore

/// A clustered server's side of the log: its seat, the inputs waiting to be logged, the
/// operators waiting for their commands to come back, and how far the log has been applied.
final class ClusterInputs: Sendable {
    let seat: ClusterSeat
    let outbox = ChatLogOutbox()

    private struct OperatorRequest {
        let transport: TransportSnapshot
        let continuation: CheckedContinuation<OperatorResult, Never>
    }

    private struct Progress {
        var nextRequest: UInt64 = 1
        var operatorRequests: [UInt64: OperatorRequest] = [:]
        /// The last log entry applied.
        var applied: Int64 = 0
        var waiters: [(sequence: Int64, continuation: CheckedContinuation<Void, Never>)] = []
        /// This node's `nodeStopping` has been applied.
        var hasStopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let progress = NIOLockedValueBox(Progress())
    private let logReachable = NIOLockedValueBox(true)

    /// Whether the cluster's log was reachable at the last try.
    var isLogReachable: Bool {
        get { self.logReachable.withLockedValue { $0 } }
        set { self.logReachable.withLockedValue { $0 = newValue } }
    }

    init(seat: ClusterSeat) {
        self.seat = seat
    }

    /// Logs an operator's command and waits for it to be applied here (`answer`).
    func runOperatorCommand(_ line: String, transport: TransportSnapshot) async -> OperatorResult {
        await withCheckedContinuation { continuation in
            let request = self.progress.withLockedValue { progress in
                let request = progress.nextRequest
                progress.nextRequest += 1
                progress.operatorRequests[request] = OperatorRequest(transport: transport, continuation: continuation)
                return request
            }
            self.outbox.append(.operatorCommand(line, node: self.seat.node, request: request))
        }
    }

    /// The transport figures an operator's command `request` of this node was given, and
    /// how to answer it; nil for another node's command (or one already answered).
    func takeOperatorRequest(_ request: UInt64, of node: NodeNumber)
        -> (transport: TransportSnapshot, answer: @Sendable (OperatorResult) -> Void)?
    {
        guard node == self.seat.node,
            let waiting = self.progress.withLockedValue({ $0.operatorRequests.removeValue(forKey: request) })
        else { return nil }
        return (waiting.transport, { waiting.continuation.resume(returning: $0) })
    }

    var appliedSequence: Int64 { self.progress.withLockedValue { $0.applied } }

    func noteApplied(through sequence: Int64) {
        let ready = self.progress.withLockedValue { progress in
            progress.applied = max(progress.applied, sequence)
            let ready = progress.waiters.filter { $0.sequence <= sequence }
            progress.waiters.removeAll { $0.sequence <= sequence }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    func noteStopped() {
        let waiters = self.progress.withLockedValue { progress in
            progress.hasStopped = true
            defer { progress.stopWaiters = [] }
            return progress.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once this node's `nodeStopping` has been applied, or the task is cancelled (the
    /// log may be unreachable: a stopping node waits for it only so long).
    func waitUntilStopped() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = self.progress.withLockedValue { progress in
                    if !progress.hasStopped && !Task.isCancelled { progress.stopWaiters.append(continuation) }
                    return progress.hasStopped || Task.isCancelled
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiters = self.progress.withLockedValue { progress in
                defer { progress.stopWaiters = [] }
                return progress.stopWaiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Returns once the log has been applied through `sequence`.
    func waitUntilApplied(_ sequence: Int64) async {
        await withCheckedContinuation { continuation in
            let isApplied = self.progress.withLockedValue { progress in
                if progress.applied >= sequence { return true }
                progress.waiters.append((sequence, continuation))
                return false
            }
            if isApplied { continuation.resume() }
        }
    }
}
