import Foundation
import Logging
import NIOPosix
import PapoStore
import PostgresNIO

/// The PostgreSQL the tests use: `.ci/run` starts one (`Scripts/postgres.sh`) and names it in
/// `PAPO_TEST_DATABASE_URL`, with its password in `PGPASSWORD`. Tests that need it are enabled
/// only when it is there; each gets a database of its own.
public enum TestDatabase {
    public static var serverURL: String? { ProcessInfo.processInfo.environment["PAPO_TEST_DATABASE_URL"] }
    public static var password: String? { ProcessInfo.processInfo.environment["PGPASSWORD"] }

    static let quiet = Logger(label: "papo.test.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    struct Missing: Error, CustomStringConvertible {
        var description: String { "PAPO_TEST_DATABASE_URL is not set: start one with Scripts/postgres.sh" }
    }

    /// A fresh database on the test server for `body` (given its URL), dropped after.
    public static func withFreshDatabase(_ body: (String) async throws -> Void) async throws {
        guard let server = Self.serverURL else { throw Missing() }
        let name = "papo_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await Self.execute("CREATE DATABASE \(name)", on: server)
        do {
            try await body(Self.replacingDatabase(of: server, with: name))
        } catch {
            try? await Self.execute("DROP DATABASE \(name) WITH (FORCE)", on: server)
            throw error
        }
        try await Self.execute("DROP DATABASE \(name) WITH (FORCE)", on: server)
    }

    /// `url` naming the database `name` instead.
    public static func replacingDatabase(of url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + name
        return components.string!
    }

    /// Runs one statement as the test server's superuser, on the database `url` names.
    public static func execute(_ sql: String, on url: String) async throws {
        _ = try await Self.rows(sql, on: url)
    }

    /// The first column of the first row, as a number (a `count(*)`).
    public static func count(_ sql: String, on url: String) async throws -> Int {
        Int(try await Self.rows(sql, on: url).first?.decode(Int64.self) ?? -1)
    }

    static func rows(_ sql: String, on url: String) async throws -> [PostgresRow] {
        let configuration = try DatabaseURL(url).connectionConfiguration(password: Self.password)
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: Self.quiet
        ).get()
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.quiet).get().rows
            try await connection.close()
            return rows
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
