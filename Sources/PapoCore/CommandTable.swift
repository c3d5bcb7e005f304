/// The single table of commands. Names and aliases are lower-case and unique within a scope.
public struct CommandTable: Sendable {
    public let specs: [CommandSpec]
    private let index: [String: Int]

    public init(_ specs: [CommandSpec]) {
        self.specs = specs
        var index: [String: Int] = [:]
        for (position, spec) in specs.enumerated() {
            for name in [spec.name] + spec.aliases where index[name] == nil {
                index[name] = position
            }
        }
        self.index = index
    }

    /// The command called `name` (case-insensitive) that may be typed in `scope`.
    public func lookup(_ name: String, scope: CommandScope) -> CommandSpec? {
        guard let position = self.index[name.lowercased()] else { return nil }
        let spec = self.specs[position]
        return spec.scopes.contains(scope) ? spec : nil
    }

    /// The commands of one scope, in table order.
    public func specs(in scope: CommandScope) -> [CommandSpec] {
        self.specs.filter { $0.scopes.contains(scope) }
    }

    public static let standard = CommandTable(UserCommands.specs)
}
