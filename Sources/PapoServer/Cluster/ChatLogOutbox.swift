import NIOConcurrencyHelpers
import PapoCore

/// A clustered node's inputs waiting to be logged, in the order they happened. The cluster's
/// appender takes them in batches (one transaction each); while the database is unreachable
/// they wait here, up to `capacity`, beyond which the oldest chat lines are dropped first
/// (counted): arrivals, departures and moderation are never dropped.
public final class ChatLogOutbox: Sendable {
    public let capacity: Int

    private struct State {
        var inputs: [ChatInput] = []
        var waiter: CheckedContinuation<Void, Never>?
        var droppedLines = 0
    }

    private let state = NIOLockedValueBox(State())

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// How many chat lines were dropped because the outbox was full.
    public var droppedLines: Int { self.state.withLockedValue { $0.droppedLines } }

    public var count: Int { self.state.withLockedValue { $0.inputs.count } }

    public func append(_ input: ChatInput) {
        let waiter = self.state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            state.inputs.append(input)
            if state.inputs.count > self.capacity, let line = state.inputs.firstIndex(where: Self.isChatLine) {
                state.inputs.remove(at: line)
                state.droppedLines += 1
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Up to `limit` inputs, oldest first, waiting until there is one (or the task is cancelled:
    /// then whatever there is, perhaps nothing).
    public func next(limit: Int) async -> [ChatInput] {
        while !Task.isCancelled {
            let batch = self.take(limit: limit)
            if !batch.isEmpty { return batch }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLockedValue { state -> Bool in
                        if !state.inputs.isEmpty || state.waiter != nil { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                self.state.withLockedValue { state in
                    defer { state.waiter = nil }
                    return state.waiter
                }?.resume()
            }
        }
        return self.take(limit: limit)
    }

    /// Puts a batch that could not be logged back in front, to be tried again.
    public func putBack(_ batch: [ChatInput]) {
        self.state.withLockedValue { state in
            state.inputs.insert(contentsOf: batch, at: 0)
            while state.inputs.count > self.capacity, let line = state.inputs.firstIndex(where: Self.isChatLine) {
                state.inputs.remove(at: line)
                state.droppedLines += 1
            }
        }
    }

    public func take(limit: Int) -> [ChatInput] {
        self.state.withLockedValue { state in
            let count = min(limit, state.inputs.count)
            defer { state.inputs.removeFirst(count) }
            return Array(state.inputs.prefix(count))
        }
    }

    /// What may be dropped: something said, not a command (a `/kick` or `/msg papo` is kept).
    private static func isChatLine(_ input: ChatInput) -> Bool {
        guard case .receive(let message, _, _) = input else { return false }
        switch message {
        case .line(let text, _): return !text.hasPrefix("/")
        case .frame(let payload): return !payload.contains("/")
        case .irc(let message):
            return (message.command == "PRIVMSG" || message.command == "NOTICE")
                && message.parameters.first?.hasPrefix("#") == true
        case .bareDisconnect: return false
        }
    }
}
