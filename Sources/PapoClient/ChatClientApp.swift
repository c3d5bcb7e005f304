import Foundation
import LineEditor
import NIOCore
import NIOPosix
import PapoCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How `papo` was asked to run.
public struct ClientOptions: Sendable {
    public var host: String
    public var port: Int
    public var nick: String?
    public var room: String?
    public var reconnects: Bool
    /// Seconds to keep reading replies after piped input ends.
    public var linger: Double
    public var historyPath: String?

    public init(
        host: String = "localhost", port: Int = 5050, nick: String? = nil, room: String? = nil,
        reconnects: Bool = true, linger: Double = 0, historyPath: String? = nil
    ) {
        self.host = host
        self.port = port
        self.nick = nick
        self.room = room
        self.reconnects = reconnects
        self.linger = linger
        self.historyPath = historyPath
    }
}

/// The papo client: user input and server lines in, one event at a time, through the session.
public enum ChatClientApp {
    /// Exit statuses: 0 left politely, 1 no connection, 2 removed by a moderator.
    public enum Status: Int32, Sendable {
        case left = 0
        case noConnection = 1
        case removed = 2
    }

    enum Event: Sendable {
        case input(String)
        case inputEnded
        case serverLine(generation: Int, String)
        case closed(generation: Int)
        case reconnect
        case lingerOver
        /// The server did not close after our goodbye: leave anyway.
        case leaveTimedOut
    }

    /// Waits between reconnection attempts: 1 s, doubling, at most 30 s.
    static func backoff(attempt: Int) -> Int {
        min(30, 1 << min(attempt, 5))
    }

    public static func run(_ options: ClientOptions) async -> Status {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let status = await Self.run(options, group: group)
        try? await group.shutdownGracefully()
        return status
    }

    private static func run(_ options: ClientOptions, group: MultiThreadedEventLoopGroup) async -> Status {
        let isTerminal = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let environment = ProcessInfo.processInfo.environment
        let colours = LineColorizer(
            isEnabled: isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty)
        var session = ClientSession(nick: options.nick, room: options.room)
        let completionNames = NickList()
        let (events, sink) = AsyncStream<Event>.makeStream()
        let loop = group.next()

        let input: any LineInput
        if isTerminal {
            let history = HistoryStore(
                path: options.historyPath ?? HistoryPolicy.defaultPath(fileName: "papo_history", environment: environment))
            input = Console(
                prompt: session.prompt, completer: Self.completer(names: completionNames), history: history,
                keepsPastesTogether: true)
        } else {
            input = PlainLineReader()
        }
        let show: @Sendable (ReceivedLine) -> Void = { input.printAbove(colours.render($0)) }
        let say: @Sendable (String) -> Void = { show(ReceivedLine(text: "-!- \($0)", kind: .notice)) }

        var generation = 0
        func connect() async -> ChatConnection? {
            generation += 1
            let current = generation
            session.connectionStarted()
            return try? await ChatConnection.connect(
                host: options.host, port: options.port, group: group,
                onLine: { sink.yield(.serverLine(generation: current, $0)) },
                onClose: { sink.yield(.closed(generation: current)) })
        }

        guard var connection = await connect() else {
            FileHandle.standardError.write(
                Data("papo: cannot connect to \(options.host):\(options.port)\n".utf8))
            return .noConnection
        }
        var isConnected = true
        input.start(onLine: { sink.yield(.input($0)) }, onEnd: { sink.yield(.inputEnded) })
        var attempt = 0
        var status: Status?

        func carryOut(_ outcome: ClientSession.Outcome) {
            for line in outcome.display { show(line) }
            if isConnected {
                for payload in outcome.send { connection.send(payload) }
            }
            input.setPrompt(session.prompt)
            completionNames.current = session.roomNicks
        }
        func leave() {
            guard isConnected else {
                status = .left
                return
            }
            carryOut(session.leave())
            loop.scheduleTask(in: .seconds(5)) { sink.yield(.leaveTimedOut) }
        }

        for await event in events {
            switch event {
            case .serverLine(let lineGeneration, let line) where lineGeneration == generation:
                carryOut(session.receive(line))
            case .serverLine:
                break
            case .input(let text):
                guard isConnected else {
                    say("not connected; your message was not sent")
                    continue
                }
                carryOut(session.input(text))
            case .inputEnded:
                if !isTerminal && options.linger > 0 {
                    loop.scheduleTask(in: .milliseconds(Int64(options.linger * 1000))) { sink.yield(.lingerOver) }
                } else {
                    leave()
                }
            case .lingerOver:
                leave()
            case .leaveTimedOut:
                status = .left
            case .closed(let closedGeneration) where closedGeneration == generation:
                isConnected = false
                if session.removal != nil {
                    status = .removed
                } else if session.isLeaving {
                    status = .left
                } else if !options.reconnects {
                    say("the connection to \(options.host):\(options.port) was lost")
                    status = .noConnection
                } else {
                    let delay = Self.backoff(attempt: attempt)
                    say("the connection to \(options.host):\(options.port) was lost; reconnecting in \(delay)s")
                    loop.scheduleTask(in: .seconds(Int64(delay))) { sink.yield(.reconnect) }
                }
            case .closed:
                break
            case .reconnect:
                if let restored = await connect() {
                    connection = restored
                    isConnected = true
                    attempt = 0
                    say("reconnected to \(options.host):\(options.port)")
                } else {
                    attempt += 1
                    let delay = Self.backoff(attempt: attempt)
                    say("cannot reach \(options.host):\(options.port); retrying in \(delay)s")
                    loop.scheduleTask(in: .seconds(Int64(delay))) { sink.yield(.reconnect) }
                }
            }
            if status != nil { break }
        }
        sink.finish()
        input.stop()
        if isConnected { connection.close() }
        return status ?? .left
    }

    /// Tab: command names for a leading `/`, else nicks seen in the room.
    static func completer(names nicks: NickList) -> Completer {
        Completer { request in
            let roomNicks = nicks.current
            if request.wordsBefore.isEmpty && request.partialWord.hasPrefix("/") {
                return CommandCompletion(scope: .user).candidates(
                    wordsBefore: [], partial: request.partialWord, names: .init(nicks: roomNicks))
            }
            if let first = request.wordsBefore.first, first.hasPrefix("/") {
                return CommandCompletion(scope: .user).candidates(
                    wordsBefore: request.wordsBefore, partial: request.partialWord, names: .init(nicks: roomNicks))
            }
            return Completer.matching(roomNicks, prefix: request.partialWord)
        }
    }
}

/// The room's nicks, shared with the readline thread for completion.
final class NickList: Sendable {
    private let names = Mutex<[String]>([])

    var current: [String] {
        get { self.names.withLock { $0 } }
        set { self.names.withLock { $0 = newValue } }
    }
}
