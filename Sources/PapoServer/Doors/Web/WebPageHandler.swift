import Foundation
import NIOCore
import NIOHTTP1
import PapoCore

/// The browser door's HTTP side: the web client's files, `GET /healthz`, and a clear answer
/// to a request for `/ws` that is not an acceptable WebSocket upgrade. Every response carries
/// the headers that keep the page from running or framing anything foreign.
///
/// While it is in the pipeline its connection counts against the connection caps, as a chat
/// client's does; one over them gets a 503 that says why.
final class WebPageHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: ChatServer
    private let origins: OriginPolicy
    private let metricsFrom: [AddressBlock]
    private var request: HTTPRequestHead?
    /// The address the connection is counted under against the caps, until this handler
    /// leaves; kept rather than asked of the channel again, which may have closed by then.
    private var countedAddress: String?
    /// Why the connection is over the caps, if it is: its request gets this answer.
    private var refusal: Message?

    init(server: ChatServer, settings: WebSettings) {
        self.server = server
        self.origins = settings.origins
        self.metricsFrom = settings.metricsFrom
    }

    /// Sent with every response. No inline script or style, no other origin, no framing.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ]

    func handlerAdded(context: ChannelHandlerContext) {
        let address = ChatServer.address(of: context.channel)
        self.refusal = self.server.admitVisitor(from: address)
        self.countedAddress = self.refusal == nil ? address : nil
    }

    /// Removed when the connection upgrades (it is then counted as a chat client) or closes.
    func handlerRemoved(context: ChannelHandlerContext) {
        if let address = self.countedAddress {
            self.countedAddress = nil
            self.server.releaseVisitor(from: address)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.request = head
        case .body:
            // No route takes a body; it is read and dropped.
            break
        case .end:
            guard let head = self.request else { return }
            self.request = nil
            self.respond(to: head, context: context)
        }
    }

    /// A request that is not HTTP got its 400 from NIO's error handler; the connection ends.
    /// Other errors (a refused upgrade is reported as one) leave the connection to its request.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            context.close(promise: nil)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = String(head.path)
        // Over the caps, only the metrics are still served: a full server is when its monitoring
        // most needs them (they are for this machine, or --metrics-from, anyway).
        if let refusal = self.refusal, path != "/metrics" {
            let language = WebSocketUpgrader.language(of: head) ?? self.server.configuration.chat.language
            self.send(.serviceUnavailable, text: "papod: \(refusal.rendered(in: language))\n", to: head, context: context)
            return
        }
        guard head.method == .GET || head.method == .HEAD else {
            self.send(.methodNotAllowed, text: "papod's web door answers GET and HEAD only\n", extra: [("Allow", "GET, HEAD")], to: head, context: context)
            return
        }
        switch path {
        case "/healthz":
            let (status, body) = self.health()
            self.send(status, type: "application/json", body: ByteBuffer(bytes: body), to: head, context: context)
        case "/metrics":
            let peer = context.channel.remoteAddress?.ipAddress ?? ""
            guard Self.isLoopback(peer) || self.metricsFrom.contains(where: { $0.contains(peer) }) else {
                self.send(.forbidden, text: "metrics are served to this machine only (see --metrics-from)\n", to: head, context: context)
                return
            }
            self.send(
                .ok, type: "text/plain; version=0.0.4; charset=utf-8", body: ByteBuffer(bytes: self.server.metricsText()),
                to: head, context: context)
        case "/ws":
            // The upgrader let this request through: it is no acceptable WebSocket upgrade.
            if !self.origins.allows(origin: head.headers.first(name: "Origin"), host: head.headers.first(name: "Host")) {
                self.send(.forbidden, text: "this page's origin may not open papod's chat\n", to: head, context: context)
            } else {
                self.send(.badRequest, text: "papod's chat WebSocket: connect with a WebSocket client (version 13), or open / in a browser\n", to: head, context: context)
            }
        default:
            guard let asset = WebAssets.byPath[path] else {
                self.send(.notFound, text: "not found\n", to: head, context: context)
                return
            }
            let extra = [("ETag", asset.etag), ("Cache-Control", "no-cache")]
            if head.headers[canonicalForm: "If-None-Match"].contains(where: { $0 == asset.etag || $0 == "*" }) {
                self.send(.notModified, type: nil, body: nil, extra: extra, to: head, context: context)
            } else {
                self.send(.ok, type: asset.contentType, body: asset.body, extra: extra, to: head, context: context)
            }
        }
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    /// A short status for load balancers and monitoring.
    /// A cluster's node that cannot reach the shared log answers 503, so a balancer sends
    /// newcomers elsewhere (its own clients go on being served).
    private func health() -> (HTTPResponseStatus, [UInt8]) {
        struct Health: Encodable {
            let status: String
            let connections: Int
            let uptimeSeconds: Int
            let database: String?
        }
        let status = self.server.health()
        let isDegraded = status.isClusterLogReachable == false
        let health = Health(
            status: status.isShuttingDown ? "stopping" : (isDegraded ? "degraded" : "ok"), connections: status.connections,
            uptimeSeconds: status.uptimeSeconds,
            database: status.isClusterLogReachable.map { $0 ? "reachable" : "unreachable" })
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let body = Array((try? encoder.encode(health)) ?? Data()) + [UInt8(ascii: "\n")]
        return (isDegraded ? .serviceUnavailable : .ok, body)
    }

    private func send(
        _ status: HTTPResponseStatus, text: String, extra: [(String, String)] = [], to request: HTTPRequestHead,
        context: ChannelHandlerContext
    ) {
        self.send(status, type: "text/plain; charset=utf-8", body: ByteBuffer(string: text), extra: extra, to: request, context: context)
    }

    private func send(
        _ status: HTTPResponseStatus, type: String?, body: ByteBuffer?, extra: [(String, String)] = [],
        to request: HTTPRequestHead, context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders(Self.securityHeaders + extra)
        if let type { headers.add(name: "Content-Type", value: type) }
        if status != .notModified { headers.add(name: "Content-Length", value: "\(body?.readableBytes ?? 0)") }
        let keepAlive = request.isKeepAlive && self.refusal == nil
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let response = HTTPResponseHead(version: request.version, status: status, headers: headers)
        context.write(Self.wrapOutboundOut(.head(response)), promise: nil)
        if let body, request.method != .HEAD {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let written = context.writeAndFlush(Self.wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

@available(*, unavailable)
extension WebPageHandler: Sendable {}

extension HTTPRequestHead {
    /// The request's path, without its query.
    var path: Substring {
        self.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }
}
