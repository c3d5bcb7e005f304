import Foundation
import Testing

@testable import PapoCore

/// Moderation rules on the core state, with time passed in as values.
@Suite("Moderation")
struct ModerationTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let teacher = ClientID(1)
    let ana = ClientID(2)
    let bia = ClientID(3)

    /// A class: guest-1 logs in as the teacher, then ana and bia join.
    func classroom(password: String? = "segredo", extra: Int = 0) -> ChatState {
        var state = ChatState(
            configuration: ChatConfiguration(moderatorPassword: password), random: RandomSource(seed: 7))
        let people = [(self.teacher, "mestre"), (self.ana, "ana"), (self.bia, "bia")]
            + (0..<extra).map { (ClientID(UInt64(10 + $0)), "s\($0)") }
        for (id, nick) in people {
            _ = state.connect(id, address: "10.0.0.\(id.rawValue)", at: Self.start)
            _ = state.type("/nick \(nick)", by: id)
        }
        if password != nil {
            _ = state.type("/login segredo", by: self.teacher)
        }
        return state
    }

    @Test("a moderator may take a staff name (teacher, professora…); a student may not, and nobody a server name")
    func staffNames() {
        var state = self.classroom()
        #expect(state.type("/nick teacher", by: self.ana).lines(for: self.ana) == ["-!- error: teacher is reserved"])
        #expect(state.type("/nick Professora", by: self.ana).lines(for: self.ana) == ["-!- error: Professora is reserved"])
        #expect(state.type("/nick Professora", by: self.teacher).lines(for: self.bia) == ["-!- mestre is now known as Professora"])
        #expect(state.clients[self.teacher]?.nick.name == "Professora")
        #expect(state.type("/nick admin", by: self.teacher).lines(for: self.teacher) == ["-!- error: admin is reserved"])
        #expect(state.type("/nick guest-3", by: self.teacher).lines(for: self.teacher) == ["-!- error: guest-3 is reserved"])
    }

    @Test("above the announce limit a room tells only its moderators of joins, leaves, moves and nick changes")
    func quietCrowds() {
        var state = self.classroom(extra: 2)
        // mestre, ana, bia, s0, s1 in #lobby: five members.
        state.configuration.announceLimit = 4
        let caio = ClientID(30)
        let arrival = state.connect(caio, address: "10.0.0.30", at: Self.start)
        #expect(arrival.lines(for: self.teacher) == ["-!- guest-1 joined #lobby"].map { $0.replacingOccurrences(of: "guest-1", with: state.clients[caio]!.nick.name) })
        #expect(arrival.lines(for: self.ana).isEmpty)
        #expect(state.type("/nick caio", by: caio).lines(for: self.ana).isEmpty)
        #expect(state.type("/join #lab", by: caio).lines(for: self.bia).isEmpty)
        // /list is always current; chat and kicks are still for everyone.
        #expect(state.type("/list", by: self.ana).lines(for: self.ana).first?.contains("5") == true)
        #expect(state.type("oi", by: self.bia).lines(for: self.ana) == ["<bia> oi"])
        #expect(state.type("/kick s1 chega", by: self.teacher).lines(for: self.ana) == ["-!- s1 was kicked by mestre: chega"])
        // 0 always announces; at the limit, everyone is told.
        state.configuration.announceLimit = 0
        #expect(state.type("/nick ana2", by: self.ana).lines(for: self.bia) == ["-!- ana is now known as ana2"])
        state.configuration.announceLimit = 4
        #expect(state.type("/nick ana", by: self.ana).lines(for: self.bia) == ["-!- ana2 is now known as ana"], "four members")
    }

    @Test("a user cannot run a moderator command")
    func userCannotKick() {
        var state = self.classroom()
        let effects = state.type("/kick bia", by: self.ana)
        #expect(effects.lines(for: self.ana) == ["-!- error: /kick needs moderator rights"])
        #expect(state.clients[self.bia] != nil)
    }

    @Test("the right password makes a moderator; wrong ones count down and the third closes the connection")
    func login() throws {
        var state = self.classroom()
        #expect(state.clients[self.teacher]?.role == .moderator)
        #expect(state.audit.map(\.action) == ["login"])

        #expect(state.type("/login nope", by: self.ana).lines(for: self.ana) == ["-!- error: wrong password (2 attempts left)"])
        #expect(state.type("/login nada", by: self.ana).lines(for: self.ana) == ["-!- error: wrong password (1 attempt left)"])
        let third = state.type("/login nunca", by: self.ana)
        #expect(third.lines(for: self.ana) == ["-!- too many failed logins; disconnecting"])
        #expect(third.closed == [self.ana])
        #expect(state.audit.filter { $0.action == "login-failed" }.count == 3)
        #expect(!state.audit.contains { ($0.reason ?? "").contains("nunca") || ($0.target ?? "").contains("nunca") })

        // The same address must now wait, even with the right password.
        _ = state.connect(ClientID(50), address: "10.0.0.2", at: Self.start)
        let retry = state.type("/login segredo", by: ClientID(50), at: Self.start.addingTimeInterval(5))
        #expect(retry.lines(for: ClientID(50)) == ["-!- error: too many failed logins from your address; try again in 25s"])
        let later = state.type("/login segredo", by: ClientID(50), at: Self.start.addingTimeInterval(31))
        #expect(later.lines(for: ClientID(50)).first == "-!- you are now a moderator; /help lists your commands")
    }

    @Test("with a TLS door, /login over plaintext is refused before the password is checked, and accepted over TLS")
    func loginOnlyOverTLS() {
        var configuration = ChatConfiguration(moderatorPassword: "segredo")
        configuration.loginTLSPort = 5051
        var state = ChatState(configuration: configuration, random: RandomSource(seed: 7))
        _ = state.connect(self.ana, address: "10.0.0.2", isSecure: false, at: Self.start)
        _ = state.connect(self.teacher, address: "10.0.0.1", isSecure: true, at: Self.start)
        let refused = state.type("/login segredo", by: self.ana)
        #expect(
            refused.lines(for: self.ana) == [
                "-!- error: passwords are accepted only over TLS: reconnect to port 5051 with TLS (papo --tls) and /login there"
            ])
        #expect(state.clients[self.ana]?.role == .user)
        // A refusal is not a failed attempt: nothing counts down, nothing is locked out.
        #expect(state.clients[self.ana]?.failedLogins == 0)
        #expect(state.audit.isEmpty)
        #expect(state.type("/login segredo", by: self.teacher).lines(for: self.teacher).first
            == "-!- you are now a moderator; /help lists your commands")
        #expect(state.clients[self.teacher]?.isSecure == true)
    }

    @Test("without a password moderator login is disabled")
    func loginDisabled() {
        var state = self.classroom(password: nil)
        #expect(state.type("/login x", by: self.ana).lines(for: self.ana) == ["-!- error: moderator login is disabled on this server"])
    }

    @Test("a moderator cannot kick, ban, mute or deop another moderator; the operator can")
    func moderatorsAreImmuneToEachOther() {
        var state = self.classroom()
        _ = state.type("/op ana", by: self.teacher)
        #expect(state.clients[self.ana]?.role == .moderator)
        for command in ["/kick ana", "/ban ana", "/mute ana"] {
            let verb = command.dropFirst().split(separator: " ")[0]
            #expect(
                state.type(command, by: self.teacher).lines(for: self.teacher)
                    == ["-!- error: ana is a moderator; only the operator can \(verb) a moderator"])
        }
        #expect(
            state.type("/deop ana", by: self.teacher).lines(for: self.teacher)
                == ["-!- error: only the operator can deop another moderator"])
        // Stepping down is allowed.
        let stepDown = state.type("/deop", by: self.ana)
        #expect(stepDown.lines(for: self.ana) == ["-!- you are no longer a moderator"])
        #expect(stepDown.lines(for: self.bia) == ["-!- ana is no longer a moderator"])
        #expect(state.clients[self.ana]?.role == .user)
    }

    @Test("a kicked student is told who and why, closed, and the room is told")
    func kick() {
        var state = self.classroom()
        let effects = state.type("/kick bia talking over others", by: self.teacher)
        #expect(effects.lines(for: self.bia) == ["-!- error: you were kicked by mestre: talking over others"])
        #expect(effects.closed == [self.bia])
        #expect(effects.lines(for: self.ana) == ["-!- bia was kicked by mestre: talking over others"])
        #expect(effects.lines(for: self.teacher) == ["-!- bia was kicked by mestre: talking over others"])
        #expect(state.clients[self.bia] == nil)
        #expect(state.audit.last == AuditEntry(at: Self.start, actor: "mestre", action: "kick", target: "bia", reason: "talking over others"))
    }

    @Test("/ban NICK bans its holder's address too, for as long; others there stay; not the moderator's own address")
    func banTakesTheAddress() {
        var state = self.classroom()
        // caio shares bia's address (a classroom behind one router).
        let caio = ClientID(9)
        _ = state.connect(caio, address: "10.0.0.3", at: Self.start)
        let effects = state.type("/ban bia 10m cheating", by: self.teacher)
        #expect(effects.closed == [self.bia])
        #expect(state.clients[caio] != nil, "others on the address stay connected")
        #expect(state.bans.ban(onAddress: "10.0.0.3", at: Self.start.addingTimeInterval(60)) != nil)
        #expect(state.bans.ban(onAddress: "10.0.0.3", at: Self.start.addingTimeInterval(601)) == nil, "for as long as the nick")
        let refused = state.connect(ClientID(20), address: "10.0.0.3", at: Self.start.addingTimeInterval(60))
        #expect(refused.contains(.close(ClientID(20))))
        #expect(state.audit.suffix(2).map(\.target) == ["bia until 2027-01-15 08:10:00 UTC", "10.0.0.3 until 2027-01-15 08:10:00 UTC"].map {
            $0.replacingOccurrences(of: "2027-01-15 08:10:00 UTC", with: DurationText.timestamp(Self.start.addingTimeInterval(600)))
        })

        // --nick-only: the name alone.
        _ = state.type("/ban ana --nick-only", by: self.teacher)
        #expect(state.bans.ban(onAddress: "10.0.0.2", at: Self.start) == nil)
        #expect(state.bans.ban(onNickKey: "ana", at: Self.start) != nil)

        // A student on the moderator's own address: the nick is banned, the address is not.
        let dani = ClientID(10)
        _ = state.connect(dani, address: "10.0.0.1", at: Self.start)
        let shared = state.type("/ban guest-\(state.nextGuestNumber - 1)", by: self.teacher).lines(for: self.teacher)
        #expect(shared.last?.hasSuffix("not its address 10.0.0.1, which is yours too") == true)
        #expect(state.bans.ban(onAddress: "10.0.0.1", at: Self.start) == nil)
    }

    @Test("a banned nick cannot be taken with /nick, until the ban expires")
    func nickBan() {
        var state = self.classroom()
        let effects = state.type("/ban bia 10m cheating", by: self.teacher)
        #expect(effects.closed == [self.bia])
        #expect(effects.lines(for: self.bia) == ["-!- error: you were banned by mestre: cheating"])
        #expect(
            effects.lines(for: self.teacher).last?.hasPrefix("-!- banned bia and the address it connected from, 10.0.0.3, until ")
                == true)
        #expect(state.type("/nick BIA", by: self.ana).lines(for: self.ana) == ["-!- error: the nick BIA is banned"])

        let later = Self.start.addingTimeInterval(601)
        let tick = state.tick(at: later)
        #expect(tick.contains { if case .audit(let entry) = $0 { entry.action == "ban-expired" } else { false } })
        #expect(state.bans.bans.isEmpty)
        #expect(state.type("/nick bia", by: self.ana, at: later).lines(for: self.ana) == ["-!- you are now known as bia"])
    }

    @Test("an address ban closes current connections from the block and refuses new ones")
    func addressBan() {
        var state = self.classroom()
        let effects = state.type("/ban 10.0.0.2/31 spam", by: self.teacher)
        // 10.0.0.2 (ana) and 10.0.0.3 (bia) are in the block.
        #expect(Set(effects.closed) == [self.ana, self.bia])
        #expect(effects.lines(for: self.teacher).last == "-!- banned 10.0.0.2/31 until lifted (2 connections closed)")
        let newcomer = state.connect(ClientID(60), address: "10.0.0.3", at: Self.start)
        #expect(newcomer.lines(for: ClientID(60)).first?.hasPrefix("-!- error: you are banned from this server (by mestre, until lifted): spam") == true)
        #expect(newcomer.closed == [ClientID(60)])
        #expect(state.clients[ClientID(60)] == nil)

        #expect(state.type("/ban 10.0.0.0/24", by: self.teacher).lines(for: self.teacher)
            == ["-!- error: 10.0.0.0/24 includes your own address; that would ban you too"])
        let list = state.type("/bans", by: self.teacher).lines(for: self.teacher)
        #expect(list.first == "-!- 1 ban:")
        #expect(list.last?.hasPrefix("-!-   10.0.0.2/31 by mestre at ") == true)
        #expect(state.type("/unban 10.0.0.2/31", by: self.teacher).lines(for: self.teacher) == ["-!- lifted the ban on 10.0.0.2/31"])
        #expect(state.connect(ClientID(61), address: "10.0.0.3", at: Self.start).closed.isEmpty)
    }

    @Test("a muted user reads but cannot speak, act or message privately, until the mute lapses")
    func mute() {
        var state = self.classroom()
        _ = state.type("/mute bia 2m spamming", by: self.teacher)
        let refusal = "-!- error: you are muted until 2027-01-15 08:02:00 UTC (by mestre: spamming)"
        #expect(state.type("hello", by: self.bia).lines(for: self.bia) == [refusal])
        #expect(state.type("/me waves", by: self.bia).lines(for: self.bia) == [refusal])
        #expect(state.type("/msg ana psst", by: self.bia).lines(for: self.bia) == [refusal])
        #expect(state.type("hello", by: self.bia).lines(for: self.ana).isEmpty)
        // She still reads.
        #expect(state.type("class starts", by: self.ana).lines(for: self.bia) == ["<ana> class starts"])

        let lapse = state.tick(at: Self.start.addingTimeInterval(121))
        #expect(lapse.lines(for: self.bia) == ["-!- your mute has ended; you may speak again"])
        #expect(state.type("thanks", by: self.bia).lines(for: self.ana) == ["<bia> thanks"])

        _ = state.type("/mute bia", by: self.teacher)
        #expect(state.type("x", by: self.bia).lines(for: self.bia) == ["-!- error: you are muted until a moderator lifts it (by mestre)"])
        #expect(state.type("/unmute bia", by: self.teacher).lines(for: self.bia) == ["-!- you may speak again (unmuted by mestre)"])
    }

    @Test("a timed mute made indefinite does not lapse; one whose client left is forgotten")
    func timedMuteReplaced() {
        var state = self.classroom()
        _ = state.type("/mute bia 2m", by: self.teacher)
        _ = state.type("/mute bia", by: self.teacher)
        #expect(state.tick(at: Self.start.addingTimeInterval(300)).lines(for: self.bia).isEmpty)
        #expect(state.type("x", by: self.bia).lines(for: self.bia) == ["-!- error: you are muted until a moderator lifts it (by mestre)"])
        _ = state.type("/mute ana 1m", by: self.teacher)
        _ = state.disconnect(self.ana, reason: Message(.reasonConnectionClosed), at: Self.start.addingTimeInterval(10))
        #expect(state.tick(at: Self.start.addingTimeInterval(600)).isEmpty)
        #expect(state.timedMutes.isEmpty)
    }

    @Test("quiet mode lets only moderators and voiced users speak")
    func quietMode() {
        var state = self.classroom()
        _ = state.type("/quiet on", by: self.teacher)
        #expect(state.type("can I ask?", by: self.ana).lines(for: self.ana)
            == ["-!- error: #lobby is quiet: only moderators and voiced users may speak"])
        #expect(state.type("listen", by: self.teacher).lines(for: self.ana) == ["<mestre> listen"])
        _ = state.type("/voice ana", by: self.teacher)
        #expect(state.type("now I can", by: self.ana).lines(for: self.bia) == ["<ana> now I can"])
        _ = state.type("/list", by: self.bia)
        #expect(state.type("/list", by: self.bia).lines(for: self.bia) == ["-!- #lobby (3): @mestre +ana bia"])
        _ = state.type("/quiet off", by: self.teacher)
        #expect(state.type("finally", by: self.bia).lines(for: self.ana) == ["<bia> finally"])
    }

    @Test("slow mode refuses a second message too soon, says how long to wait, then allows it")
    func slowMode() {
        var state = self.classroom()
        _ = state.type("/slow 10", by: self.teacher)
        #expect(state.type("one", by: self.ana).lines(for: self.bia) == ["<ana> one"])
        #expect(state.type("two", by: self.ana, at: Self.start.addingTimeInterval(3)).lines(for: self.ana)
            == ["-!- error: #lobby is in slow mode: wait 7s before your next message"])
        #expect(state.type("two", by: self.ana, at: Self.start.addingTimeInterval(10)).lines(for: self.bia) == ["<ana> two"])
        // Moderators are exempt.
        _ = state.type("a", by: self.teacher)
        #expect(state.type("b", by: self.teacher).lines(for: self.ana) == ["<mestre> b"])
    }

    @Test("topics in #lobby and quiet rooms need a moderator")
    func topicNeedsModerator() {
        var state = self.classroom()
        #expect(state.type("/topic mine", by: self.ana).lines(for: self.ana) == ["-!- error: setting the topic of #lobby needs moderator rights"])
        #expect(state.type("/topic Aula 3", by: self.teacher).lines(for: self.ana) == ["-!- mestre set the topic of #lobby: Aula 3"])
    }

    @Test("/move sends one student to a room, both rooms told; /gather brings everyone")
    func moveAndGather() {
        var state = self.classroom()
        let moved = state.type("/move ana #lab", by: self.teacher)
        #expect(moved.lines(for: self.ana) == ["-!- you were moved to #lab by mestre", "-!- you are now in #lab (1 member)"])
        #expect(moved.lines(for: self.bia) == ["-!- ana was moved to #lab by mestre"])
        #expect(state.type("in the lab", by: self.ana).lines(for: self.bia).isEmpty)

        _ = state.type("/join #art", by: self.bia)
        let gathered = state.type("/gather", by: self.teacher)
        #expect(state.clients.values.allSatisfy { $0.room == .lobby })
        #expect(gathered.lines(for: self.ana).last == "-!- mestre gathered everyone into #lobby")
        #expect(state.rooms.keys.sorted() == ["#lobby"])
    }

    @Test("/breakout splits the students evenly, warns a minute before, and brings them back")
    func breakout() throws {
        var state = self.classroom(extra: 3)  // 5 students
        let split = state.type("/breakout 2 3", by: self.teacher)
        let rooms = state.clients.values.filter { $0.role == .user }.map(\.room.name)
        #expect(Set(rooms) == ["#breakout-1", "#breakout-2"])
        #expect(Set([rooms.filter { $0 == "#breakout-1" }.count, rooms.filter { $0 == "#breakout-2" }.count]) == [2, 3])
        #expect(state.clients[self.teacher]?.room == .lobby)
        #expect(split.lines(for: self.teacher).last?.hasPrefix("-!- mestre split 5 students into #breakout-1, #breakout-2 for 3 minutes") == true)
        #expect(state.type("/breakout", by: self.teacher).lines(for: self.teacher).first?.hasSuffix("3m 0s left") == true)
        #expect(state.type("/breakout 2", by: self.teacher).lines(for: self.teacher)
            == ["-!- error: a breakout from #lobby is running; /gather ends it"])

        #expect(state.tick(at: Self.start.addingTimeInterval(60)).lines(for: self.ana).isEmpty)
        let warning = state.tick(at: Self.start.addingTimeInterval(121))
        #expect(warning.lines(for: self.ana) == ["-!- one minute left in this breakout; then everyone returns to #lobby"])
        let end = state.tick(at: Self.start.addingTimeInterval(181))
        #expect(end.lines(for: self.ana).last == "-!- the breakout is over; everyone is back in #lobby")
        #expect(state.clients.values.allSatisfy { $0.room == .lobby })
        #expect(state.breakout == nil)
        #expect(state.audit.contains { $0.action == "breakout" })
    }

    @Test("raised hands queue in order; /next gives the turn to the first")
    func hands() {
        var state = self.classroom()
        #expect(state.type("/hand", by: self.ana).lines(for: self.teacher) == ["-!- ana raised a hand (1 waiting)"])
        #expect(state.type("/hand", by: self.bia).lines(for: self.teacher) == ["-!- bia raised a hand (2 waiting)"])
        #expect(state.type("/hands", by: self.teacher).lines(for: self.teacher) == ["-!- hands in #lobby: 1. ana, 2. bia"])
        #expect(state.type("/next", by: self.teacher).lines(for: self.bia) == ["-!- it is ana's turn to speak (1 waiting)"])
        #expect(state.type("/hand", by: self.bia).lines(for: self.bia) == ["-!- your hand is lowered"])
        #expect(state.type("/next", by: self.teacher).lines(for: self.teacher) == ["-!- error: no hands raised in #lobby"])
        // Another room's hands, by name (the teacher stays where they are).
        _ = state.type("/join #lab", by: self.ana)
        _ = state.type("/hand", by: self.ana)
        #expect(state.type("/hands", by: self.teacher).lines(for: self.teacher) == ["-!- no hands raised in #lobby"])
        #expect(state.type("/hands #LAB", by: self.teacher).lines(for: self.teacher) == ["-!- hands in #lab: 1. ana"])
    }

    @Test("/announce reaches every room")
    func announce() {
        var state = self.classroom()
        _ = state.type("/join #lab", by: self.ana)
        let effects = state.type("/announce exam on Friday", by: self.teacher)
        for id in [self.teacher, self.ana, self.bia] {
            #expect(effects.lines(for: id) == ["-!- announcement from mestre: exam on Friday"])
        }
    }

    @Test("moderators see their commands in /help; users do not")
    func helpByRole() {
        var state = self.classroom()
        #expect(!state.type("/help", by: self.ana).lines(for: self.ana).contains("-!- Moderator commands:"))
        let help = state.type("/help", by: self.teacher).lines(for: self.teacher)
        #expect(help.contains("-!- Moderator commands:"))
        #expect(help.contains { $0.contains("/ban TARGET [--nick-only] [DURATION] [REASON]") })
    }

    @Test("durations parse as moderators type them", arguments: [
        ("30s", 30.0), ("10m", 600), ("2h", 7200), ("1d", 86_400), ("1h30m", 5400),
    ])
    func durations(text: String, seconds: Double) {
        #expect(TimeSpan.parse(text) == seconds)
    }

    @Test("words that are not durations are refused", arguments: ["", "10", "m", "10x", "-5m", "spamming", "9999999s"])
    func notDurations(text: String) {
        #expect(TimeSpan.parse(text) == nil)
    }

    @Test("address blocks match their members only")
    func addressBlocks() throws {
        let block = try #require(AddressBlock("192.168.1.77/24"))
        #expect(block.description == "192.168.1.0/24")
        #expect(block.contains("192.168.1.200"))
        #expect(!block.contains("192.168.2.1"))
        #expect(block.contains("::ffff:192.168.1.9"))
        let v6 = try #require(AddressBlock("2001:db8::/32"))
        #expect(v6.contains("2001:db8:1::5"))
        #expect(!v6.contains("2001:db9::1"))
        for bad in ["300.1.1.1", "1.2.3.4/33", "hello", "1.2.3.4/", "::1/129", "1.2.3"] {
            #expect(AddressBlock(bad) == nil)
        }
    }

    @Test("passwords compare equal only when identical")
    func constantTimeComparison() {
        #expect(ModerationCommands.constantTimeEquals("segredo", "segredo"))
        #expect(!ModerationCommands.constantTimeEquals("segred", "segredo"))
        #expect(!ModerationCommands.constantTimeEquals("segredo!", "segredo"))
        #expect(!ModerationCommands.constantTimeEquals("", "segredo"))
    }
}

extension ChatState {
    /// What text doors are sent when `id` types `line` (web view updates: `RoomViewTests`).
    fileprivate mutating func type(_ line: String, by id: ClientID, at now: Date = ModerationTests.start) -> [Effect] {
        self.receive(.line(line, .lf), from: id, at: now).withoutUpdates
    }
}
