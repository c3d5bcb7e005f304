/// Tab completion from the command table: command names first, then each argument by its
/// kind. Pure: the names it offers come in as values.
public struct CommandCompletion: Sendable {
    /// The live names completion may offer.
    public struct Names: Sendable, Equatable {
        public var nicks: [String]
        public var rooms: [String]
        public var clientIDs: [String]

        public init(nicks: [String] = [], rooms: [String] = [], clientIDs: [String] = []) {
            self.nicks = nicks
            self.rooms = rooms
            self.clientIDs = clientIDs
        }
    }

    public let table: CommandTable
    public let scope: CommandScope
    /// In Portuguese the Portuguese names are offered too (`/entrar`, `/mão`).
    public let language: Language

    public init(table: CommandTable = .standard, scope: CommandScope, language: Language = .english) {
        self.table = table
        self.scope = scope
        self.language = language
    }

    /// The names a command is offered under in this language.
    private func names(of spec: CommandSpec) -> [String] {
        self.language == .portuguese ? [spec.name] + spec.portugueseNames : [spec.name]
    }

    /// Candidates for the word being typed, given the complete words before it.
    public func candidates(wordsBefore: [String], partial: String, names: Names) -> [String] {
        let prefix = self.scope == .user ? "/" : ""
        guard let commandWord = wordsBefore.first else {
            let commands = self.table.specs(in: self.scope).flatMap { self.names(of: $0) }.map { prefix + $0 }
            return Self.matching(commands, partial)
        }
        // A user's line without its `/` is chat, not a command.
        guard commandWord.hasPrefix(prefix) else { return [] }
        let bare = String(commandWord.dropFirst(prefix.count))
        guard let spec = self.table.lookup(bare, scope: self.scope) else { return [] }
        let candidates = Self.arguments(at: wordsBefore.count - 1, of: spec, wordsTyped: Array(wordsBefore.dropFirst()))
        return Self.matching(candidates.flatMap { self.values(for: $0, names: names) }, partial)
    }

    /// The arguments the next word may fill: one, or a switch the user may leave out and the
    /// argument after it.
    static func arguments(at index: Int, of spec: CommandSpec, wordsTyped: [String]) -> [ArgumentSpec] {
        guard let argument = Self.argument(at: index, of: spec, wordsTyped: wordsTyped) else { return [] }
        guard argument.kind == .flag, let position = spec.arguments.firstIndex(of: argument),
            position + 1 < spec.arguments.count
        else { return [argument] }
        return [argument, spec.arguments[position + 1]]
    }

    /// The argument the next word fills, skipping an optional duration the user did not type.
    static func argument(at index: Int, of spec: CommandSpec, wordsTyped: [String]) -> ArgumentSpec? {
        var position = 0
        for argument in spec.arguments {
            if argument.kind == .text { return argument }
            if position == index { return argument }
            if argument.kind == .duration, position < wordsTyped.count, TimeSpan.parse(wordsTyped[position]) == nil {
                continue  // the typed word was not a duration, so it belongs to the next argument
            }
            if argument.kind == .flag, position < wordsTyped.count, !argument.choices.contains(wordsTyped[position].lowercased()) {
                continue  // likewise for a switch not typed
            }
            position += 1
        }
        return nil
    }

    func values(for argument: ArgumentSpec, names: Names) -> [String] {
        if !argument.choices.isEmpty { return argument.choices }
        switch argument.kind {
        case .nick: return names.nicks
        // Users name people by nick; the operator may also use client ids.
        case .client: return self.scope == .operator ? names.nicks + names.clientIDs : names.nicks
        case .room: return names.rooms
        case .command: return self.table.specs(in: self.scope).flatMap { self.names(of: $0) }
        case .logLevel: return OperatorCommands.logLevels
        case .duration: return ["30s", "5m", "10m", "1h", "1d"]
        case .word, .text, .flag: return []
        }
    }

    /// Case-insensitive prefix matches, sorted, without duplicates.
    static func matching(_ candidates: [String], _ partial: String) -> [String] {
        let lowered = partial.lowercased()
        return Array(Set(candidates.filter { $0.lowercased().hasPrefix(lowered) })).sorted()
    }
}

extension ChatState {
    /// The nicks, rooms and client ids completion may offer now.
    public var completionNames: CommandCompletion.Names {
        let clients = self.clients.values.sorted { $0.id < $1.id }
        return CommandCompletion.Names(
            nicks: clients.map(\.nick.name),
            rooms: self.rooms.values.map(\.name.name).sorted(),
            clientIDs: clients.map(\.id.description))
    }
}
