/// Where a command may be typed.
public enum CommandScope: Sendable, Hashable {
    /// A connected client, as `/name`.
    case user
    /// The server's operator, at the console or through papoctl, as a bare `name`.
    case `operator`
}

/// One argument in a command's usage. The kind drives parsing and tab completion.
public struct ArgumentSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable, CaseIterable {
        /// The nick of someone connected.
        case nick
        /// A room name.
        case room
        /// A command name.
        case command
        /// Any single word.
        case word
        /// A duration such as `30s`, `10m`, `2h`, `1d`. When optional, a word that is not a
        /// duration is left for the next argument (`/ban bob spamming`).
        case duration
        /// A log level name.
        case logLevel
        /// A client by nick or id (`c12`), for the operator.
        case client
        /// The rest of the line, spaces included.
        case text
        /// A switch such as `--nick-only`, always optional: the word itself where it is typed;
        /// any other word is left for the next argument.
        case flag
    }

    public let name: String
    public let kind: Kind
    public let isOptional: Bool
    /// The only words accepted, if the argument is a choice (`on|off`).
    public let choices: [String]

    public init(name: String, kind: Kind, isOptional: Bool, choices: [String] = []) {
        self.name = name
        self.kind = kind
        self.isOptional = isOptional
        self.choices = choices
    }

    public static func nick(_ name: String = "NICK", optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .nick, isOptional: optional)
    }
    public static func room(_ name: String = "ROOM", optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .room, isOptional: optional)
    }
    public static func command(_ name: String = "COMMAND", optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .command, isOptional: optional)
    }
    public static func word(_ name: String, optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .word, isOptional: optional)
    }
    public static func rest(_ name: String, optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .text, isOptional: optional)
    }
    public static func client(_ name: String = "CLIENT", optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .client, isOptional: optional)
    }
    public static func duration(_ name: String = "DURATION", optional: Bool = true) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .duration, isOptional: optional)
    }
    public static func flag(_ flag: String) -> ArgumentSpec {
        ArgumentSpec(name: flag, kind: .flag, isOptional: true, choices: [flag])
    }
    public static func choice(_ choices: [String], optional: Bool = false) -> ArgumentSpec {
        ArgumentSpec(name: choices.joined(separator: "|"), kind: .word, isOptional: optional, choices: choices)
    }

    /// `NAME` or `[NAME]`.
    public var usage: String { self.isOptional ? "[\(self.name)]" : self.name }

    /// The usage with the argument's name in `language` (`[MOTIVO]`); choices stay as typed.
    public func usage(in language: Language) -> String {
        let shown = self.choices.isEmpty ? ArgumentNames.name(self.name, in: language) : self.name
        return self.isOptional ? "[\(shown)]" : shown
    }
}

/// A command's rule: `(state, invocation)`, throwing a user-facing error.
public typealias CommandHandler = @Sendable (inout ChatState, Invocation) throws(CommandError) -> Void

/// One entry of the command table: parsing, permission, help and completion all read it.
public struct CommandSpec: Sendable {
    public let name: String
    public let aliases: [String]
    /// Names a Brazilian student would guess (`entrar`, `mão`), the first the one `/help`
    /// shows in Portuguese. Accepted in every language, as the English ones are.
    public let portugueseNames: [String]
    public let scopes: Set<CommandScope>
    public let requiredRole: Role
    public let arguments: [ArgumentSpec]
    /// What `/help` says the command does, from the catalogue.
    public let summary: MessageID
    /// Extra lines for `/help NAME`.
    public let details: [Message]
    let handler: CommandHandler

    public init(
        name: String,
        aliases: [String] = [],
        portugueseNames: [String] = [],
        scopes: Set<CommandScope>,
        requiredRole: Role = .user,
        arguments: [ArgumentSpec] = [],
        summary: MessageID,
        details: [Message] = [],
        handler: @escaping CommandHandler
    ) {
        self.name = name
        self.aliases = aliases
        self.portugueseNames = portugueseNames
        self.scopes = scopes
        self.requiredRole = requiredRole
        self.arguments = arguments
        self.summary = summary
        self.details = details
        self.handler = handler
    }

    /// `/name ARG [OPTIONAL]` for users, `name ARG [OPTIONAL]` for the operator.
    public func usage(for scope: CommandScope) -> String {
        let prefix = scope == .user ? "/" : ""
        return ([prefix + self.name] + self.arguments.map(\.usage)).joined(separator: " ")
    }

    /// The name `/help` shows in `language`.
    public func name(in language: Language) -> String {
        language == .portuguese ? self.portugueseNames.first ?? self.name : self.name
    }

    /// Every name the command answers to but the one shown in `language`.
    public func otherNames(in language: Language) -> [String] {
        ([self.name] + self.aliases + self.portugueseNames).filter { $0 != self.name(in: language) }
    }

    /// The usage as `/help` shows it in `language`: `/entrar SALA`.
    public func usage(for scope: CommandScope, in language: Language) -> String {
        let prefix = scope == .user ? "/" : ""
        let arguments = self.arguments.map { $0.usage(in: language) }
        return ([prefix + self.name(in: language)] + arguments).joined(separator: " ")
    }
}
