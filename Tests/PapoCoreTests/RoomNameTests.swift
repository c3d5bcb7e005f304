import Testing

@testable import PapoCore

@Suite("RoomName")
struct RoomNameTests {
    @Test(
        "A room name is # and letters, digits, _ or -; the # may be left out",
        arguments: [
            ("#math", "#math"), ("math", "#math"), ("#Math_101", "#Math_101"), ("#a", "#a"), ("#sala-de-aula", "#sala-de-aula"),
            ("#café", "#café"), ("#数学", "#数学"), ("#" + String(repeating: "r", count: 32), "#" + String(repeating: "r", count: 32)),
        ]
    )
    func validNames(raw: String, name: String) throws {
        let room = try RoomName(raw)
        #expect(room.name == name)
        #expect(room.description == name)
    }

    @Test("An empty room name is refused", arguments: ["", "#"])
    func emptyName(raw: String) {
        #expect(throws: NameError.empty(what: "room name")) { try RoomName(raw) }
    }

    @Test("A room name has at most 32 characters after the #")
    func tooLong() {
        #expect(throws: NameError.tooLong(what: "room name", limit: 32)) { try RoomName("#" + String(repeating: "r", count: 33)) }
        #expect(throws: NameError.tooLong(what: "room name", limit: 32)) { try RoomName(String(repeating: "r", count: 33)) }
    }

    @Test(
        "A room name with any other character is refused",
        arguments: [("#a b", " "), ("##x", "#"), ("#ma.th", "."), ("#x!", "!"), ("#\u{1B}", "\u{1B}"), ("#a\u{2028}", "\u{2028}")]
            as [(String, Character)]
    )
    func invalidCharacters(raw: String, bad: Character) {
        #expect(throws: NameError.invalidCharacter(what: "room name", bad)) { try RoomName(raw) }
    }

    @Test("An ASCII name keeps its spelling and folds only case for its key, as the general path would")
    func asciiNames() throws {
        for raw in ["#Sala-B_2", "sala-b_2", "#SALA-B_2"] {
            let room = try RoomName(raw)
            #expect(room.key == "#sala-b_2")
            #expect(room.key == IdentifierKey.make(room.name))
        }
        #expect(try RoomName("Sala-B_2").name == "#Sala-B_2")
    }

    @Test("Room names compare case-insensitively and by compatibility form")
    func equality() throws {
        let math = try RoomName("#Math")
        #expect(math == (try RoomName("math")))
        #expect(math == (try RoomName("#ＭＡＴＨ")))
        #expect(math != (try RoomName("#maths")))
        #expect(Set([math, try RoomName("#MATH")]).count == 1)
        #expect(math.key == "#math")
        #expect(math.name == "#Math")
    }

    @Test("The lobby is #lobby")
    func lobby() throws {
        #expect(RoomName.lobby.name == "#lobby")
        #expect(RoomName.lobby == (try RoomName("LOBBY")))
    }
}
