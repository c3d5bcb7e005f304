/// Splits a command line into its name and arguments according to the command table.
public struct CommandParser: Sendable {
    public let table: CommandTable

    public init(table: CommandTable = .standard) {
        self.table = table
    }

    public struct Parsed: Sendable {
        public let spec: CommandSpec
        public let arguments: [String?]
    }

    /// Parses `line` (without the user's leading `/`). Errors name the problem and the usage.
    public func parse(_ line: Substring, scope: CommandScope) throws(CommandError) -> Parsed {
        let trimmed = line.drop(while: \.isWhitespace)
        let nameEnd = trimmed.firstIndex(where: \.isWhitespace) ?? trimmed.endIndex
        let name = trimmed[..<nameEnd]
        let prefix = scope == .user ? "/" : ""
        guard !name.isEmpty else {
            throw CommandError(.emptyCommand, ["help": .helpHint(prefix)])
        }
        guard let spec = self.table.lookup(String(name), scope: scope) else {
            let shown = TextSanitizer.preview(String(name), limit: 30)
            throw CommandError(.unknownCommand, ["command": "\(prefix)\(shown)", "help": .helpHint(prefix)])
        }
        var rest = trimmed[nameEnd...]
        var arguments: [String?] = []
        for argument in spec.arguments {
            rest = rest.drop(while: \.isWhitespace)
            if argument.kind == .text {
                let text = Self.trimmedTrailing(rest)
                rest = rest[rest.endIndex...]
                if text.isEmpty {
                    guard argument.isOptional else { throw .usage(Message(.missingArgument, ["argument": "\(argument.name)"]), spec, scope: scope) }
                    arguments.append(nil)
                } else {
                    arguments.append(String(text))
                }
                continue
            }
            let wordEnd = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
            let word = rest[..<wordEnd]
            if argument.kind == .flag && !argument.choices.contains(word.lowercased()) {
                arguments.append(nil)
                continue
            }
            if argument.kind == .duration && !word.isEmpty && TimeSpan.parse(String(word)) == nil {
                guard argument.isOptional else {
                    let shown = TextSanitizer.preview(String(word), limit: 20)
                    throw .usage(Message(.notADuration, ["word": "\(shown)"]), spec, scope: scope)
                }
                arguments.append(nil)
                continue
            }
            rest = rest[wordEnd...]
            if word.isEmpty {
                guard argument.isOptional else { throw .usage(Message(.missingArgument, ["argument": "\(argument.name)"]), spec, scope: scope) }
                arguments.append(nil)
            } else if !argument.choices.isEmpty && !argument.choices.contains(word.lowercased()) {
                let problem = Message(.mustBeOneOf, ["argument": "\(argument.name)", "choices": .alternatives(argument.choices)])
                throw .usage(problem, spec, scope: scope)
            } else {
                arguments.append(argument.choices.isEmpty ? String(word) : word.lowercased())
            }
        }
        if !rest.allSatisfy(\.isWhitespace) {
            throw .usage(Message(.tooManyArguments), spec, scope: scope)
        }
        return Parsed(spec: spec, arguments: arguments)
    }

    private static func trimmedTrailing(_ text: Substring) -> Substring {
        var text = text
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
