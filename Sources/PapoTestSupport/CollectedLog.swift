import Logging
import NIOConcurrencyHelpers

/// Log lines kept in memory, to check what the operator is told.
public final class CollectedLog: Sendable {
    private let entries = NIOLockedValueBox<[(level: Logger.Level, message: String)]>([])

    public init() {}

    /// A logger whose every line lands here.
    public var logger: Logger {
        Logger(label: "test") { _ in CollectingLogHandler(log: self) }
    }

    /// Every line as `level message`.
    public var lines: [String] {
        self.entries.withLockedValue { $0.map { "\($0.level) \($0.message)" } }
    }

    /// The messages at `level` or above.
    public func messages(atLeast level: Logger.Level) -> [String] {
        self.entries.withLockedValue { $0.filter { $0.level >= level }.map(\.message) }
    }

    func append(_ level: Logger.Level, _ message: String) {
        self.entries.withLockedValue { $0.append((level, message)) }
    }
}

struct CollectingLogHandler: LogHandler {
    let log: CollectedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        self.log.append(event.level, "\(event.message)")
    }
}
