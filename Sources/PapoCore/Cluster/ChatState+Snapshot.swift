import Foundation

/// A cluster keeps its log short with checkpoints: the state as it was after entry N, which a
/// starting node loads before it follows the log from N + 1. The snapshot holds everything the
/// state decides with; the configuration and the command table are the node's own (the same on
/// every node) and are given back as it is loaded.
///
/// JSON with sorted keys, not a binary property list. At 2,000 clients in 200 rooms with 50
/// recent lines each (release build), JSON was 2.8 MB, encoded in 0.10–0.15 s and decoded in
/// 0.09–0.14 s; the list was 1.6 MB but took 0.13–0.22 s and 0.23–0.36 s, and compressed worse
/// (gzip: 0.22 MB against 0.50 MB). Above all the list writes a dictionary's keys in the order
/// the dictionary holds them, which differs between two equal states: sorted JSON makes equal
/// states equal bytes, so nodes can compare checkpoints.
extension ChatState {
    /// The state after the last input, as JSON. Throws if an input's effects were not taken
    /// yet (a snapshot is of a state between inputs).
    public func snapshot() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(self)
    }

    /// The state a snapshot holds, with this node's configuration and command table. A damaged
    /// snapshot throws: names are checked again, derived keys made again.
    public init(snapshot: Data, configuration: ChatConfiguration, table: CommandTable = .standard) throws {
        self = try JSONDecoder().decode(ChatState.self, from: snapshot)
        self.configuration = configuration
        self.table = table
    }

    /// What `CodingKeys` lists, sets sorted (a set lists its elements in an order of its own,
    /// different in two equal sets); decoding is synthesized in `ChatState.swift`.
    public func encode(to encoder: any Encoder) throws {
        guard self.pending.isEmpty else {
            let context = EncodingError.Context(
                codingPath: encoder.codingPath, debugDescription: "\(self.pending.count) effects not taken yet")
            throw EncodingError.invalidValue(self.pending, context)
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.clients, forKey: .clients)
        try container.encode(self.rooms, forKey: .rooms)
        try container.encode(self.nickOwners, forKey: .nickOwners)
        try container.encode(self.nextGuestNumber, forKey: .nextGuestNumber)
        try container.encode(self.isShuttingDown, forKey: .isShuttingDown)
        try container.encode(self.departedNicks, forKey: .departedNicks)
        try container.encode(self.seedNames, forKey: .seedNames)
        try container.encode(self.awayMessages, forKey: .awayMessages)
        try container.encode(self.clientsSeeingPresenceAsEvents, forKey: .clientsSeeingPresenceAsEvents)
        try container.encode(self.clientsInOtherLanguages, forKey: .clientsInOtherLanguages)
        try container.encode(self.lastLineNumber, forKey: .lastLineNumber)
        try container.encode(self.lineNumberReaders.sorted(), forKey: .lineNumberReaders)
        try container.encode(self.numberingClients.sorted(), forKey: .numberingClients)
        try container.encode(self.removedLineNumbers.sorted(), forKey: .removedLineNumbers)
        try container.encode(self.polls, forKey: .polls)
        try container.encode(self.questionLists, forKey: .questionLists)
        try container.encode(self.privacy, forKey: .privacy)
        try container.encode(self.ircModerators.sorted(), forKey: .ircModerators)
        try container.encode(self.messageTagsReaders, forKey: .messageTagsReaders)
        try container.encode(self.ircSenderTags, forKey: .ircSenderTags)
        try container.encode(self.lastMessageNumber, forKey: .lastMessageNumber)
        try container.encode(self.messageIDPrefix, forKey: .messageIDPrefix)
        try container.encodeIfPresent(self.scheduledShutdown, forKey: .scheduledShutdown)
        try container.encode(self.bans, forKey: .bans)
        try container.encode(self.timedMutes.sorted(), forKey: .timedMutes)
        try container.encode(self.audit, forKey: .audit)
        try container.encodeIfPresent(self.breakout, forKey: .breakout)
        try container.encode(self.loginLockouts, forKey: .loginLockouts)
        try container.encode(self.random, forKey: .random)
        try container.encode(self.ircCloakSecret, forKey: .ircCloakSecret)
        try container.encode(self.opGrants, forKey: .opGrants)
        try container.encode(self.savedRoomSettings, forKey: .savedRoomSettings)
        try container.encode(self.recentLines, forKey: .recentLines)
        try container.encode(self.lastKnownTime, forKey: .lastKnownTime)
        try container.encode(self.clusterNodes, forKey: .clusterNodes)
        try container.encodeIfPresent(self.lastLogTime, forKey: .lastLogTime)
        try container.encode(self.clientsByAddress, forKey: .clientsByAddress)
    }
}
