import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// How a service of papod's waits to be stopped: `begin` runs once, on graceful shutdown or
/// cancellation (or whenever the service calls the returned trigger itself), and the wait ends
/// when `stopped` completes.
enum ShutdownWait {
    /// A trigger that runs `begin` the first time only.
    static func once(_ begin: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let hasBegun = NIOLockedValueBox(false)
        return {
            guard hasBegun.withLockedValue({ begun in defer { begun = true }; return !begun }) else { return }
            begin()
        }
    }

    /// Waits for `stopped`, calling `stop` on graceful shutdown or task cancellation.
    static func wait(for stopped: EventLoopFuture<Void>, stop: @escaping @Sendable () -> Void) async {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await stopped.get()
            } onCancel: {
                stop()
            }
        } onGracefulShutdown: {
            stop()
        }
    }
}
