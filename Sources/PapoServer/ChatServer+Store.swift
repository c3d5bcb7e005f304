import Foundation
import Logging
import PapoCore

extension ChatServer {
    /// Runs an operator command's store query (`export`, `attendance`) after the chat lock, on
    /// the store's readers, and turns the rows into the operator's result.
    func answer(_ query: OperatorQuery, at now: Date) async -> OperatorResult {
        guard let store = self.configuration.store else {
            return OperatorResult(isSuccess: false, lines: [], error: "papod keeps no store (it could not open its database)")
        }
        do {
            let rows = try await store.fetch(query.storeQuery)
            return query.finish(rows, now: now, timeZone: self.configuration.chat.timeZone)
        } catch {
            self.logger.error("cannot read the database: \(error)")
            return OperatorResult(isSuccess: false, lines: [], error: "cannot read the database: \(error)")
        }
    }
}
