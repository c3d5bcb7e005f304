import Foundation
import PapoClient
import PapoTLS
import Testing

@Suite("KnownServers")
struct KnownServersTests {
    static let first = CertificateFingerprint(certificateDER: [1])
    static let second = CertificateFingerprint(certificateDER: [2])

    @Test("entries, comments and blank lines are read; the text round-trips")
    func parses() {
        let text = "# mine\n\nschool.example:5051 \(Self.first)\n[fd00::7]:5051\t\(Self.second)\n"
        let servers = KnownServers(parsing: text)
        #expect(servers.fingerprint(for: "school.example:5051") == Self.first)
        #expect(servers.fingerprint(for: "[fd00::7]:5051") == Self.second)
        #expect(servers.fingerprint(for: "other:5051") == nil)
        #expect(servers.malformedLineNumbers.isEmpty)
        #expect(servers.text == text.replacingOccurrences(of: "\t", with: " "))
    }

    @Test("a malformed line is kept, ignored and reported by number; the rest still counts")
    func malformed() {
        let text = [
            "school.example:5051",  // no fingerprint
            "school.example:5051 not-a-fingerprint",
            "school.example:5051 \(Self.first) extra",
            "nocolon \(Self.first)",
            String(repeating: "\u{0}", count: 3),
            "ok.example:5051 \(Self.second)",
        ].joined(separator: "\n")
        let servers = KnownServers(parsing: text)
        #expect(servers.malformedLineNumbers == [1, 2, 3, 4, 5])
        #expect(servers.fingerprint(for: "school.example:5051") == nil)
        #expect(servers.fingerprint(for: "ok.example:5051") == Self.second)
        #expect(servers.text == text + "\n")
    }

    @Test("host names are compared in lower case; CRLF files are read")
    func caseAndCRLF() {
        let servers = KnownServers(parsing: "School.Example:5051 \(Self.first)\r\n")
        #expect(servers.fingerprint(for: "school.example:5051") == Self.first)
    }

    @Test("remembering a new server in an empty file writes the header, then the entry")
    func rememberNew() {
        var servers = KnownServers()
        servers.remember(Self.first, for: "school.example:5051")
        let lines = servers.text.split(separator: "\n")
        #expect(lines.count == KnownServers.header.count + 1)
        #expect(lines.first?.hasPrefix("#") == true)
        #expect(lines.last == "school.example:5051 \(Self.first)")
        #expect(KnownServers(parsing: servers.text).fingerprint(for: "school.example:5051") == Self.first)
    }

    @Test("remembering replaces the server's first entry in place and drops duplicates, keeping the rest")
    func replaces() {
        var servers = KnownServers(
            parsing: "# top\na:1 \(Self.first)\nb:2 \(Self.first)\na:1 \(Self.second)\n")
        servers.remember(Self.second, for: "a:1")
        #expect(servers.text == "# top\na:1 \(Self.second)\nb:2 \(Self.first)\n")
    }

    @Test("forgetting removes every entry for the server and says which fingerprints went")
    func forgets() {
        var servers = KnownServers(parsing: "a:1 \(Self.first)\n# keep\nb:2 \(Self.first)\na:1 \(Self.second)\n")
        #expect(servers.forget("a:1") == [Self.first, Self.second])
        #expect(servers.text == "# keep\nb:2 \(Self.first)\n")
        #expect(servers.forget("a:1").isEmpty)
    }
}

@Suite("KnownServersFile")
struct KnownServersFileTests {
    private func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("papo-known-\(UUID())")
        return directory.appendingPathComponent("state/papo/known_servers").path
    }

    private func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test("a missing file is empty; a remembered server is written with mode 0600 in a 0700 directory")
    func writesPrivately() throws {
        let file = KnownServersFile(path: self.temporaryPath())
        #expect(try file.load() == KnownServers())
        try file.remember(KnownServersTests.first, for: "school.example:5051")
        #expect(try file.load().fingerprint(for: "school.example:5051") == KnownServersTests.first)
        #expect(try self.mode(file.path) == 0o600)
        #expect(try self.mode((file.path as NSString).deletingLastPathComponent) == 0o700)
    }

    @Test("an existing file with a wider mode becomes 0600 when rewritten")
    func narrowsMode() throws {
        let file = KnownServersFile(path: self.temporaryPath())
        try file.save(KnownServers(parsing: "# hand-made\n"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        try file.remember(KnownServersTests.first, for: "a:1")
        #expect(try self.mode(file.path) == 0o600)
        #expect(try String(contentsOfFile: file.path, encoding: .utf8).hasPrefix("# hand-made\n"))
    }

    @Test("forgetting a server rewrites the file without it; forgetting it again finds nothing")
    func forgets() throws {
        let file = KnownServersFile(path: self.temporaryPath())
        try file.remember(KnownServersTests.first, for: "a:1")
        try file.remember(KnownServersTests.second, for: "b:2")
        #expect(try file.forget("a:1") == [KnownServersTests.first])
        #expect(try file.load().fingerprint(for: "a:1") == nil)
        #expect(try file.load().fingerprint(for: "b:2") == KnownServersTests.second)
        #expect(try file.forget("a:1").isEmpty)
    }

    @Test("the default path follows XDG_STATE_HOME, else ~/.local/state")
    func defaultPath() {
        #expect(
            KnownServersFile.defaultPath(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/ana"])
                == "/x/state/papo/known_servers")
        #expect(
            KnownServersFile.defaultPath(environment: ["HOME": "/home/ana"])
                == "/home/ana/.local/state/papo/known_servers")
    }
}
