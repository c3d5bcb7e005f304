import Foundation
import Testing

@testable import LineEditor

#if canImport(Glibc)
import Glibc
#endif

/// Serialized: readline keeps history in process-global state.
@Suite(.serialized) struct HistoryStoreTests {
    private static func makeDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.path + "/papo-history-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    private static func mode(of path: String) throws -> mode_t {
        var info = stat()
        try #require(stat(path, &info) == 0)
        return info.st_mode & 0o777
    }

    @Test func linesSurviveASaveAndLoadWithoutRepeatsSecretsOrHiddenLines() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/state/papo/history"
        let store = HistoryStore(path: path)
        store.clear()

        for line in ["/join #lobby", "/join #lobby", "hello", "/login ana hunter2", " private", "", "hello", "bye"] {
            store.record(line)
        }
        #expect(store.entries() == ["/join #lobby", "hello", "bye"])
        #expect(store.save())

        store.clear()
        #expect(store.entries().isEmpty)
        store.load()
        #expect(store.entries() == ["/join #lobby", "hello", "bye"])
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!contents.contains("hunter2"))
        store.clear()
    }

    @Test func theFileIsPrivateToTheUser() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/new/history"
        let store = HistoryStore(path: path)
        store.clear()
        store.record("hi")
        #expect(store.save())
        #expect(try Self.mode(of: path) == 0o600)
        #expect(try Self.mode(of: directory + "/new") == 0o700)

        // An existing file with looser permissions is tightened on the next save.
        #expect(chmod(path, 0o644) == 0)
        #expect(store.save())
        #expect(try Self.mode(of: path) == 0o600)
        store.clear()
    }

    @Test func historyIsCappedInMemoryAndOnDisk() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/history"
        try "old1\nold2\nold3\nold4\n".write(toFile: path, atomically: false, encoding: .utf8)
        let store = HistoryStore(path: path, policy: HistoryPolicy(maxEntries: 3))

        store.load()
        #expect(store.entries() == ["old2", "old3", "old4"])
        for line in ["one", "two", "three", "four"] {
            store.record(line)
        }
        #expect(store.entries() == ["two", "three", "four"])
        #expect(store.save())
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        #expect(contents == "two\nthree\nfour\n")
        store.clear()
    }

    @Test func loadingReplacesWhateverWasInMemory() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = HistoryStore(path: directory + "/missing")
        store.clear()
        store.record("stale")
        store.load()
        #expect(store.entries().isEmpty)
    }
}
