import Foundation
import Testing

@testable import PapoCore

@Suite("Client records")
struct ClientRecordTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func record() throws -> ClientRecord {
        ClientRecord(
            id: ClientID(7), nick: try Nick("ana"), room: try RoomName("#math"), address: "10.0.0.7",
            connectedAt: self.start, lastActiveAt: self.start)
    }

    @Test("a listening client's record holds no activity, and copies never share changes")
    func copiesAreIndependent() throws {
        let original = try self.record()
        #expect(original.mute == nil && original.flood == nil)
        #expect(original.messagesSent == 0 && original.failedLogins == 0)

        var talker = original
        talker.messagesSent += 1
        _ = talker.takeLine(limits: FloodBucket.Limits(burst: 1, rate: 1), at: self.start)
        var muted = talker
        muted.mute = ClientRecord.Mute(by: "prof", until: nil, reason: nil)
        muted.messagesSent += 1
        muted.failedLogins = 2
        _ = muted.takeLine(limits: FloodBucket.Limits(burst: 1, rate: 1), at: self.start)

        #expect(original.messagesSent == 0 && original.flood == nil && original.mute == nil)
        #expect(talker.messagesSent == 1 && talker.mute == nil && talker.failedLogins == 0)
        #expect(muted.messagesSent == 2 && muted.mute?.by == "prof" && muted.failedLogins == 2)
        #expect(talker.flood != muted.flood)
    }

    @Test("a record stays within 120 bytes: every connection keeps one, in a table up to half empty")
    func recordSize() {
        #expect(MemoryLayout<ClientRecord>.stride <= 120)
    }
}
