import Foundation

/// Runs blocking database work (a connection's `wait()`, a semaphore) on a thread of its own,
/// so that an async caller never holds one of Swift's few cooperative threads while it waits:
/// on a 2-core machine two such waits would stall every task, the ones they wait for too.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}
