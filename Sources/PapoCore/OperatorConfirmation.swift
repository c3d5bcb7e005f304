/// Operator commands that papod's console and papoctl's prompt ask about before they run:
/// those that cannot be undone (`clear ROOM`). Pure, so both prompts ask the same.
public enum OperatorConfirmation {
    /// The question to ask before running `line`, or nil if it runs straight away.
    public static func question(for line: String, in language: Language) -> String? {
        let words = line.split(whereSeparator: \.isWhitespace)
        guard let name = words.first?.lowercased(), ["clear", "limpar"].contains(name), words.count >= 2 else { return nil }
        return Message(.consoleConfirmClear, ["room": "\(words[1])"]).rendered(in: language)
    }

    /// Whether `answer` says yes, in either language: `y`, `yes`, `s`, `sim`.
    public static func isYes(_ answer: String) -> Bool {
        ["y", "yes", "s", "sim"].contains(answer.trimmingWhitespace().lowercased())
    }

    /// What is said when the answer is not yes.
    public static func declined(in language: Language) -> String {
        Message(.consoleNotCleared).rendered(in: language)
    }
}
