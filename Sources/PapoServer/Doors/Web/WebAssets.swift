import Crypto
import Foundation
import NIOCore

/// The web client's files, compiled into papod (SwiftPM's `embedInCode`): papod serves its
/// page with no files beside it and nothing to download.
struct WebAsset: Sendable {
    let contentType: String
    let body: ByteBuffer
    /// A strong validator (quoted, from the content's SHA-256), so browsers revalidate cheaply.
    let etag: String

    init(contentType: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.body = ByteBuffer(bytes: bytes)
        let digest = SHA256.hash(data: bytes)
        self.etag = "\"" + digest.prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }
}

enum WebAssets {
    /// By request path.
    static let byPath: [String: WebAsset] = [
        "/": WebAsset(contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html),
        "/app.js": WebAsset(contentType: "text/javascript; charset=utf-8", bytes: PackageResources.app_js),
        "/i18n.js": WebAsset(contentType: "text/javascript; charset=utf-8", bytes: PackageResources.i18n_js),
        "/style.css": WebAsset(contentType: "text/css; charset=utf-8", bytes: PackageResources.style_css),
        "/favicon.svg": WebAsset(contentType: "image/svg+xml", bytes: PackageResources.favicon_svg),
    ]
}
