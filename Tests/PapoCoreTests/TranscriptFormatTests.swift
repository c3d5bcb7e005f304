import Foundation
import Testing

@testable import PapoCore

@Suite("TimeText: ISO 8601 times for --since and --until")
struct TimeTextTests {
    static let zone = TimeZone(secondsFromGMT: -3 * 3600)!

    @Test(
        "dates, local times and zoned times",
        arguments: [
            ("2026-11-24", "2026-11-24T03:00:00Z"),
            ("2026-11-24T10:00", "2026-11-24T13:00:00Z"),
            ("2026-11-24T10:00:30", "2026-11-24T13:00:30Z"),
            ("2026-11-24 10:00", "2026-11-24T13:00:00Z"),
            ("2026-11-24T10:00:00Z", "2026-11-24T10:00:00Z"),
            ("2026-11-24T10:00Z", "2026-11-24T10:00:00Z"),
            ("2026-11-24T10:00:00+01:00", "2026-11-24T09:00:00Z"),
            ("2026-11-24T10:00:00-0230", "2026-11-24T12:30:00Z"),
            ("2026-11-24T10:00:00.750Z", "2026-11-24T10:00:00Z"),
        ])
    func parses(text: String, utc: String) throws {
        let date = try #require(TimeText.parse(text, timeZone: Self.zone))
        #expect(DurationText.iso8601(date) == utc)
    }

    @Test("a fraction of a second is kept")
    func fraction() throws {
        let date = try #require(TimeText.parse("2026-11-24T10:00:00.750Z", timeZone: Self.zone))
        #expect(date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) == 0.75)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", "yesterday", "2026-11", "2026-13-01", "2026-02-30", "2026-11-24T25:00", "2026-11-24T10", "2026-11-24T10:00:00Q",
            "2026-11-24T10:00:00+25:00", "2026-11-24x", "２０２６-11-24", "2026-11-24T10:00:00Z trailing",
        ])
    func refuses(text: String) {
        #expect(TimeText.parse(text, timeZone: Self.zone) == nil)
    }
}

@Suite("TranscriptExport: text, CSV and JSON")
struct TranscriptExportTests {
    static let lines = [
        TranscriptLine(
            time: Date(timeIntervalSince1970: 1_800_000_000), room: "#math", roomKey: "#math", nick: "ana", kind: .chat,
            text: "bom dia, \"turma\""),
        TranscriptLine(
            time: Date(timeIntervalSince1970: 1_800_000_061), room: "#math", roomKey: "#math", nick: "ana", kind: .action,
            text: "acena 👋"),
        TranscriptLine(
            time: Date(timeIntervalSince1970: 1_800_000_062), room: "#math", roomKey: "#math", nick: nil, kind: .notice,
            text: "bob joined #math"),
        TranscriptLine(
            time: Date(timeIntervalSince1970: 1_800_000_063), room: "#math", roomKey: "#math", nick: "bob", kind: .private,
            text: "to ana: a\\b\tc"),
    ]

