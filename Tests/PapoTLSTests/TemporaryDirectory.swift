import PapoTestSupport
import Foundation

/// A fresh directory under the system's temporary directory, removed when the test lets go of it.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("papo-tls-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: self.path)
    }

    func path(_ name: String) -> String {
        self.path + "/" + name
    }

    /// Writes `text` to `name` in place (same inode), as `cp` over an existing file does; returns the path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        try self.write(Array(text.utf8), to: name)
    }

    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let path = self.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `identity`'s certificate to `cert.pem` and its key to `key.pem`; returns both paths.
    @discardableResult
    func write(
        _ identity: TestIdentity,
        keyEncoding: TestIdentity.KeyEncoding = .pkcs8,
        chain: [TestIdentity] = []
    ) throws -> (certificate: String, key: String) {
        let pem = ([identity] + chain).map(\.certificatePEM).joined()
        let certificatePath = try self.write(pem, to: "cert.pem")
        let keyPath = try self.write(identity.keyPEM(keyEncoding), to: "key.pem")
        return (certificatePath, keyPath)
    }

    /// The file's permission bits.
    func mode(_ name: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: self.path(name))
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
