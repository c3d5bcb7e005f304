/// How the store's writer thread competes for the CPU.
///
/// Writing the transcript is background work that must never delay a chat line. At nice 10
/// the writer still holds a core for its slice once it has it, and a waking event loop queues
/// behind it: in 200 rooms of ten that showed as doubled p99.9 delivery latency. As Linux's
/// `SCHED_IDLE` it runs only on CPU time no other thread wants, and a waking loop takes the
/// core from it at once. Idle time can run out when papod is saturated, so a writer that has
/// fallen behind takes a share of a busy CPU (nice 10) until it has caught up, and its queue
/// stays bounded by how fast it can write rather than by how idle the machine is.
public enum WriterPriority: String, Sendable, Equatable {
    /// Only otherwise idle CPU time (`SCHED_IDLE`).
    case background
    /// A small share of a busy CPU (`SCHED_OTHER`, nice 10).
    case catchingUp

    /// When the writer changes priority; pure, so that it is tested without threads.
    public struct Policy: Sendable, Equatable {
        /// A batch this large means the writer fell behind: it could not take what was queued
        /// for several intervals.
        public var catchUpRecords: Int
        /// Records that waited this long (from queueing to being taken) mean the same.
        public var catchUpWait: Duration

        public init(catchUpRecords: Int, catchUpWait: Duration) {
            self.catchUpRecords = catchUpRecords
            self.catchUpWait = catchUpWait
        }

        /// The priority for the writer's next round, after it took `batchCount` records whose
        /// oldest had waited `oldestWaited`.
        public func next(after batchCount: Int, oldestWaited: Duration, current: WriterPriority) -> WriterPriority {
            if batchCount >= self.catchUpRecords || oldestWaited >= self.catchUpWait {
                return .catchingUp
            }
            // Back to idle time only once a batch is well inside both bounds, so that a writer
            // just keeping up does not switch every round.
            if current == .catchingUp
                && (batchCount * 2 >= self.catchUpRecords || oldestWaited * 2 >= self.catchUpWait)
            {
                return .catchingUp
            }
            return .background
        }
    }
}
