import Foundation

/// Encodes and decodes control messages as single JSON lines.
public enum ControlCodec {
    /// Requests and responses are small; anything longer is refused.
    public static let maxLineBytes = 1 << 20

    public static func encodeLine<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public static func decode<T: Decodable>(_ type: T.Type, from line: Data) throws -> T {
        try JSONDecoder().decode(type, from: line)
    }

    /// The default socket path: `$PAPOD_CONTROL_SOCKET`, else `papod.sock` in `./papo-data`.
    public static func defaultSocketPath(environment: [String: String]) -> String {
        if let path = environment["PAPOD_CONTROL_SOCKET"], !path.isEmpty { return path }
        return "./papo-data/papod.sock"
    }
}
