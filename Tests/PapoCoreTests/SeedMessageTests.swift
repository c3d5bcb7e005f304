import Testing

@testable import PapoCore

@Suite("SeedMessage")
struct SeedMessageTests {
    @Test(
        "The reference client's payload gives its name and text",
        arguments: [
            ("\nana enviou: oi\nDigite sua mensagem:", "ana", "oi"),
            ("\nana enviou: oi\nDigite sua mensagem: ", "ana", "oi"),
            ("\nana enviou: oi\nDigite sua mensagem:\n", "ana", "oi"),
            ("\nana enviou: oi\nDigite sua mensagem:\r\n", "ana", "oi"),
            ("\n<ana> enviou: oi\nDigite sua mensagem:", "ana", "oi"),
            ("\nAna Maria enviou: bom dia!\nDigite sua mensagem:", "Ana Maria", "bom dia!"),
            ("\nana enviou: a: b enviou: c\nDigite sua mensagem:", "ana", "a: b enviou: c"),
            ("\nana enviou: \nDigite sua mensagem:", "ana", ""),
            ("\nana enviou: Desconectar\nDigite sua mensagem:", "ana", "Desconectar"),
            ("\nana enviou: two\nlines\nDigite sua mensagem:", "ana", "two\nlines"),
        ]
    )
    func parsesSeedPayloads(payload: String, name: String, text: String) throws {
        let seed = try #require(SeedMessage(payload: payload))
        #expect(seed.name == name)
        #expect(seed.text == text)
    }

    @Test(
        "Anything else is not a seed message",
        arguments: [
            "",
            "hello",
            "ana enviou: oi\nDigite sua mensagem:",
            "\nana enviou: oi",
            "\nana enviou: oi\nDigite outra coisa:",
            "\nana disse: oi\nDigite sua mensagem:",
            "\n enviou: oi\nDigite sua mensagem:",
            "\n<> enviou: oi\nDigite sua mensagem:",
            "\nfirst\nsecond enviou: oi\nDigite sua mensagem:",
            "\nana enviou:oi\nDigite sua mensagem:",
        ]
    )
    func rejectsOtherPayloads(payload: String) {
        #expect(SeedMessage(payload: payload) == nil)
    }
}
