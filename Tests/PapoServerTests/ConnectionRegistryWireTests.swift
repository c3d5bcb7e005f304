import Foundation
import PapoCore
import Testing

@testable import PapoServer

@Suite("Encodings a line needs")
struct ConnectionRegistryWireTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A registry with one connection per wire given, in order; their ids.
    static func registry(_ wires: [Wire]) -> (ConnectionRegistry, [ClientID]) {
        var registry = ConnectionRegistry(limits: ConnectionLimits())
        var ids: [ClientID] = []
        for wire in wires {
            let id = registry.makeID()
            registry.admit(id, address: "10.0.0.1", slot: 0, wire: wire, at: Self.now)
            ids.append(id)
        }
        return (registry, ids)
    }

    @Test("a line needs its text form only when a recipient came through a text door")
    func textForm() {
        let (mixed, ids) = Self.registry([.text, .irc, .webSocket, .ircTagged])
        #expect(mixed.hasTextRecipient(among: ids))
        #expect(!mixed.hasTextRecipient(among: Array(ids.dropFirst())))
        #expect(mixed.hasTextRecipient(among: [ids[0]]))
        #expect(!mixed.hasTextRecipient(among: []))
        let (ircOnly, ircIDs) = Self.registry([.irc, .irc])
        #expect(!ircOnly.hasTextRecipient(among: ircIDs))
        let (textOnly, textIDs) = Self.registry([.text, .text])
        #expect(textOnly.hasTextRecipient(among: [textIDs[1]]))
        #expect(!textOnly.hasTextRecipient(among: []))
    }
}
