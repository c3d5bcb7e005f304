import Foundation

/// Where papod's PostgreSQL is: `postgres://USER@HOST:PORT/DATABASE`, as libpq reads it, with
/// `?sslmode=` (`disable`, `prefer`, `require`, `verify-full`; `allow` and `verify-ca` read as
/// `prefer` and `verify-full`) and `?host=/directory` for a Unix socket. The password never
/// comes in the URL, which a command line shows to every user of the machine: it comes from
/// `PGPASSWORD` or a file.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`DIRECTORY/.s.PGSQL.PORT`, as libpq names it).
        case socket(path: String)
    }

    public enum TLSMode: String, Sendable, Equatable {
        case disable
        /// TLS if the server offers it, without checking its certificate.
        case prefer
        /// TLS always, without checking the certificate (libpq's `require`).
        case require
        /// TLS always, with a certificate from a trusted CA for the host name.
        case verifyFull = "verify-full"
    }

    public static let defaultPort = 5432

    public let endpoint: Endpoint
    public let user: String
    public let database: String
    public let tlsMode: TLSMode

    public init(_ text: String, defaultUser: String = NSUserName()) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw .notPostgres(text)
        }
        if components.password != nil {
            throw .passwordInURL
        }
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? defaultUser
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw .badDatabaseName(path) }
        let database = path.isEmpty ? user : path
        let port = components.port ?? Self.defaultPort
        var tlsMode = TLSMode.prefer
        var socketDirectory: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable": tlsMode = .disable
                case "allow", "prefer": tlsMode = .prefer
                case "require": tlsMode = .require
                case "verify-ca", "verify-full": tlsMode = .verifyFull
                default: throw .badTLSMode(item.value ?? "")
                }
            case "host":
                socketDirectory = item.value
            default:
                throw .unknownParameter(item.name)
            }
        }
        if let directory = socketDirectory ?? components.host.flatMap({ $0.hasPrefix("/") ? $0 : nil }) {
            self.endpoint = .socket(path: (directory as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
            self.tlsMode = .disable
        } else {
            var host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
            if host.hasPrefix("[") && host.hasSuffix("]") {
                host = String(host.dropFirst().dropLast())
            }
            self.endpoint = .tcp(host: host, port: port)
            self.tlsMode = tlsMode
        }
        self.user = user
        self.database = database
    }

    /// The URL as the log shows it.
    public var description: String {
        switch self.endpoint {
        case .tcp(let host, let port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(self.user)@\(shownHost):\(port)/\(self.database)?sslmode=\(self.tlsMode.rawValue)"
        case .socket(let path):
            return "postgres://\(self.user)@/\(self.database)?host=\((path as NSString).deletingLastPathComponent)"
        }
    }
}

/// A `--database` value papod cannot use, and what to write instead.
public enum DatabaseURLError: Error, Equatable, CustomStringConvertible {
    case notPostgres(String)
    case passwordInURL
    case badDatabaseName(String)
    case badTLSMode(String)
    case unknownParameter(String)

    public var description: String {
        switch self {
        case .notPostgres(let text):
            return "--database \(text) is not a PostgreSQL URL: write postgres://USER@HOST:PORT/DATABASE"
        case .passwordInURL:
            return
                "--database must not carry a password (every user of the machine can read a command line): "
                + "set PGPASSWORD or use --database-password-file"
        case .badDatabaseName(let name):
            return "--database names the database \(name), which PostgreSQL's URLs cannot: one name after the port"
        case .badTLSMode(let mode):
            return "--database asks for sslmode=\(mode): use disable, prefer, require or verify-full"
        case .unknownParameter(let name):
            return "--database has the parameter \(name), which papod does not read: only sslmode and host"
        }
    }
}
