/// What papod reads from a framed client: a 64-byte ASCII header holding the payload length in
/// decimal, padded with spaces, then that many bytes of UTF-8 (see PapoCore's FrameDecoder).
public enum SeedFraming {
    public static let headerLength = 64

    /// Appends `payload` framed.
    public static func appendFrame(_ payload: some Collection<UInt8>, to bytes: inout [UInt8]) {
        Self.appendHeader(length: payload.count, to: &bytes)
        bytes.append(contentsOf: payload)
    }

    /// Appends `text` framed.
    public static func appendFrame(_ text: String, to bytes: inout [UInt8]) {
        Self.appendFrame(Array(text.utf8), to: &bytes)
    }

    /// Appends one chat message framed: the token, a space, `x` up to `payloadBytes`, and a
    /// newline (chatload's payload, so papod does the same work for both generators).
    @inlinable
    public static func appendMessage(_ token: Token, payloadBytes: Int, to bytes: inout [UInt8]) {
        let tokenCount = token.renderedCount
        let body = Swift.max(payloadBytes, tokenCount + 1)
        Self.appendHeader(length: body + 1, to: &bytes)
        token.append(to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: body - tokenCount - 1))
        bytes.append(UInt8(ascii: "\n"))
    }

    @inlinable
    static func appendHeader(length: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        Token.appendDecimal(UInt64(length), to: &bytes)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: Self.headerLength - (bytes.count - start)))
    }
}
