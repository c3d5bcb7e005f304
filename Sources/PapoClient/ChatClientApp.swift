import Foundation
import LineEditor
import NIOCore
import NIOPosix
import PapoCore
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// The papo client: user input and server lines in, one event at a time, through the session.
public enum ChatClientApp {
    /// Exit statuses: 0 left politely, 1 no connection, 2 removed by a moderator, 3 the server's
    /// TLS certificate was refused.
    public enum Status: Int32, Sendable {
        case left = 0
        case noConnection = 1
        case removed = 2
        case untrusted = 3
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
        var session = ClientSession(
            nick: options.nick, room: options.room, language: options.language, strikesRemovedLines: colours.isEnabled)
        let language = options.displayLanguage
        let server: MessageValue = "\(options.host):\(options.port)"
        let completionNames = NickList()
        let (events, sink) = AsyncStream<Event>.makeStream()
        let loop = group.next()

        let input: any LineInput
        if isTerminal {
            let history = HistoryStore(
                path: options.historyPath ?? HistoryPolicy.defaultPath(fileName: "papo_history", environment: environment))
            input = Console(
                prompt: session.prompt, completer: Self.completer(names: completionNames, language: options.displayLanguage),
                history: history,
                keepsPastesTogether: true)
        } else {
            input = PlainLineReader()
        }
        let show: @Sendable (ReceivedLine) -> Void = { input.printAbove(colours.render($0)) }
        let say: @Sendable (Message) -> Void = {
            show(ReceivedLine(text: "-!- \($0.rendered(in: language))", kind: .notice))
        }

        let tls: TLSConnector?
        do {
            tls = try options.tls.map { try TLSConnector(address: options.address, options: $0) }
        } catch {
            Self.printError("papo: \(error)")
            return .noConnection
        }

        var generation = 0
        func connect() async -> Result<ChatConnection, any Error> {
            generation += 1
            let current = generation
            session.connectionStarted()
            do {
                return .success(
                    try await ChatConnection.connect(
                        host: options.host, port: options.port, tls: tls, group: group,
                        onLine: { sink.yield(.serverLine(generation: current, $0)) },
                        onClose: { sink.yield(.closed(generation: current)) }))
            } catch {
                return .failure(error)
            }
        }

        var connection: ChatConnection
        switch await connect() {
        case .success(let first):
            connection = first
        case .failure(let refusal as ServerTrustRefusal):
            Self.printError((refusal.warning + [refusal.summary(in: language)]).joined(separator: "\n"))
            return .untrusted
        case .failure(let error):
            let message =
                tls == nil
                ? Message(.clientCannotConnect, ["server": server])
                : Message(.clientCannotConnectBecause, ["server": server, "reason": "\(error)"])
            Self.printError(message.rendered(in: language))
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
                    say(Message(.clientNotConnected))
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
                    say(Message(.clientConnectionLost, ["server": server]))
                    status = .noConnection
                } else {
                    let delay = Self.backoff(attempt: attempt)
                    say(Message(.clientConnectionLostReconnecting, ["server": server, "wait": .duration(Double(delay))]))
                    loop.scheduleTask(in: .seconds(Int64(delay))) { sink.yield(.reconnect) }
                }
            case .closed:
                break
            case .reconnect:
                switch await connect() {
                case .success(let restored):
                    connection = restored
                    isConnected = true
                    attempt = 0
                    say(Message(.clientReconnected, ["server": server]))
                case .failure(let refusal as ServerTrustRefusal):
                    // Retrying would only show the warning again: a changed certificate needs a person.
                    for line in refusal.warning + [refusal.summary(in: language)] {
                        show(ReceivedLine(text: line, kind: .error))
                    }
                    status = .untrusted
                case .failure:
                    attempt += 1
                    let delay = Self.backoff(attempt: attempt)
                    say(Message(.clientCannotReach, ["server": server, "wait": .duration(Double(delay))]))
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

    /// `papo --forget-server HOST:PORT`: removes the server's line from `known_servers`, as
    /// `ssh-keygen -R` does; 0 when a line was removed, 1 when there was none or it failed.
    public static func forgetServer(_ text: String, environment: [String: String]) -> Status {
        let file = KnownServersFile(path: KnownServersFile.defaultPath(environment: environment))
        do {
            let server = try ServerAddress(parsing: text, tls: true).knownServersKey
            let forgotten = try file.forget(server)
            guard !forgotten.isEmpty else {
                Self.printError("papo: \(server) is not in \(file.path)")
                return .noConnection
            }
            for fingerprint in forgotten {
                print("papo: forgot \(server) \(fingerprint) (\(file.path))")
            }
            return .left
        } catch {
            Self.printError("papo: \(error)")
            return .noConnection
        }
    }

    private static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Tab: command names for a leading `/`, else nicks seen in the room.
    static func completer(names nicks: NickList, language: Language = .english) -> Completer {
        let completion = CommandCompletion(scope: .user, language: language)
        return Completer { request in
            let roomNicks = nicks.current
            if request.wordsBefore.isEmpty && request.partialWord.hasPrefix("/") {
                return completion.candidates(wordsBefore: [], partial: request.partialWord, names: .init(nicks: roomNicks))
            }
            if let first = request.wordsBefore.first, first.hasPrefix("/") {
                return completion.candidates(
                    wordsBefore: request.wordsBefore, partial: request.partialWord, names: .init(nicks: roomNicks))
            }
            return Completer.matching(roomNicks, prefix: request.partialWord)
        }
    }
}

/// The room's nicks, shared with the readline thread for completion.
final class NickList: Sendable {
    private let names = NIOLockedValueBox<[String]>([])

    var current: [String] {
        get { self.names.withLockedValue { $0 } }
        set { self.names.withLockedValue { $0 = newValue } }
    }
}
