import Foundation
import Testing

@testable import PapoCore

@Suite("DurationText")
struct DurationTextTests {
    @Test(
        "Durations show their two largest units",
        arguments: [
            (0, "0s"), (0.9, "0s"), (45, "45s"), (59.99, "59s"), (60, "1m 0s"), (723, "12m 3s"), (3599, "59m 59s"),
            (3600, "1h 0m"), (7500, "2h 5m"), (86_399, "23h 59m"), (86_400, "1d 0h"), (3 * 86_400 + 4 * 3600 + 59, "3d 4h"),
            (400 * 86_400, "400d 0h"), (-5, "0s"),
        ] as [(TimeInterval, String)]
    )
    func format(interval: TimeInterval, text: String) {
        #expect(DurationText.format(interval) == text)
    }

    @Test(
        "Timestamps are UTC with a space and a zone name",
        arguments: [
            (0, "1970-01-01 00:00:00 UTC"), (1_800_000_000, "2027-01-15 08:00:00 UTC"),
            (1_800_000_000 + 86_399, "2027-01-16 07:59:59 UTC"),
        ] as [(TimeInterval, String)]
    )
    func timestamp(seconds: TimeInterval, text: String) {
        #expect(DurationText.timestamp(Date(timeIntervalSince1970: seconds)) == text)
    }
}
