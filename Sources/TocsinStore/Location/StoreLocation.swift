import Foundation

/// Where the store lives: an SQLite file (the embedded default) or a PostgreSQL database.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite database file; its folder is created when missing.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresLocation)

    /// The file name of the SQLite database inside a data folder.
    public static let sqliteFileName = "tocsin.sqlite"

    /// The embedded default: `tocsin.sqlite` in `folder`.
    public static func dataFolder(_ folder: String) -> StoreLocation {
        .sqlite(path: (folder as NSString).appendingPathComponent(sqliteFileName))
    }

    /// Reads `--database`: `postgres://…` or `postgresql://…` for PostgreSQL, `sqlite:PATH` or a path ending in
    /// `.sqlite`/`.db` for a file, any other path for a data folder.
    public static func parse(_ text: String) throws -> StoreLocation {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation(url: text))
        }
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError.badLocation(text, "the SQLite path is empty") }
            return .sqlite(path: path)
        }
        if text.contains("://") {
            throw StoreError.badLocation(text, "unknown scheme (postgres:// is the only URL form)")
        }
        guard !text.isEmpty else { throw StoreError.badLocation(text, "the location is empty") }
        if text.hasSuffix(".sqlite") || text.hasSuffix(".db") { return .sqlite(path: text) }
        return .dataFolder(text)
    }

    /// The location with any password replaced by `***`, safe for messages and logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL database as a `postgres://` URL names it.
///
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable|prefer|require&schema=NAME&host=/socket/dir`.
/// `schema` puts Tocsin's tables in that schema (created when missing); `host` as a query item that starts with
/// `/` connects over the Unix socket in that folder, as libpq does.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it (the default, as with libpq).
        case prefer
        /// TLS or no connection.
        case require
    }

    /// Host name or address (ignored with ``socketDirectory``).
    public var host: String
    /// TCP port, also the number in the socket file name.
    public var port: Int
    /// The folder of the server's Unix socket, when connecting over it.
    public var socketDirectory: String?
    /// The user name.
    public var user: String
    /// The password, never printed.
    public var password: String?
    /// The database name.
    public var database: String
    /// The schema holding Tocsin's tables; `nil` for the server's default (`public`).
    public var schema: String?
    /// TLS use.
    public var tls: TLSMode

    /// Parses a `postgres://` URL; every error message shows it with the password as `***`.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme)
        else { throw StoreError.badLocation(text, "not a postgres:// URL (percent-encode special characters)") }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.badLocation(text, "the URL names no user")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError.badLocation(text, "the URL names no database (…/DATABASE at the end)")
        }
        var socketDirectory: String?
        var schema: String?
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw StoreError.badLocation(text, "sslmode must be disable, prefer or require")
                }
                tls = mode
            case "schema":
                guard let name = item.value, Self.isPlainIdentifier(name) else {
                    throw StoreError.badLocation(text, "schema must be lower-case letters, digits and _")
                }
                schema = name
            case "host":
                guard let dir = item.value, dir.hasPrefix("/") else {
                    throw StoreError.badLocation(text, "the host query item must be a socket folder")
                }
                socketDirectory = dir
            default:
                throw StoreError.badLocation(text, "unknown query item '\(item.name)'")
            }
        }
        let host = components.host ?? ""
        guard !host.isEmpty || socketDirectory != nil else {
            throw StoreError.badLocation(text, "the URL names no host")
        }
        self.host = host.isEmpty ? "localhost" : host
        self.port = components.port ?? 5432
        self.socketDirectory = socketDirectory
        self.user = user
        self.password = components.password
        self.database = database
        self.schema = schema
        self.tls = tls
    }

    /// Whether `name` is safe to splice into SQL as an identifier.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.count <= 63
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// `postgres://user:***@host:port/database`, safe for messages and logs.
    public var description: String {
        let credentials = password == nil ? user : "\(user):***"
        let place = socketDirectory.map { "\(host):\(port)/\(database)?host=\($0)" } ?? "\(host):\(port)/\(database)"
        return "postgres://\(credentials)@\(place)" + (schema.map { " (schema \($0))" } ?? "")
    }
}
