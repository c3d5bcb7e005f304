import Testing

@testable import PapoStore

@Suite("PostgreSQL URLs")
struct DatabaseURLTests {
    @Test("host, port, user and database as libpq reads them; TLS preferred unless asked otherwise")
    func tcp() throws {
        let url = try DatabaseURL("postgres://papo@db.escola.br:6543/chat")
        #expect(url.endpoint == .tcp(host: "db.escola.br", port: 6543))
        #expect(url.user == "papo" && url.database == "chat" && url.tlsMode == .prefer)
        #expect(url.description == "postgres://papo@db.escola.br:6543/chat?sslmode=prefer")

        let defaults = try DatabaseURL("postgresql://localhost", defaultUser: "ana")
        #expect(defaults.endpoint == .tcp(host: "localhost", port: 5432))
        #expect(defaults.user == "ana" && defaults.database == "ana")

        #expect(try DatabaseURL("postgres://u@h/d?sslmode=disable").tlsMode == .disable)
        #expect(try DatabaseURL("postgres://u@h/d?sslmode=require").tlsMode == .require)
        #expect(try DatabaseURL("postgres://u@h/d?sslmode=verify-ca").tlsMode == .verifyFull)
        let ipv6 = try DatabaseURL("postgres://u@[::1]:5433/d")
        #expect(ipv6.endpoint == .tcp(host: "::1", port: 5433))
        #expect(ipv6.description == "postgres://u@[::1]:5433/d?sslmode=prefer")
    }

    @Test("a socket directory, as ?host= or in place of the host, names libpq's socket file")
    func socket() throws {
        let url = try DatabaseURL("postgres://papo@/chat?host=/run/postgresql")
        #expect(url.endpoint == .socket(path: "/run/postgresql/.s.PGSQL.5432"))
        #expect(url.tlsMode == .disable)
        #expect(try DatabaseURL("postgres://papo@%2Ftmp%2Fpg:5433/chat").endpoint == .socket(path: "/tmp/pg/.s.PGSQL.5433"))
    }

    @Test("what papod refuses, with the reason: a password in the URL above all")
    func refused() {
        #expect(throws: DatabaseURLError.passwordInURL) { try DatabaseURL("postgres://papo:segredo@db/chat") }
        #expect(throws: DatabaseURLError.notPostgres("mysql://db/chat")) { try DatabaseURL("mysql://db/chat") }
        #expect(throws: DatabaseURLError.badTLSMode("sometimes")) { try DatabaseURL("postgres://db/chat?sslmode=sometimes") }
        #expect(throws: DatabaseURLError.unknownParameter("options")) { try DatabaseURL("postgres://db/chat?options=x") }
        #expect(throws: DatabaseURLError.badDatabaseName("a/b")) { try DatabaseURL("postgres://db/a/b") }
        #expect(
            DatabaseURLError.passwordInURL.description
                == "--database must not carry a password (every user of the machine can read a command line): set PGPASSWORD or use --database-password-file"
        )
    }
}
