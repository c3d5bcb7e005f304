import NIOConcurrencyHelpers

/// Thrown by `withTimeout` when the operation has not finished in time.
struct TimeoutError: Error, CustomStringConvertible {
    let seconds: Int
    var description: String { "timed out after \(self.seconds) s" }
}

/// Runs `operation` and fails if it takes longer than `seconds`: the bound on every wait in these tests. It is
/// generous because the machine is shared; a passing test never waits for it. On timeout the operation is
/// cancelled but not waited for, so even an await that ignores cancellation (a task's `value`) cannot hang a test.
func withTimeout<T: Sendable>(
    seconds: Int = 30,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = TimeoutRace<T>()
    let work = Task {
        do {
            race.finish(.success(try await operation()))
        } catch {
            race.finish(.failure(error))
        }
    }
    let timer = Task {
        try await Task.sleep(for: .seconds(seconds))
        work.cancel()
        race.finish(.failure(TimeoutError(seconds: seconds)))
    }
    defer { timer.cancel() }
    return try await withCheckedThrowingContinuation { continuation in
        race.wait(continuation)
    }
}

/// The first of the operation and the timer to finish decides `withTimeout`'s result.
private final class TimeoutRace<T: Sendable>: Sendable {
    private enum State {
        case running
        case waiting(CheckedContinuation<T, any Error>)
        case finished(Result<T, any Error>)
        case resumed
    }

    private let state = NIOLockedValueBox(State.running)

    func finish(_ result: Result<T, any Error>) {
        let continuation = self.state.withLockedValue { state -> CheckedContinuation<T, any Error>? in
            switch state {
            case .running:
                state = .finished(result)
                return nil
            case .waiting(let continuation):
                state = .resumed
                return continuation
            case .finished, .resumed:
                return nil
            }
        }
        continuation?.resume(with: result)
    }

    func wait(_ continuation: CheckedContinuation<T, any Error>) {
        let result = self.state.withLockedValue { state -> Result<T, any Error>? in
            switch state {
            case .running:
                state = .waiting(continuation)
                return nil
            case .finished(let result):
                state = .resumed
                return result
            case .waiting, .resumed:
                return nil
            }
        }
        if let result {
            continuation.resume(with: result)
        }
    }
}
