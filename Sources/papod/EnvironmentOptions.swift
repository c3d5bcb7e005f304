import ArgumentParser
import Logging

/// Reads option fallbacks from `PAPOD_*` environment variables; a malformed value is an error,
/// not silently ignored.
struct EnvironmentOptions {
    let environment: [String: String]

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    func string(_ name: String) -> String? {
        guard let value = self.environment[name], !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String) throws -> Int? {
        guard let value = self.string(name) else { return nil }
        guard let number = Int(value) else {
            throw ValidationError("\(name) must be a whole number, not \"\(value)\"")
        }
        return number
    }

    func double(_ name: String) throws -> Double? {
        guard let value = self.string(name) else { return nil }
        guard let number = Double(value), number.isFinite else {
            throw ValidationError("\(name) must be a number, not \"\(value)\"")
        }
        return number
    }

    /// `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off`.
    func bool(_ name: String) throws -> Bool? {
        guard let value = self.string(name) else { return nil }
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ValidationError("\(name) must be 1 or 0 (true or false), not \"\(value)\"")
        }
    }

    /// One of an enumeration's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, of _: Choice.Type) throws -> Choice?
    where Choice.RawValue == String {
        guard let value = self.string(name) else { return nil }
        guard let choice = Choice(rawValue: value.lowercased()) else {
            throw ValidationError("\(name) must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return choice
    }

    func logLevel(_ name: String) throws -> Logger.Level? {
        try self.choice(name, of: Logger.Level.self)
    }
}
