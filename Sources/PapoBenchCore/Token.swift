/// The mark every chat message carries: `T<sender>:<sequence>:<sent ns>`, the scheme of the
/// shared harness's chatload, so that both generators count the same way. `sentAt` is on the
/// monotonic clock of the generator's host.
public struct Token: Equatable, Sendable {
    public var sender: UInt64
    public var sequence: UInt64
    public var sentAt: UInt64

    public init(sender: UInt64, sequence: UInt64, sentAt: UInt64) {
        self.sender = sender
        self.sequence = sequence
        self.sentAt = sentAt
    }

    /// `T<sender>:<sequence>:<sentAt>`, as bytes appended to `bytes`.
    @inlinable
    public func append(to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "T"))
        Self.appendDecimal(self.sender, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendDecimal(self.sequence, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendDecimal(self.sentAt, to: &bytes)
    }

    /// The length of `append(to:)`'s output.
    @inlinable
    public var renderedCount: Int {
        3 + Self.decimalCount(self.sender) + Self.decimalCount(self.sequence) + Self.decimalCount(self.sentAt)
    }

    /// The text form, for tests and messages.
    public var rendered: String {
        var bytes: [UInt8] = []
        self.append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decimal digits without a String: this runs for every message sent.
    @inlinable
    static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        let count = Self.decimalCount(value)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var rest = value
        var index = start + count - 1
        while rest > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    @inlinable
    static func decimalCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }
}
