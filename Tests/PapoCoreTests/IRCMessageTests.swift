import Testing

@testable import PapoCore

// MARK: Helpers

private func tag(_ key: String, _ value: String? = nil) -> IRCTag { IRCTag(key: key, value: value) }

private func message(
    _ command: String,
    _ parameters: [String] = [],
    source: String? = nil,
    tags: [IRCTag] = []
) -> IRCMessage {
    IRCMessage(command: command, parameters: parameters, source: source, tags: tags)
}

/// A line and the message it parses to.
struct IRCParseCase: Sendable, CustomTestStringConvertible {
    let line: String
    let expected: IRCMessage

    init(_ line: String, _ expected: IRCMessage) {
        self.line = line
        self.expected = expected
    }

    var testDescription: String { self.line.debugDescription }
}

/// The ircdocs parser-tests `msg-split.yaml` cases. Tags there are a map, so repeats collapse;
/// a tag with no value or an empty one is nil here (the spec lets `key=` mean `key`).
private let splitCases: [IRCParseCase] = [
    IRCParseCase("foo bar baz asdf", message("FOO", ["bar", "baz", "asdf"])),
    IRCParseCase(":coolguy foo bar baz asdf", message("FOO", ["bar", "baz", "asdf"], source: "coolguy")),
    IRCParseCase("foo bar baz :asdf quux", message("FOO", ["bar", "baz", "asdf quux"])),
    IRCParseCase("foo bar baz :", message("FOO", ["bar", "baz", ""])),
    IRCParseCase("foo bar baz ::asdf", message("FOO", ["bar", "baz", ":asdf"])),
    IRCParseCase(":coolguy foo bar baz :asdf quux", message("FOO", ["bar", "baz", "asdf quux"], source: "coolguy")),
    IRCParseCase(
        ":coolguy foo bar baz :  asdf quux ", message("FOO", ["bar", "baz", "  asdf quux "], source: "coolguy")),
    IRCParseCase(":coolguy PRIVMSG bar :lol :) ", message("PRIVMSG", ["bar", "lol :) "], source: "coolguy")),
    IRCParseCase(":coolguy foo bar baz :", message("FOO", ["bar", "baz", ""], source: "coolguy")),
    IRCParseCase(":coolguy foo bar baz :  ", message("FOO", ["bar", "baz", "  "], source: "coolguy")),
    IRCParseCase(
        "@a=b;c=32;k;rt=ql7 foo",
        message("FOO", tags: [tag("a", "b"), tag("c", "32"), tag("k"), tag("rt", "ql7")])),
    IRCParseCase(
        #"@a=b\\and\nk;c=72\s45;d=gh\:764 foo"#,
        message("FOO", tags: [tag("a", "b\\and\nk"), tag("c", "72 45"), tag("d", "gh;764")])),
    IRCParseCase(
        "@c;h=;a=b :quux ab cd",
        message("AB", ["cd"], source: "quux", tags: [tag("c"), tag("h"), tag("a", "b")])),
    IRCParseCase(":src JOIN #chan", message("JOIN", ["#chan"], source: "src")),
    IRCParseCase(":src JOIN :#chan", message("JOIN", ["#chan"], source: "src")),
    IRCParseCase(":src AWAY", message("AWAY", source: "src")),
    IRCParseCase(":src AWAY ", message("AWAY", source: "src")),
    IRCParseCase(":cool\tguy foo bar baz", message("FOO", ["bar", "baz"], source: "cool\tguy")),
    IRCParseCase(
        ":coolguy!ag@net\u{03}5w\u{03}ork.admin PRIVMSG foo :bar baz",
        message("PRIVMSG", ["foo", "bar baz"], source: "coolguy!ag@net\u{03}5w\u{03}ork.admin")),
    IRCParseCase(
        ":coolguy!~ag@n\u{02}et\u{03}05w\u{0F}ork.admin PRIVMSG foo :bar baz",
        message("PRIVMSG", ["foo", "bar baz"], source: "coolguy!~ag@n\u{02}et\u{03}05w\u{0F}ork.admin")),
    IRCParseCase(
        "@tag1=value1;tag2;vendor1/tag3=value2;vendor2/tag4= :irc.example.com COMMAND param1 param2 :param3 param3",
        message(
            "COMMAND", ["param1", "param2", "param3 param3"], source: "irc.example.com",
            tags: [tag("tag1", "value1"), tag("tag2"), tag("vendor1/tag3", "value2"), tag("vendor2/tag4")])),
    IRCParseCase(
        ":irc.example.com COMMAND param1 param2 :param3 param3",
        message("COMMAND", ["param1", "param2", "param3 param3"], source: "irc.example.com")),
    IRCParseCase(
        "@tag1=value1;tag2;vendor1/tag3=value2;vendor2/tag4 COMMAND param1 param2 :param3 param3",
        message(
            "COMMAND", ["param1", "param2", "param3 param3"],
            tags: [tag("tag1", "value1"), tag("tag2"), tag("vendor1/tag3", "value2"), tag("vendor2/tag4")])),
    IRCParseCase("COMMAND", message("COMMAND")),
    IRCParseCase(#"@foo=\\\\\:\\s\s\r\n COMMAND"#, message("COMMAND", tags: [tag("foo", "\\\\;\\s \r\n")])),
    IRCParseCase(
        ":gravel.mozilla.org 432  #momo :Erroneous Nickname: Illegal characters",
        message("432", ["#momo", "Erroneous Nickname: Illegal characters"], source: "gravel.mozilla.org")),
    IRCParseCase(":gravel.mozilla.org MODE #tckk +n ", message("MODE", ["#tckk", "+n"], source: "gravel.mozilla.org")),
    IRCParseCase(
        ":services.esper.net MODE #foo-bar +o foobar  ",
        message("MODE", ["#foo-bar", "+o", "foobar"], source: "services.esper.net")),
    IRCParseCase(#"@tag1=value\\ntest COMMAND"#, message("COMMAND", tags: [tag("tag1", "value\\ntest")])),
    IRCParseCase(#"@tag1=value\1 COMMAND"#, message("COMMAND", tags: [tag("tag1", "value1")])),
    IRCParseCase(#"@tag1=value1\ COMMAND"#, message("COMMAND", tags: [tag("tag1", "value1")])),
    IRCParseCase(
        "@tag1=1;tag2=3;tag3=4;tag1=5 COMMAND",
        message("COMMAND", tags: [tag("tag1", "5"), tag("tag2", "3"), tag("tag3", "4")])),
    IRCParseCase(
        "@tag1=1;tag2=3;tag3=4;tag1=5;vendor/tag2=8 COMMAND",
        message("COMMAND", tags: [tag("tag1", "5"), tag("tag2", "3"), tag("tag3", "4"), tag("vendor/tag2", "8")])),
    IRCParseCase(":SomeOp MODE #channel :+i", message("MODE", ["#channel", "+i"], source: "SomeOp")),
    IRCParseCase(
        ":SomeOp MODE #channel +oo SomeUser :AnotherUser",
        message("MODE", ["#channel", "+oo", "SomeUser", "AnotherUser"], source: "SomeOp")),
]

/// What clients send and the Modern spec's own examples.
private let clientCases: [IRCParseCase] = [
    IRCParseCase("privmsg #papo :olá, 世界 👋", message("PRIVMSG", ["#papo", "olá, 世界 👋"])),
    IRCParseCase("NICK ana", message("NICK", ["ana"])),
    IRCParseCase("USER ana 0 * :Ana Lima", message("USER", ["ana", "0", "*", "Ana Lima"])),
    IRCParseCase("CAP LS 302", message("CAP", ["LS", "302"])),
    IRCParseCase("CAP REQ :sasl message-tags foo", message("CAP", ["REQ", "sasl message-tags foo"])),
    IRCParseCase(":irc.example.com CAP * LIST :", message("CAP", ["*", "LIST", ""], source: "irc.example.com")),
    IRCParseCase(
        ":dan!d@localhost PRIVMSG #chan ::-)", message("PRIVMSG", ["#chan", ":-)"], source: "dan!d@localhost")),
    IRCParseCase(
        "@+example.com/typing=active;+draft/reply=x1 TAGMSG #papo",
        message("TAGMSG", ["#papo"], tags: [tag("+example.com/typing", "active"), tag("+draft/reply", "x1")])),
    IRCParseCase("@label=a=b=c PING x", message("PING", ["x"], tags: [tag("label", "a=b=c")])),
    IRCParseCase("@a=\\\\\\ PING", message("PING", tags: [tag("a", "\\")])),
    IRCParseCase("@a=é\\é PING", message("PING", tags: [tag("a", "éé")])),
    IRCParseCase("  PING    a   b  :c  ", message("PING", ["a", "b", "c  "])),
    IRCParseCase("@a   :src   PING", message("PING", source: "src", tags: [tag("a")])),
    IRCParseCase("PRIVMSG #a ä:b", message("PRIVMSG", ["#a", "ä:b"])),
]

// MARK: Parsing

@Suite("IRC messages")
struct IRCMessageTests {
    @Test("The ircdocs msg-split cases parse", arguments: splitCases)
    func parsesSplitCases(_ parseCase: IRCParseCase) throws {
        #expect(try IRCMessage(parsing: parseCase.line[...]) == parseCase.expected)
    }

    @Test("Client lines parse", arguments: clientCases)
    func parsesClientLines(_ parseCase: IRCParseCase) throws {
        #expect(try IRCMessage(parsing: parseCase.line[...]) == parseCase.expected)
    }

    @Test("A substring of a larger string parses like a string of its own")
    func parsesSubstring() throws {
        let received = "xx:ana PRIVMSG #a :hi thereyy"
        let line = received.dropFirst(2).dropLast(2)
        #expect(try IRCMessage(parsing: line) == message("PRIVMSG", ["#a", "hi there"], source: "ana"))
    }

    @Test("Letter commands are upper-cased and numerics kept")
    func commandCase() throws {
        #expect(try IRCMessage(parsing: "pRiVmSg #a b").command == "PRIVMSG")
        #expect(try IRCMessage(parsing: ":s 001 ana :hi").command == "001")
        #expect(message("join").command == "JOIN")
    }

    @Test("Any number of parameters is kept, past RFC 1459's 15")
    func manyParameters() throws {
        let words = (1...20).map(String.init)
        let parsed = try IRCMessage(parsing: ("CMD " + words.joined(separator: " ") + " :last words")[...])
        #expect(parsed.parameters == words + ["last words"])
    }

    @Test("A repeated tag keeps its last value also past the linear search")
    func repeatedTags() throws {
        let keys = (0..<40).map { "k\($0)" }
        let tags = keys.map { "\($0)=1" } + keys.map { "\($0)=2" } + ["k3", "new"]
        let line = "@" + tags.joined(separator: ";") + " PING"
        let parsed = try IRCMessage(parsing: line[...])
        #expect(parsed.tags == keys.map { $0 == "k3" ? tag($0) : tag($0, "2") } + [tag("new")])
    }

    @Test("Client-only tags are told apart")
    func clientOnlyTags() {
        #expect(tag("+typing", "active").isClientOnly)
        #expect(tag("+example.com/x").isClientOnly)
        #expect(!tag("time", "2024-01-01T00:00:00.000Z").isClientOnly)
        #expect(tag("k", "").value == nil)
    }

    // MARK: Errors

    @Test(
        "Lines that are not messages are refused",
        arguments: [
            ("", IRCMessageError.empty),
            ("   ", .empty),
            ("@a=b", .missingCommand),
            ("@a=b ", .missingCommand),
            (":src", .missingCommand),
            (":src   ", .missingCommand),
            ("@a :src ", .missingCommand),
            ("12", .malformedCommand),
            ("1234 x", .malformedCommand),
            ("PRIV1MSG x", .malformedCommand),
            ("PRIV-MSG x", .malformedCommand),
            ("çava", .malformedCommand),
            (":src :PRIVMSG x", .malformedCommand),
            ("  @a PING", .malformedCommand),
            ("@ PING", .malformedTag),
            ("@=v PING", .malformedTag),
            ("@a;;b PING", .malformedTag),
            ("@a; PING", .malformedTag),
            ("@a_b PING", .malformedTag),
            ("@a.b PING", .malformedTag),
            ("@ä PING", .malformedTag),
            ("@+ PING", .malformedTag),
            ("@/a PING", .malformedTag),
            ("@v/ PING", .malformedTag),
            ("@v/a/b PING", .malformedTag),
            ("@v_x/a PING", .malformedTag),
            (": PING", .emptySource),
            ("@a :  PING", .emptySource),
            ("PRIVMSG #a :hi\0there", .forbiddenCharacter),
            ("PRIVMSG #a :hi\rthere", .forbiddenCharacter),
            ("PRIVMSG #a :hi\nthere", .forbiddenCharacter),
            ("@a=\0 PING", .forbiddenCharacter),
            ("\r", .forbiddenCharacter),
        ]
    )
    func refusesMalformedLines(line: String, error: IRCMessageError) {
        #expect(throws: error) { _ = try IRCMessage(parsing: line[...]) }
    }

    @Test("Every error describes itself")
    func errorDescriptions() {
        let errors: [IRCMessageError] = [
            .empty, .missingCommand, .malformedCommand, .malformedTag, .emptySource, .forbiddenCharacter,
        ]
        #expect(Set(errors.map(\.description)).count == errors.count)
    }

    // MARK: Serialising

    /// The ircdocs msg-join cases: the message, the line we send, and other lines that mean it.
    /// Commands come out upper-cased, so the lines we send are upper-cased too.
    static let joinCases: [(IRCMessage, String, [String])] = [
        (message("foo", ["bar", "baz", "asdf"]), "FOO bar baz asdf", ["foo bar baz :asdf"]),
        (message("AWAY", source: "src"), ":src AWAY", []),
        (message("AWAY", [""], source: "src"), ":src AWAY :", []),
        (
            message("foo", ["bar", "baz", "asdf"], source: "coolguy"), ":coolguy FOO bar baz asdf",
            [":coolguy foo bar baz :asdf"]
        ),
        (message("foo", ["bar", "baz", "asdf quux"]), "FOO bar baz :asdf quux", []),
        (message("foo", ["bar", "baz", ""]), "FOO bar baz :", []),
        (message("foo", ["bar", "baz", ":asdf"]), "FOO bar baz ::asdf", []),
        (message("foo", ["bar", "baz", "asdf quux"], source: "coolguy"), ":coolguy FOO bar baz :asdf quux", []),
        (message("foo", ["bar", "baz", "  asdf quux "], source: "coolguy"), ":coolguy FOO bar baz :  asdf quux ", []),
        (message("PRIVMSG", ["bar", "lol :) "], source: "coolguy"), ":coolguy PRIVMSG bar :lol :) ", []),
        (message("foo", ["bar", "baz", ""], source: "coolguy"), ":coolguy FOO bar baz :", []),
        (message("foo", ["bar", "baz", "  "], source: "coolguy"), ":coolguy FOO bar baz :  ", []),
        (message("foo", ["b\tar", "baz"], source: "coolguy"), ":coolguy FOO b\tar baz", [":coolguy foo b\tar :baz"]),
        (
            message("foo", ["bar", "baz", "  "], source: "coolguy", tags: [tag("asd", "")]),
            "@asd :coolguy FOO bar baz :  ", ["@asd= :coolguy foo bar baz :  "]
        ),
        (
            message("foo", tags: [tag("a", "b\\and\nk"), tag("d", "gh;764")]),
            #"@a=b\\and\nk;d=gh\:764 FOO"#, [#"@d=gh\:764;a=b\\and\nk foo"#]
        ),
        (
            message("foo", ["par1", "par2"], tags: [tag("a", "b\\and\nk"), tag("d", "gh;764")]),
            #"@a=b\\and\nk;d=gh\:764 FOO par1 par2"#,
            [
                #"@a=b\\and\nk;d=gh\:764 foo par1 :par2"#, #"@d=gh\:764;a=b\\and\nk foo par1 par2"#,
                #"@d=gh\:764;a=b\\and\nk foo par1 :par2"#,
            ]
        ),
        (message("COMMAND", tags: [tag("foo", "\\\\;\\s \r\n")]), #"@foo=\\\\\:\\s\s\r\n COMMAND"#, []),
    ]

    @Test("The ircdocs msg-join cases serialise, and every equivalent line parses back")
    func joinCasesSerialise() throws {
        for (message, line, equivalents) in Self.joinCases {
            #expect(message.serialized == line)
            for equivalent in [line] + equivalents {
                let parsed = try IRCMessage(parsing: equivalent[...])
                // Tag order is free on the wire; compare the tags as a set.
                let byKey: (IRCTag, IRCTag) -> Bool = { $0.key < $1.key }
                #expect(parsed.tags.sorted(by: byKey) == message.tags.sorted(by: byKey), "\(equivalent)")
                var reordered = parsed
                reordered.tags = message.tags
                #expect(reordered == message, "\(equivalent)")
            }
        }
    }

    @Test("Every parsed message survives serialising and parsing again", arguments: splitCases + clientCases)
    func roundTrips(_ parseCase: IRCParseCase) throws {
        let parsed = try IRCMessage(parsing: parseCase.line[...])
        #expect(try IRCMessage(parsing: parsed.serialized[...]) == parsed)
    }

    @Test("Built messages survive serialising and parsing")
    func builtRoundTrips() throws {
        let messages = [
            message("PRIVMSG", ["#papo", "hello there"], source: "ana!ana@papo"),
            message("PRIVMSG", ["#papo", ":-)"], source: "ana!ana@papo"),
            message("PRIVMSG", ["#papo", ""]),
            message(
                "PRIVMSG", ["#papo", "olá 👋"], tags: [tag("time", "2024-05-01T12:00:00.000Z"), tag("msgid", "a;b c\\d")]),
            message("PING"),
            message("353", ["ana", "=", "#papo", "@ana +bia caio"], source: "papo"),
            message("CMD", (1...16).map(String.init)),
            message("TAGMSG", ["#papo"], tags: [tag("+typing", "active"), tag("+example.com/flag")]),
            message("NOTICE", ["*", "line\\one;two three"], tags: [tag("k", "\r\n;\\ \\s")]),
        ]
        for message in messages {
            #expect(try IRCMessage(parsing: message.serialized[...]) == message, "\(message.serialized)")
        }
    }

    @Test("A last parameter gets a colon when it needs one, and always when it is text")
    func trailingColon() {
        #expect(message("PRIVMSG", ["#a", "word"]).serialized == "PRIVMSG #a :word")
        #expect(message("JOIN", ["#a"]).serialized == "JOIN #a")
        #expect(message("MODE", ["#a", "+o", "ana"]).serialized == "MODE #a +o ana")
        #expect(message("353", ["ana", "=", "#a", "ana"]).serialized == "353 ana = #a :ana")
        #expect(message("QUIT", ["Quit"]).serialized == "QUIT :Quit")
        #expect(message("PRIVMSG", ["#a", "two words"]).serialized == "PRIVMSG #a :two words")
        #expect(message("PRIVMSG", ["#a", ":)"]).serialized == "PRIVMSG #a ::)")
        #expect(message("PRIVMSG", ["#a", "a:b"]).serialized == "PRIVMSG #a :a:b")
        #expect(message("PRIVMSG", ["#a", ""]).serialized == "PRIVMSG #a :")
        #expect(message("QUIT").serialized == "QUIT")
    }

    @Test("A CR, LF or NUL in a parameter cannot start another line")
    func lineBreaksBecomeSpaces() throws {
        let sent = message("PRIVMSG", ["#a", "hi\r\nQUIT"]).serialized
        #expect(sent == "PRIVMSG #a :hi  QUIT")
        #expect(message("PRIVMSG", ["#a", "x\ny"]).serialized == "PRIVMSG #a :x y")
        #expect(message("PRIVMSG", ["#a", "x\0y"]).serialized == "PRIVMSG #a :x y")
        #expect(try IRCMessage(parsing: sent[...]).parameters == ["#a", "hi  QUIT"])
    }

    @Test("Tag values are escaped, and NUL, which no value may hold, is dropped")
    func tagEscaping() {
        #expect(message("PING", tags: [tag("k", "a;b c\\d\re\nf")]).serialized == #"@k=a\:b\sc\\d\re\nf PING"#)
        #expect(message("PING", tags: [tag("k", "a\0b")]).serialized == "@k=ab PING")
        #expect(message("PING", tags: [tag("k"), tag("v", "")]).serialized == "@k;v PING")
    }

    // MARK: Numerics

    @Test("A numeric reply carries the server, the code and the target first")
    func numericReply() throws {
        let reply = IRCMessage.numeric(
            .nicknameInUse, server: "papo.local", target: "*", ["ana", "Nickname is already in use"])
        #expect(reply.serialized == ":papo.local 433 * ana :Nickname is already in use")
        #expect(try IRCMessage(parsing: reply.serialized[...]) == reply)
        let welcome = IRCMessage.numeric(.welcome, server: "papo.local", target: "ana", ["Welcome to Papo, ana"])
        #expect(welcome.serialized == ":papo.local 001 ana :Welcome to Papo, ana")
        #expect(IRCMessage.numeric(.endOfMOTD, server: "s", target: "ana", []).serialized == ":s 376 ana")
    }

    @Test("Numeric codes are three digits, distinct, and the ones the spec gives")
    func numericCodes() {
        let codes = IRCNumeric.allCases.map(\.rawValue)
        #expect(codes.count == 71)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.utf8.count == 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        let spotChecks: [(IRCNumeric, String)] = [
            (.welcome, "001"), (.isupport, "005"), (.userModeIs, "221"), (.whoisIdle, "317"), (.topicWhoTime, "333"),
            (.namesReply, "353"), (.endOfNames, "366"), (.invalidCapCommand, "410"), (.inputTooLong, "417"),
            (.nicknameInUse, "433"), (.needMoreParams, "461"), (.unknownMode, "472"),
            (.channelOperatorPrivilegesNeeded, "482"), (.usersDontMatch, "502"), (.loggedIn, "900"),
            (.saslSuccess, "903"), (.saslMechanisms, "908"), (.luserClient, "251"), (.luserOperators, "252"),
            (.luserChannels, "254"), (.luserMe, "255"),
        ]
        for (numeric, code) in spotChecks {
            #expect(numeric.rawValue == code)
        }
    }
}
