import Foundation
import Logging
import NIOConcurrencyHelpers

/// The log level papod runs at, changeable while it runs (`log-level debug`).
final class LogLevelSetting: Sendable {
    private let level: NIOLockedValueBox<Logger.Level>

    init(_ level: Logger.Level) {
        self.level = NIOLockedValueBox(level)
    }

    var current: Logger.Level {
        get { self.level.withLockedValue { $0 } }
        set { self.level.withLockedValue { $0 = newValue } }
    }
}

/// Formats log lines like swift-log's stream handler and hands them to a sink: standard error,
/// or the operator console, which prints them above its prompt.
struct PapodLogHandler: LogHandler {
    let label: String
    let setting: LogLevelSetting
    let sink: @Sendable (String) -> Void
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    var logLevel: Logger.Level {
        get { self.setting.current }
        set { self.setting.current = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let metadata = event.metadata { merged.merge(metadata) { $1 } }
        let metadataText = merged.isEmpty
            ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = Date().formatted(.iso8601)
        self.sink("\(time) \(event.level) \(self.label): \(event.message)\(metadataText)")
    }

    /// Writes one line to standard error.
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
