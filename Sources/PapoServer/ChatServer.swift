import Foundation
import Logging
import NIOCore
import PapoCore
import Synchronization

/// The shared chat: one lock around the chat state and the table of live connections.
///
/// Connection handlers report events here; the chat state decides; the effects are handed to
/// the per-loop outboxes before the lock is released, so every connection receives lines in
/// the order the state produced them.
public final class ChatServer: Sendable {
    struct Connection {
        let channel: any Channel
        let outbox: LoopOutbox
        var lineEnding: LineEnding
    }

    struct State {
        var chat: ChatState
        var connections: [ClientID: Connection] = [:]
        var outboxes: [ObjectIdentifier: LoopOutbox] = [:]
        var nextID: UInt64 = 1
    }

    public let configuration: ServerConfiguration
    let logger: Logger
    private let state: Mutex<State>

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(State(chat: ChatState(configuration: configuration.chat)))
    }

    /// A copy of the chat state, for inspection.
    public var snapshot: ChatState {
        self.state.withLock { $0.chat }
    }

    /// Registers a new connection and welcomes its client.
    func connect(_ channel: any Channel) -> ClientID {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let now = self.configuration.now()
        let (id, audits) = self.state.withLock { state in
            let id = ClientID(state.nextID)
            state.nextID += 1
            let loopID = ObjectIdentifier(channel.eventLoop)
            let outbox = state.outboxes[loopID] ?? LoopOutbox(eventLoop: channel.eventLoop)
            state.outboxes[loopID] = outbox
            state.connections[id] = Connection(channel: channel, outbox: outbox, lineEnding: .lf)
            let effects = state.chat.connect(id, address: address, at: now)
            return (id, Self.carryOut(effects, in: &state))
        }
        self.log(audits)
        return id
    }

    func receive(_ message: InboundMessage, from id: ClientID) {
        let now = self.configuration.now()
        let audits = self.state.withLock { state in
            if case .line(_, let ending) = message {
                state.connections[id]?.lineEnding = ending
            }
            let effects = state.chat.receive(message, from: id, at: now)
            return Self.carryOut(effects, in: &state)
        }
        self.log(audits)
    }

    func disconnect(_ id: ClientID, reason: String) {
        let audits = self.state.withLock { state in
            let effects = state.chat.disconnect(id, reason: reason)
            state.connections[id] = nil
            return Self.carryOut(effects, in: &state)
        }
        self.log(audits)
    }

    func reject(_ id: ClientID, error: FramingError) {
        let audits = self.state.withLock { state in
            Self.carryOut(state.chat.reject(id, error: error), in: &state)
        }
        self.log(audits)
    }

    func shutDown(_ id: ClientID) {
        let audits = self.state.withLock { state in
            Self.carryOut(state.chat.shutDown(id), in: &state)
        }
        self.log(audits)
    }

    /// Lets time-based rules run: mutes and bans lapse, breakouts warn and end.
    func tick() {
        let now = self.configuration.now()
        let audits = self.state.withLock { state in
            Self.carryOut(state.chat.tick(at: now), in: &state)
        }
        self.log(audits)
    }

    /// Audit entries are logged after the lock is released: logging is I/O.
    private func log(_ audits: [AuditEntry]) {
        for entry in audits {
            var metadata: Logger.Metadata = ["audit.actor": "\(entry.actor)", "audit.action": "\(entry.action)"]
            if let target = entry.target { metadata["audit.target"] = "\(target)" }
            if let reason = entry.reason { metadata["audit.reason"] = "\(reason)" }
            self.logger.notice("audit: \(entry.rendered)", metadata: metadata)
        }
    }

    /// From now on departures are not announced: everyone is leaving.
    func beginShutdown() {
        self.state.withLock { $0.chat.isShuttingDown = true }
    }

    /// Encodes each line once per line ending and queues the shared bytes for every recipient.
    /// Returns the audit entries, for logging once the lock is released.
    private static func carryOut(_ effects: [Effect], in state: inout State) -> [AuditEntry] {
        var audits: [AuditEntry] = []
        for effect in effects {
            switch effect {
            case .deliver(let line, let recipients):
                let rendered = line.rendered
                var lf: ByteBuffer?
                var crlf: ByteBuffer?
                for id in recipients {
                    guard let connection = state.connections[id] else { continue }
                    let bytes: ByteBuffer
                    switch connection.lineEnding {
                    case .lf:
                        bytes = lf ?? ByteBuffer(string: rendered + "\n")
                        lf = bytes
                    case .crlf:
                        bytes = crlf ?? ByteBuffer(string: rendered + "\r\n")
                        crlf = bytes
                    }
                    connection.outbox.enqueue(.write(connection.channel, bytes))
                }
            case .close(let id):
                if let connection = state.connections.removeValue(forKey: id) {
                    connection.outbox.enqueue(.close(connection.channel))
                }
            case .audit(let entry):
                audits.append(entry)
            }
        }
        return audits
    }
}
