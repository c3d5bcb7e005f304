import Foundation
import Logging
import PapoCore

extension ChatServer {
    /// Runs an operator command's store query (`export`, `attendance`) after the chat lock, on
    /// the store's readers, and turns the rows into the operator's result.
    func answer(_ query: OperatorQuery, at now: Date) async -> OperatorResult {
        guard let store = self.configuration.store else {
            return OperatorResult(
                isSuccess: false, lines: [], error: Message(.noStore).rendered(in: self.configuration.chat.language))
        }
        do {
            let rows = try await store.fetch(query.storeQuery)
            return query.finish(
                rows, now: now, timeZone: self.configuration.chat.timeZone, language: self.configuration.chat.language)
        } catch {
            self.logger.error("cannot read the database: \(error)")
            let message = Message(.cannotReadDatabase, ["error": "\(error)"])
            return OperatorResult(isSuccess: false, lines: [], error: message.rendered(in: self.configuration.chat.language))
        }
    }
}
