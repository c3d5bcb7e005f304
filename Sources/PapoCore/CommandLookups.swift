/// Lookups every command handler needs, each failing with the error a user should see.
extension ChatState {
    /// The client running a user-scope command.
    func caller(_ invocation: Invocation) throws(CommandError) -> ClientRecord {
        guard let id = invocation.clientID, let client = self.clients[id] else {
            throw CommandError(.needsConnectedClient, ["usage": "\(invocation.spec.usage(for: invocation.scope))"])
        }
        return client
    }

    /// A connected client by nick or client id.
    func target(_ name: String) throws(CommandError) -> ClientRecord {
        guard let client = self.resolveClient(name) else { throw .noSuchNick(name) }
        return client
    }

    /// A room name as typed, validated.
    func roomName(_ name: String) throws(CommandError) -> RoomName {
        do throws(NameError) {
            return try RoomName(name)
        } catch {
            throw CommandError(error.message)
        }
    }
}
