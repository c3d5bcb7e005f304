import Testing

@testable import PapoCore

@Suite("Nick")
struct NickTests {
    @Test(
        "Letters, digits, underscore and hyphen make a valid nick",
        arguments: [
            "ana", "Ana_Maria", "bob-2", "x", "José", "Zoë", "名前", "Ελένη", "user_42", "guest", "guest-", "guest-x",
            "guest-1a", "admin2", "_", "-", String(repeating: "a", count: 24), String(repeating: "ç", count: 24),
        ]
    )
    func validNicks(raw: String) throws {
        let nick = try Nick(raw)
        #expect(nick.name == raw)
        #expect(nick.description == raw)
    }

    @Test("An empty nick is refused")
    func emptyNick() {
        #expect(throws: NameError.empty(what: "nick")) { try Nick("") }
    }

    @Test("A nick has at most 24 characters, counted as characters rather than bytes")
    func tooLong() throws {
        #expect(throws: NameError.tooLong(what: "nick", limit: 24)) { try Nick(String(repeating: "a", count: 25)) }
        #expect(throws: NameError.tooLong(what: "nick", limit: 24)) { try Nick(String(repeating: "é", count: 25)) }
        #expect(try Nick(String(repeating: "世", count: 24)).name.count == 24)
    }

    @Test(
        "A nick with any other character is refused, naming the first one",
        arguments: [
            ("ana maria", " "), ("ana!", "!"), ("a.b", "."), ("#room", "#"), ("tab\there", "\t"), ("\u{1B}[31m", "\u{1B}"),
            ("hi😀", "😀"), ("@op", "@"), ("+v", "+"), ("a/b", "/"), ("semi;colon", ";"), ("zero\u{200B}width", "\u{200B}"),
            ("new\nline", "\n"), ("q\u{301}", "q\u{301}"),
        ] as [(String, Character)]
    )
    func invalidCharacters(raw: String, bad: Character) {
        #expect(throws: NameError.invalidCharacter(what: "nick", bad)) { try Nick(raw) }
    }

    @Test(
        "Reserved names and guest-N are refused in any case or width",
        arguments: [
            "admin", "ADMIN", "Server", "root", "papod", "NickServ", "everyone", "ａｄｍｉｎ", "guest-1", "Guest-42",
            "GUEST-007", "guest-１",
        ]
    )
    func reservedNames(raw: String) {
        #expect(throws: NameError.reserved(raw)) { try Nick(raw) }
    }

    @Test("Every reserved name is stored in its comparison form")
    func reservedNamesAreKeys() {
        for name in Nick.reservedNames {
            #expect(IdentifierKey.make(name) == name)
        }
    }

    @Test("Nicks compare case-insensitively and by compatibility form")
    func equalityIgnoresCaseAndWidth() throws {
        let ana = try Nick("Ana")
        #expect(ana == (try Nick("ANA")))
        #expect(ana == (try Nick("ａｎａ")))
        #expect(ana != (try Nick("Ana2")))
        #expect(Set([ana, try Nick("ana"), try Nick("ANA")]).count == 1)
        #expect(ana.key == "ana")
        #expect(ana.name == "Ana", "the owner's spelling is kept")
    }

    @Test("A decomposed nick is stored precomposed")
    func canonicalComposition() throws {
        let nick = try Nick("Jose\u{301}")
        #expect(nick.name.unicodeScalars.count == 4)
        #expect(nick == (try Nick("José")))
    }

    @Test("The server names guests guest-N")
    func guestNicks() {
        #expect(Nick.guest(5).name == "guest-5")
        #expect(Nick.guest(5).description == "guest-5")
        #expect(Nick.guest(12).key == "guest-12")
    }

    @Test(
        "Name errors read as advice",
        arguments: [
            (NameError.empty(what: "nick"), "a nick cannot be empty"),
            (.tooLong(what: "nick", limit: 24), "a nick has at most 24 characters"),
            (.invalidCharacter(what: "nick", "!"), "a nick may only hold letters, digits, _ and - (not '!')"),
            (.invalidCharacter(what: "room name", " "), "a room name may only hold letters, digits, _ and - (not U+0020)"),
            (.invalidCharacter(what: "nick", "\u{1B}"), "a nick may only hold letters, digits, _ and - (not U+001B)"),
            (.missingHash("math"), "room names start with #, as in #math"),
            (.reserved("admin"), "admin is reserved"),
        ]
    )
    func nameErrorDescriptions(error: NameError, text: String) {
        #expect(error.description == text)
    }
}
