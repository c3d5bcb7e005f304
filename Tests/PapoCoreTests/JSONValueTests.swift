import Foundation
import Testing

@testable import PapoCore

@Suite("JSONValue")
struct JSONValueTests {
    static let samples: [JSONValue] = [
        .null, .bool(true), .bool(false), .number(0), .number(-2.5), .int(42), .number(1e-7), .string(""),
        .string("olá \"mundo\"\n\u{1B}"), .array([]), .object([:]),
        .array([.int(1), .string("1"), .bool(true), .null, .array([.number(0.5)])]),
        .object([
            "id": .string("c2"), "queuedBytes": .int(2048), "muted": .bool(false), "topic": .null,
            "rows": .array([.object(["n": .int(1)])]),
        ]),
    ]

    @Test("Values survive encoding and decoding", arguments: samples)
    func roundTrip(value: JSONValue) throws {
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }

    @Test("JSON text decodes to the matching cases, true and 1 kept apart")
    func decodesText() throws {
        let text = #"{"a": 1, "b": true, "c": null, "d": "x", "e": [1.5, false, 0], "f": {}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(
            value
                == .object([
                    "a": .number(1), "b": .bool(true), "c": .null, "d": .string("x"),
                    "e": .array([.number(1.5), .bool(false), .number(0)]), "f": .object([:]),
                ]))
    }

    @Test("Whole numbers encode without a fraction and null fields stay", arguments: [
        (JSONValue.int(42), "42"), (.number(2.5), "2.5"), (.null, "null"), (.bool(true), "true"), (.string("a"), #""a""#),
        (.object(["b": .int(1), "a": .null]), #"{"a":null,"b":1}"#), (.array([.int(-3), .null]), "[-3,null]"),
    ])
    func encodesText(value: JSONValue, text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == text)
    }

    @Test("optional and int build the expected cases")
    func helpers() {
        #expect(JSONValue.optional(nil) == .null)
        #expect(JSONValue.optional("x") == .string("x"))
        #expect(JSONValue.int(-7) == .number(-7))
    }

    @Test("An operator result's data round-trips as JSON")
    func operatorData() throws {
        var state = ChatState()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        _ = state.connect(ClientID(1), address: "10.0.0.1", at: start)
        let data = try #require(state.executeOperator("clients", at: start).result.data)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(data))
        #expect(decoded == data)
    }
}
