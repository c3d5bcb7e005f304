/// A wait that took longer than its generous limit.
public struct TimeoutError: Error, CustomStringConvertible {
    public let what: String

    public init(what: String) {
        self.what = what
    }

    public var description: String { "timed out waiting for \(self.what)" }
}

/// Runs `operation`, failing with `TimeoutError` if it has not finished within `duration`.
public func withTimeout<T: Sendable>(
    _ duration: Duration,
    waitingFor what: String = "an operation",
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw TimeoutError(what: what)
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw TimeoutError(what: what) }
        return result
    }
}

/// Polls `condition` until it holds or `duration` passes: for waiting on another process's
/// output, which has no event to await.
public func waitUntil(
    _ what: String,
    timeout duration: Duration = .seconds(20),
    _ condition: () throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + duration
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw TimeoutError(what: what) }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// Polls an asynchronous `condition` (a query, a file another process writes) until it holds
/// or `duration` passes.
public func eventually(
    _ what: String,
    timeout duration: Duration = .seconds(20),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + duration
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TimeoutError(what: what) }
        try await Task.sleep(for: .milliseconds(50))
    }
}
