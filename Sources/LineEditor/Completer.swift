/// Tab completion as a plain Swift function, so completion rules stay testable without readline.
///
/// The console calls it on its readline thread; the returned candidates replace the word being
/// completed, so they should already be filtered by ``CompletionRequest/partialWord``
/// (``matching(_:prefix:)`` does that).
public struct Completer: Sendable {
    private let body: @Sendable (CompletionRequest) -> [String]

    /// Wraps a function that returns the candidates for a request.
    public init(_ body: @escaping @Sendable (CompletionRequest) -> [String]) {
        self.body = body
    }

    /// Returns the candidates for `request`.
    public func complete(_ request: CompletionRequest) -> [String] {
        self.body(request)
    }

    /// Keeps the candidates that start with `prefix`, ignoring case, sorted and without
    /// duplicates.
    ///
    /// Case is ignored because nicks and rooms are case-insensitive in Papo; duplicates are
    /// dropped because readline would list them twice.
    public static func matching(_ candidates: [String], prefix: String) -> [String] {
        let foldedPrefix = prefix.lowercased()
        let matches = Set(candidates.filter { $0.lowercased().hasPrefix(foldedPrefix) })
        return matches.sorted { left, right in
            let foldedLeft = left.lowercased()
            let foldedRight = right.lowercased()
            return foldedLeft == foldedRight ? left < right : foldedLeft < foldedRight
        }
    }
}
