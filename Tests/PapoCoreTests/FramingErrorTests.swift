import Testing

@testable import PapoCore

@Suite("FramingError")
struct FramingErrorTests {
    @Test(
        "Framing errors explain what was expected",
        arguments: [
            (
                FramingError.invalidHeader(preview: "12ab"),
                "invalid frame header \"12ab\": expected the payload length in decimal, padded with spaces to 64 bytes"
            ),
            (.emptyHeader, "empty frame header: expected the payload length in decimal, padded with spaces to 64 bytes"),
            (.frameTooLarge(claimed: "70000", limit: 65_536), "frame of 70000 bytes exceeds the limit of 65536 bytes"),
            (.lineTooLong(limit: 8192), "line exceeds the limit of 8192 bytes"),
        ]
    )
    func descriptions(error: FramingError, text: String) {
        #expect(error.description == text)
    }
}
