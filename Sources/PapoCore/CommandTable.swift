/// The single table of commands. Names and aliases are lower-case and unique within a scope.
public struct CommandTable: Sendable {
    public let specs: [CommandSpec]
    /// Scope → name or alias → position in `specs`. Per scope, so a name may mean one command
    /// to users and another to the operator.
    private let index: [CommandScope: [String: Int]]

    public init(_ specs: [CommandSpec]) {
        self.specs = specs
        var index: [CommandScope: [String: Int]] = [:]
        for (position, spec) in specs.enumerated() {
            for scope in spec.scopes {
                for name in [spec.name] + spec.aliases + spec.portugueseNames where index[scope]?[name] == nil {
                    index[scope, default: [:]][name] = position
                }
            }
        }
        self.index = index
    }

    /// The command called `name` (case-insensitive) that may be typed in `scope`.
    public func lookup(_ name: String, scope: CommandScope) -> CommandSpec? {
        guard let position = self.index[scope]?[name.lowercased()] else { return nil }
        return self.specs[position]
    }

    /// The commands of one scope, in table order.
    public func specs(in scope: CommandScope) -> [CommandSpec] {
        self.specs.filter { $0.scopes.contains(scope) }
    }

    /// `help` first, then the operator's own commands, so that each scope's `help` lists its
    /// own commands before the moderation commands both share.
    public static let standard = CommandTable(
        [HelpCommand.spec] + OperatorCommands.specs + UserCommands.specs + ModerationCommands.specs + [PrivacyCommand.spec]
            + QuestionCommands.specs + PollCommands.specs + LineRemovalCommands.specs)
}
