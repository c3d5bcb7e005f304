import Foundation
import Testing

@testable import PapoCore

/// What the chat decides to keep, and replay, when a store is attached (`recording` set).
@Suite("Recording: transcript, replay, privacy notice, settings and grants")
struct RecordingTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00:00 UTC
    /// 05:00 in São Paulo (UTC-3 all year).
    static let zone = TimeZone(identifier: "America/Sao_Paulo") ?? TimeZone(secondsFromGMT: -3 * 3600)!
    let ana = ClientID(1)
    let bob = ClientID(2)
    let caio = ClientID(3)

    static func at(_ seconds: TimeInterval) -> Date { Self.start.addingTimeInterval(seconds) }

    static func state(
        historyDays: Int = 30, replay: Int = 3, storesPrivate: Bool = false, recording: Bool = true
    ) -> ChatState {
        ChatState(
            configuration: ChatConfiguration(
                moderatorPassword: "segredo",
                recording: recording
                    ? RecordingSettings(historyDays: historyDays, replayLines: replay, storesPrivateMessages: storesPrivate)
                    : nil,
                timeZone: Self.zone))
    }

    /// `nick` connected from `address` and renamed, everything it was sent discarded.
    static func join(_ state: inout ChatState, _ id: ClientID, as nick: String, address: String? = nil, at time: Date = start) {
        _ = state.connect(id, address: address ?? "10.0.0.\(id.rawValue)", at: time)
        _ = state.receive(.line("/nick \(nick)", .lf), from: id, at: time)
    }

    static func records(_ effects: [Effect]) -> [StoreRecord] {
        effects.compactMap { if case .record(let record) = $0 { record } else { nil } }
    }

    static func transcript(_ effects: [Effect]) -> [TranscriptLine] {
        Self.records(effects).compactMap { if case .transcript(let line) = $0 { line } else { nil } }
    }

    static func presence(_ effects: [Effect]) -> [PresenceEvent] {
        Self.records(effects).compactMap { if case .presence(let event) = $0 { event } else { nil } }
    }

    @Test("chat, actions and room notices become transcript rows with time, room, nick and kind")
    func transcriptRows() {
        var state = Self.state()
        Self.join(&state, self.ana, as: "ana")
        Self.join(&state, self.bob, as: "bob")
        _ = state.receive(.line("/join #Math", .lf), from: self.ana, at: Self.at(10))
        let said = state.receive(.line("bom dia, turma", .lf), from: self.ana, at: Self.at(20))
        #expect(
            Self.transcript(said) == [
                TranscriptLine(
                    time: Self.at(20), room: "#Math", roomKey: "#math", nick: "ana", kind: .chat, text: "bom dia, turma",
                    client: self.ana, number: 1)
            ])
        let waved = state.receive(.line("/me waves", .lf), from: self.ana, at: Self.at(21))
        #expect(Self.transcript(waved).map(\.kind) == [.action])
        let joined = state.receive(.line("/join #math", .lf), from: self.bob, at: Self.at(30))
        #expect(
            Self.transcript(joined).map { "\($0.room) \($0.kind) \($0.nick ?? "-") \($0.text)" } == [
                "#lobby notice - bob left for #Math", "#Math notice - bob joined #Math",
            ])
        // Replies to one client are not the room's: they are not kept.
        let listed = state.receive(.line("/list", .lf), from: self.bob, at: Self.at(31))
        #expect(Self.transcript(listed).isEmpty)
    }

    @Test("private messages are kept only with --store-private, under the sender's room, as kind private")
    func privateMessages() {
        for storesPrivate in [false, true] {
            var state = Self.state(storesPrivate: storesPrivate)
            Self.join(&state, self.ana, as: "ana")
            Self.join(&state, self.bob, as: "bob")
            let effects = state.receive(.line("/msg bob psst", .lf), from: self.ana, at: Self.at(5))
            #expect(effects.lines(for: self.bob) == ["*ana* psst"])
            let rows = Self.transcript(effects)
            if storesPrivate {
                #expect(
                    rows == [
                        TranscriptLine(
                            time: Self.at(5), room: "#lobby", roomKey: "#lobby", nick: "ana", kind: .private,
                            text: "to bob: psst", client: self.ana)
                    ])
            } else {
                #expect(rows.isEmpty)
            }
        }
    }

    @Test("joining a recorded room: one privacy line, then the last N chat and action lines in order, in local time")
    func replayOnJoin() throws {
        var state = Self.state(replay: 3)
        Self.join(&state, self.ana, as: "ana")
        _ = state.receive(.line("/join #math", .lf), from: self.ana, at: Self.at(0))
        for (offset, line) in ["um", "dois", "/me conta", "três", "quatro"].enumerated() {
            _ = state.receive(.line(line, .lf), from: self.ana, at: Self.at(Double(offset) * 60))
        }
        Self.join(&state, self.bob, as: "bob", at: Self.at(600))
        let notices = state.receive(.line("/topic tabuada", .lf), from: self.ana, at: Self.at(601))
        #expect(Self.transcript(notices).map(\.kind) == [.notice])
        let effects = state.receive(.line("/join #math", .lf), from: self.bob, at: Self.at(700))
        #expect(
            effects.lines(for: self.bob) == [
                "-!- you are now in #math (2 members)",
                "-!- topic: tabuada",
                "-!- #math is recorded: what is said here is kept for 30 days",
                "-!- history: the last 3 messages in #math",
                "[05:02] * ana conta",
                "[05:03] <ana> três",
                "[05:04] <ana> quatro",
                "-!- end of history",
            ])
        #expect(effects.lines(for: self.ana) == ["-!- bob joined #math"])
    }

    @Test("a room with no history sends no history lines; its privacy line names private messages when kept")
    func noHistory() {
        var state = Self.state(historyDays: 1, storesPrivate: true)
        let welcome = state.connect(self.ana, address: "10.0.0.1", at: Self.start)
        #expect(
            welcome.lines(for: self.ana) == [
                "-!- Welcome to papod, guest-1! You are in #lobby. Type /help for commands.",
                "-!- #lobby is recorded: what is said here is kept for 1 day, private messages too",
            ])
    }

    @Test("lines older than the history kept are not replayed")
    func oldLinesAreNotReplayed() {
        var state = Self.state(historyDays: 1)
        Self.join(&state, self.ana, as: "ana")
        _ = state.receive(.line("ontem", .lf), from: self.ana, at: Self.at(0))
        _ = state.receive(.line("hoje", .lf), from: self.ana, at: Self.at(86_000))
        let later = state.connect(self.bob, address: "10.0.0.2", at: Self.at(90_000))
        #expect(later.lines(for: self.bob).contains("[04:53] <ana> hoje"))
        #expect(!later.lines(for: self.bob).contains { $0.hasSuffix("ontem") })
    }

    @Test("with --history-days 0 nothing is kept, replayed or announced, but bans still are")
    func historyOff() {
        var state = Self.state(historyDays: 0)
        Self.join(&state, self.ana, as: "ana")
        _ = state.receive(.line("olá", .lf), from: self.ana, at: Self.start)
        let effects = state.connect(self.bob, address: "10.0.0.2", at: Self.start)
        #expect(effects.lines(for: self.bob) == ["-!- Welcome to papod, guest-2! You are in #lobby. Type /help for commands."])
        #expect(Self.records(effects).isEmpty)
        #expect(state.recentLines.isEmpty)
        let (_, banned) = state.executeOperator("ban 10.9.9.9", at: Self.start)
        #expect(Self.records(banned).contains { if case .bans = $0 { true } else { false } })
    }

    @Test("without a store (no recording) no records are made")
    func noStore() {
        var state = Self.state(recording: false)
        Self.join(&state, self.ana, as: "ana")
        let effects = state.receive(.line("olá", .lf), from: self.ana, at: Self.start)
        #expect(Self.records(effects).isEmpty)
        let (_, op) = state.executeOperator("topic #lobby aula", at: Self.start)
        #expect(Self.records(op).isEmpty)
    }

    @Test("presence: joins, leaves and renames per room, for attendance")
    func presence() {
        var state = Self.state()
        let connected = state.connect(self.ana, address: "10.0.0.1", at: Self.start)
        #expect(Self.presence(connected).map { "\($0.kind) \($0.room) \($0.nick)" } == ["join #lobby guest-1"])
        let renamed = state.receive(.line("/nick ana", .lf), from: self.ana, at: Self.at(1))
        #expect(Self.presence(renamed).map { "\($0.kind) \($0.room) \($0.nick)" } == ["rename #lobby ana"])
        let moved = state.receive(.line("/join #math", .lf), from: self.ana, at: Self.at(2))
        #expect(Self.presence(moved).map { "\($0.kind) \($0.room) \($0.nick)" } == ["leave #lobby ana", "join #math ana"])
        let gone = state.disconnect(self.ana, reason: Message(.reasonConnectionClosed), at: Self.at(3))
        #expect(
            Self.presence(gone) == [
                PresenceEvent(
                    time: Self.at(3), client: self.ana, room: "#math", roomKey: "#math", nick: "ana", address: "10.0.0.1",
                    kind: .leave)
            ])
    }

    @Test("bans, unbans and expiries store the whole ban list; settings and audit are stored")
    func bansSettingsAudit() {
        var state = Self.state()
        let (_, banned) = state.executeOperator("ban 10.9.9.9 10m cola", at: Self.start)
        let bans = Self.records(banned).compactMap { if case .bans(let list) = $0 { list } else { nil } }
        #expect(bans.count == 1)
        #expect(bans.first?.bans.map(\.target.description) == ["10.9.9.9"])
        #expect(Self.records(banned).contains { if case .audit(let entry) = $0 { entry.action == "ban" } else { false } })
        let expired = state.tick(at: Self.at(601))
        #expect(Self.records(expired).contains(.bans(BanList())))
        let (_, topic) = state.executeOperator("topic #lobby Aula 3", at: Self.start)
        #expect(
            Self.records(topic).contains(
                .roomSettings(
                    RoomSettings(
                        room: "#lobby", roomKey: "#lobby", topic: Room.Topic(text: "Aula 3", setBy: "operator", setAt: Self.start),
                        isQuiet: false, slowSeconds: 0))))
    }

    @Test("an /op grant is stored and given back to the same nick from the same address; /deop forgets it")
    func opGrants() {
        var state = Self.state()
        Self.join(&state, self.ana, as: "ana")
        Self.join(&state, self.bob, as: "bob")
        _ = state.receive(.line("/login segredo", .lf), from: self.ana, at: Self.start)
        let granted = state.receive(.line("/op bob", .lf), from: self.ana, at: Self.at(1))
        let grants = Self.records(granted).compactMap { if case .opGrants(let list) = $0 { list } else { nil } }
        #expect(grants == [[OpGrant(nickKey: "bob", nick: "bob", address: "10.0.0.2", by: "ana", at: Self.at(1))]])
        _ = state.disconnect(self.bob, reason: Message(.reasonConnectionClosed), at: Self.at(2))
        // Another address taking the nick gets nothing.
        Self.join(&state, self.caio, as: "bob", address: "10.0.0.77", at: Self.at(3))
        #expect(state.clients[self.caio]?.role == .user)
        _ = state.disconnect(self.caio, reason: Message(.reasonConnectionClosed), at: Self.at(4))
        _ = state.connect(ClientID(4), address: "10.0.0.2", at: Self.at(5))
        let back = state.receive(.line("/nick bob", .lf), from: ClientID(4), at: Self.at(5))
        #expect(state.clients[ClientID(4)]?.role == .moderator)
        #expect(back.lines(for: ClientID(4)).contains("-!- you are a moderator again (made by ana); /help lists your commands"))
        let (_, deop) = state.executeOperator("deop bob", at: Self.at(6))
        #expect(Self.records(deop).contains(.opGrants([])))
        #expect(state.opGrants.isEmpty)
    }

    @Test("restore brings back bans, grants, room settings, recent lines and the audit")
    func restore() {
        var state = Self.state(replay: 2)
        let topic = Room.Topic(text: "Aula 3", setBy: "prof", setAt: Self.start)
        let line = { (text: String, seconds: Double) in
            TranscriptLine(time: Self.at(seconds), room: "#math", roomKey: "#math", nick: "ana", kind: .chat, text: text)
        }
        state.restore(
            StoredState(
                bans: BanList(bans: [
                    BanList.Ban(target: .nick(key: "rui", display: "Rui"), by: "prof", at: Self.start, until: nil, reason: nil),
                    BanList.Ban(
                        target: .nick(key: "old", display: "old"), by: "prof", at: Self.start, until: Self.at(-1), reason: nil),
                ]),
                opGrants: [OpGrant(nickKey: "bob", nick: "bob", address: "10.0.0.2", by: "prof", at: Self.start)],
                roomSettings: [
                    RoomSettings(room: "#lobby", roomKey: "#lobby", topic: topic, isQuiet: true, slowSeconds: 0),
                    RoomSettings(room: "#Math", roomKey: "#math", topic: nil, isQuiet: false, slowSeconds: 30),
                ],
                recentLines: [line("um", 0), line("dois", 1), line("três", 2)],
                audit: [AuditEntry(at: Self.start, actor: "prof", action: "ban", target: "Rui")]),
            at: Self.at(10))
        #expect(state.bans.bans.map(\.target.description) == ["Rui"])
        #expect(state.rooms["#lobby"]?.isQuiet == true)
        #expect(state.rooms["#lobby"]?.topic == topic)
        #expect(state.audit.map(\.action) == ["ban"])
        Self.join(&state, self.ana, as: "ana", at: Self.at(20))
        let joined = state.receive(.line("/join #math", .lf), from: self.ana, at: Self.at(20))
        #expect(
            joined.lines(for: self.ana) == [
                "-!- you are now in #Math (1 member)",
                "-!- #Math is recorded: what is said here is kept for 30 days",
                "-!- history: the last 2 messages in #Math",
                "[05:00] <ana> dois",
                "[05:00] <ana> três",
                "-!- end of history",
            ])
        #expect(state.rooms["#math"]?.slowSeconds == 30)
        let refused = state.receive(.line("/nick Rui", .lf), from: self.ana, at: Self.at(21))
        #expect(refused.lines(for: self.ana) == ["-!- error: the nick Rui is banned"])
        Self.join(&state, self.bob, as: "bob", at: Self.at(22))
        #expect(state.clients[self.bob]?.role == .moderator)
    }

    @Test("export and attendance check their options, then leave the reading to the store")
    func operatorQueries() {
        var state = Self.state()
        let (export, effects) = state.executeOperator("export MATH --since 2027-01-15 --until=2027-01-16T00:00Z --format CSV", at: Self.start)
        #expect(export.isSuccess)
        #expect(effects.isEmpty)
        let midnight = Date(timeIntervalSince1970: 1_800_000_000 - 8 * 3600 + 3 * 3600)  // 00:00 in São Paulo
        #expect(
            export.query
                == .export(
                    roomKey: "#math", room: "#MATH", since: midnight, until: Date(timeIntervalSince1970: 1_800_000_000 + 16 * 3600),
                    format: .csv))
        for (line, error) in [
            ("export #math --format xml", "--format must be text, csv or json. Usage: export ROOM [OPTIONS]"),
            ("export #math --since yesterday", nil),
            ("export #math --since", "--since needs a value. Usage: export ROOM [OPTIONS]"),
            ("export #math --until 2027-01-15 --since 2027-01-16", "--until must be later than --since. Usage: export ROOM [OPTIONS]"),
            ("export #math --output x.csv", "--output FILE is written by papoctl or the console; give it there"),
            ("export #math --bogus 1", "unknown option --bogus (known: --format, --since, --until). Usage: export ROOM [OPTIONS]"),
        ] {
            let (result, _) = state.executeOperator(line, at: Self.start)
            #expect(!result.isSuccess, "\(line)")
            #expect(result.query == nil)
            if let error { #expect(result.error == error) }
        }
        let (attendance, _) = state.executeOperator("attendance --since 2027-01-15T10:00Z", at: Self.start)
        #expect(
            attendance.query == .attendance(roomKey: nil, room: nil, since: Date(timeIntervalSince1970: 1_800_000_000 + 2 * 3600)))
        let (inRoom, _) = state.executeOperator("attendance #Math", at: Self.start)
        #expect(inRoom.query == .attendance(roomKey: "#math", room: "#Math", since: nil))
        var off = Self.state(historyDays: 0)
        #expect(off.executeOperator("export #math", at: Self.start).result.error?.hasPrefix("no transcript is kept") == true)
    }
}
