/// Applies the migrations a database lacks, each in its own transaction, and records them in `schema_migrations`.
///
/// Running it again changes nothing; a database migrated by newer code (a version this code does not know) is
/// refused with a clear error rather than written to with assumptions that no longer hold.
enum Migrator {
    static func migrate(
        _ backend: SQLBackend, migrations: [Migration] = Migration.all, now: Int64, schema: String? = nil
    ) async throws {
        let known = migrations.last?.version ?? 0
        try await backend.transaction(.migrate) { connection in
            if let schema, connection.dialect == .postgres {
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(schema)")
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL,
                    applied_at_us BIGINT NOT NULL)
                """)
        }
        for migration in migrations {
            try await backend.transaction(.migrate) { connection in
                let rows = try await connection.query("SELECT MAX(version) FROM schema_migrations")
                let current = try rows.first?.optionalInt(0) ?? 0
                guard current <= known else {
                    throw StoreError(
                        .schemaTooNew,
                        "the database schema is at version \(current), newer than this Tocsin knows (\(known))",
                        hint: "run the Tocsin release that migrated it, or a newer one")
                }
                guard current < migration.version else { return }
                do {
                    for statement in migration.sql(for: connection.dialect) {
                        try await connection.query(statement)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (?, ?, ?)",
                        [.int(migration.version), .text(migration.name), .int(now)])
                } catch let error as StoreError {
                    throw StoreError(
                        .migrationFailed,
                        "migration \(migration.version) (\(migration.name)) failed: \(error.message)",
                        hint: "the database was left at version \(current); report this with the message above")
                }
            }
        }
    }

    /// The versions recorded in `schema_migrations`, ascending.
    static func appliedVersions(_ backend: SQLBackend) async throws -> [Int64] {
        try await backend.transaction(.read) { connection in
            try await connection.query("SELECT version FROM schema_migrations ORDER BY version").map { try $0.int(0) }
        }
    }
}