    @Test("text: one line each, local time, as clients saw them")
    func text() {
        #expect(
            TranscriptExport.render(Self.lines, as: .text, timeZone: TimeZone(secondsFromGMT: 3600)!) == """
                [2027-01-15 09:00:00] <ana> bom dia, "turma"
                [2027-01-15 09:01:01] * ana acena 👋
                [2027-01-15 09:01:02] -!- bob joined #math
                [2027-01-15 09:01:03] *bob* to ana: a\\b\tc

                """)
    }

    @Test("CSV: the header, UTC times, quoting where needed, CRLF records")
    func csv() {
        #expect(
            TranscriptExport.csv(Self.lines)
                == "time,room,nick,kind,text\r\n"
                + "2027-01-15T08:00:00Z,#math,ana,chat,\"bom dia, \"\"turma\"\"\"\r\n"
                + "2027-01-15T08:01:01Z,#math,ana,action,acena 👋\r\n"
                + "2027-01-15T08:01:02Z,#math,,notice,bob joined #math\r\n"
                + "2027-01-15T08:01:03Z,#math,bob,private,to ana: a\\b\tc\r\n")
        #expect(TranscriptExport.csvField("a\nb") == "\"a\nb\"")
    }

    @Test("JSON: an array of objects with time, room, nick, kind and text, that JSONSerialization reads back")
    func json() throws {
        let text = TranscriptExport.json(Self.lines)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == 4)
        #expect(parsed[0]["time"] as? String == "2027-01-15T08:00:00Z")
        #expect(parsed[0]["text"] as? String == "bom dia, \"turma\"")
        #expect(parsed[1]["text"] as? String == "acena 👋")
        #expect(parsed[2]["nick"] is NSNull)
        #expect(parsed[3]["text"] as? String == "to ana: a\\b\tc")
        #expect(Set(parsed.flatMap(\.keys)) == ["time", "room", "nick", "kind", "text"])
        // One object a line, its keys sorted.
        #expect(text.split(separator: "\n").count == 6)
        #expect(text.split(separator: "\n")[1].hasPrefix(##"{"kind":"chat","nick":"ana","room":"#math","text":"##))
        #expect(TranscriptExport.json([]) == "[]\n")
        #expect(JSONValue.literal("\u{1}\u{2028}") == "\"\\u0001\\u2028\"")
    }

    @Test("--output FILE comes off the command line, in either spelling")
    func outputOption() {
        #expect(OutputOption.split("export #math --output a.csv --format csv") == ("export #math --format csv", "a.csv"))
        #expect(OutputOption.split("export #math --output=b.json") == ("export #math", "b.json"))
        #expect(OutputOption.split("export #math --output") == ("export #math --output", nil))
        #expect(OutputOption.split("say #lobby hi  there") == ("say #lobby hi  there", nil))
    }
}

@Suite("Attendance")
struct AttendanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ seconds: TimeInterval) -> Date { Self.t0.addingTimeInterval(seconds) }

    static func event(
        _ seconds: TimeInterval, _ connection: String, _ room: String, _ nick: String, _ kind: PresenceEvent.Kind
    ) -> Attendance.Event {
        Attendance.Event(
            time: Self.at(seconds), connection: connection, roomKey: room, nick: nick, address: "10.0.0.\(connection.count)",
            kind: kind)
    }

    static let events = [
        // An earlier run that ended without goodbyes: its last event ends open stays.
        event(0, "r1/1", "#math", "guest-1", .join),
        event(10, "r1/1", "#math", "ana", .rename),
        event(100, "r1/2", "#math", "bob", .join),
        event(200, "r1/2", "#math", "bob", .leave),
        // This run: rui comes and goes twice, and is still there.
        event(1000, "r2/1", "#math", "rui", .join),
        event(1100, "r2/1", "#math", "rui", .leave),
        event(1100, "r2/1", "#art", "rui", .join),
        event(1200, "r2/1", "#art", "rui", .leave),
        event(1200, "r2/1", "#math", "rui", .join),
    ]

    @Test("per connection: nicks, first join, last leave, time present, messages; open stays end now or at the run's end")
    func compute() {
        let rows = Attendance.compute(
            events: Self.events, messages: ["r1/1": 4, "r2/1": 2], roomKey: "#math", since: nil, now: Self.at(1500),
            currentRun: "r2")
        #expect(rows.map(\.nicks) == [["guest-1", "ana"], ["bob"], ["rui"]])
        #expect(rows.map(\.present) == [200, 100, 100 + 300])
        #expect(rows.map(\.lastLeave) == [Self.at(200), Self.at(200), nil])
        #expect(rows.map(\.messages) == [4, 0, 2])
        #expect(
            Attendance.render(rows[0])
                == "ana (also guest-1) 10.0.0.4: first join 2027-01-15 08:00:00 UTC, last leave 2027-01-15 08:03:20 UTC, present 3m 20s, 4 messages")
        #expect(Attendance.render(rows[2]).hasSuffix("still here, present 6m 40s, 2 messages"))
    }

    @Test("all rooms at once, and --since cuts stays that began before it")
    func allRoomsSince() {
        let rows = Attendance.compute(
            events: Self.events, messages: [:], roomKey: nil, since: Self.at(1050), now: Self.at(1500), currentRun: "r2")
        #expect(rows.count == 1)
        #expect(rows.first?.firstJoin == Self.at(1050))
        #expect(rows.first?.present == 450)
    }
}
