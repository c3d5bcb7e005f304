import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOWebSocket
import PapoCore

/// The upgrade of `/ws` to papod's chat WebSocket (RFC 6455 §4.2).
///
/// NIO's `NIOWebSocketServerUpgrader` would leave its frame decoder, its encoder and, with
/// fragments, an aggregator in every browser's pipeline. papod needs none of them: the chat
/// handler reads the frames and joins the rare fragmented message itself, and the chat's
/// frames are finished bytes, shared by every browser and written from the chat handler's
/// context. One handler per idle browser.
final class WebSocketUpgrader: HTTPServerProtocolUpgrader, Sendable {
    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []

    private let server: ChatServer
    private let origins: OriginPolicy
    private let isSecure: Bool

    init(server: ChatServer, origins: OriginPolicy, isSecure: Bool) {
        self.server = server
        self.origins = origins
        self.isSecure = isSecure
    }

    /// The `Sec-WebSocket-Accept` answer to a client's key.
    static func accept(key: String) -> String {
        let digest = Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        return Data(digest).base64EncodedString()
    }

    /// Accepts `/ws` from an allowed origin with version 13 and one key; anything else is
    /// refused, and the request goes on to `WebPageHandler`, which says why.
    func buildUpgradeResponse(
        channel: any Channel, upgradeRequest: HTTPRequestHead, initialResponseHeaders: HTTPHeaders
    ) -> EventLoopFuture<HTTPHeaders> {
        let headers = upgradeRequest.headers
        guard upgradeRequest.path == "/ws", self.origins.allows(origin: headers.first(name: "Origin"), host: headers.first(name: "Host"))
        else {
            return channel.eventLoop.makeFailedFuture(NIOWebSocketUpgradeError.unsupportedWebSocketTarget)
        }
        let keys = headers[canonicalForm: "Sec-WebSocket-Key"]
        guard headers[canonicalForm: "Sec-WebSocket-Version"] == ["13"], keys.count == 1, let key = keys.first else {
            return channel.eventLoop.makeFailedFuture(NIOWebSocketUpgradeError.invalidUpgradeHeader)
        }
        var response = initialResponseHeaders
        response.replaceOrAdd(name: "Upgrade", value: "websocket")
        response.replaceOrAdd(name: "Connection", value: "upgrade")
        response.add(name: "Sec-WebSocket-Accept", value: Self.accept(key: String(key)))
        return channel.eventLoop.makeSucceededFuture(response)
    }

    /// The language the page asks for (`/ws?lang=pt-BR`, from the language the user chose
    /// on the page), else the browser's (`Accept-Language`, the first papod speaks); nil
    /// leaves the server's default.
    static func language(of request: HTTPRequestHead) -> Language? {
        let query = URLComponents(string: request.uri)?.queryItems ?? []
        if let tag = query.first(where: { $0.name == "lang" })?.value, let language = Language(tag: tag) {
            return language
        }
        let accepted = request.headers[canonicalForm: "Accept-Language"]
        return accepted.lazy.compactMap { Language(tag: $0.trimmingCharacters(in: .whitespaces)) }.first
    }

    func upgrade(context: ChannelHandlerContext, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<Void> {
        let handler = WebSocketChatHandler(
            server: self.server, isSecure: self.isSecure, language: Self.language(of: upgradeRequest))
        return context.eventLoop.makeCompletedFuture {
            try context.pipeline.syncOperations.addHandler(handler)
        }
    }
}
