//! Untracked databases another tool migrated, adopted on the word of that
//! tool's history table where the schema alone cannot tell the version
//! (`fixtures/evidence/`: data-only migrations 2, 4 and 5). The tables
//! are written here the way each tool writes them (the DDL of the tool
//! version named at each); the tools that are Rust crates (sqlx, refinery,
//! rusqlite_migration) are run for real in `tools/`.

use std::path::Path;

use schemaguard_tests::adoption::{FILES, check_adopted, check_disagreement};
use schemaguard_tests::*;

static SCHEMAGUARD_LAYOUT: Schema =
    schemaguard::schema!(base = none, migrations = "fixtures/evidence/schemaguard");
static DIESEL: Schema = schemaguard::schema!(base = none, migrations = "fixtures/evidence/diesel");
static GOLANG_MIGRATE: Schema =
    schemaguard::schema!(base = none, migrations = "fixtures/evidence/golang_migrate");

/// Runs the SQL of files 1 ..= `files` as the other tool would, then
/// `record` (which writes its history).
fn made_by(path: &Path, schema: &Schema, files: usize, record: &str) {
    let conn = Connection::open(path).unwrap();
    for m in &schema.migrations()[1..=files] {
        conn.execute_batch(m.sql()).unwrap();
    }
    conn.execute_batch(record).unwrap();
}

fn migrate(schema: &Schema, conn: &mut Connection) -> Result<Report, Error> {
    schema.migrate(conn)
}

/// diesel 2.3 (`setup_migration_table.sql`); a row per migration, the
/// directory name's timestamp without dashes.
fn diesel(files: usize) -> String {
    let mut sql = "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
            version VARCHAR(50) PRIMARY KEY NOT NULL,
            run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);"
        .to_string();
    for m in &DIESEL.migrations()[1..=files] {
        sql += &format!(
            "INSERT INTO __diesel_schema_migrations (version) VALUES ('{}');",
            m.version()
        );
    }
    sql
}

#[test]
fn diesel_databases_are_adopted_at_every_version() {
    for files in 0..=FILES {
        let (_dir, path) = temp_db();
        made_by(&path, &DIESEL, files, &diesel(files));
        check_adopted(
            &DIESEL,
            &path,
            files,
            ("diesel", "__diesel_schema_migrations"),
            "DROP TABLE __diesel_schema_migrations",
            migrate,
        );
    }
    let (_dir, path) = temp_db();
    made_by(&path, &DIESEL, FILES, &diesel(FILES));
    check_disagreement(
        &DIESEL,
        &path,
        ("diesel", "__diesel_schema_migrations"),
        migrate,
    );
}

/// golang-migrate v4's sqlite3 driver (`ensureVersionTable`, `SetVersion`):
/// one row, the current version, written dirty before the migration runs
/// and clean after it.
fn golang_migrate(files: usize, dirty: bool) -> String {
    let mut sql = "CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool);
        CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);"
        .to_string();
    if files > 0 {
        let version = GOLANG_MIGRATE.migrations()[files].version();
        sql +=
            &format!("INSERT INTO schema_migrations (version, dirty) VALUES ({version}, {dirty});");
    }
    sql
}

#[test]
fn golang_migrate_databases_are_adopted_at_every_version() {
    for files in 0..=FILES {
        let (_dir, path) = temp_db();
        made_by(&path, &GOLANG_MIGRATE, files, &golang_migrate(files, false));
        check_adopted(
            &GOLANG_MIGRATE,
            &path,
            files,
            ("golang-migrate", "schema_migrations"),
            "DROP TABLE schema_migrations",
            migrate,
        );
    }
    let (_dir, path) = temp_db();
    made_by(&path, &GOLANG_MIGRATE, FILES, &golang_migrate(FILES, false));
    check_disagreement(
        &GOLANG_MIGRATE,
        &path,
        ("golang-migrate", "schema_migrations"),
        migrate,
    );
}

#[test]
fn a_dirty_golang_migrate_version_is_refused_by_name() {
    // Migration 4 started and did not finish: its row is still dirty.
    let (_dir, path) = temp_db();
    made_by(&path, &GOLANG_MIGRATE, 4, &golang_migrate(4, true));
    let mut conn = Connection::open(&path).unwrap();
    let err = GOLANG_MIGRATE.migrate(&mut conn).unwrap_err();
    assert!(
        matches!(&err, Error::HistoryFailed { version: 4, name, table, .. }
            if name == "credits_to_cents" && *table == "schema_migrations"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("records migration 4 (credits_to_cents) as failed or unfinished"),
        "{err}"
    );
    assert!(!adoption::is_tracked(&conn));
}

/// goose v3's sqlite3 dialect: the table, its version 0 row, then a row
/// per applied version (`down` deletes it).
fn goose(files: usize) -> String {
    let mut sql = "CREATE TABLE goose_db_version (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            version_id INTEGER NOT NULL,
            is_applied INTEGER NOT NULL,
            tstamp TIMESTAMP DEFAULT (datetime('now')));
        INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1);"
        .to_string();
    for m in &SCHEMAGUARD_LAYOUT.migrations()[1..=files] {
        sql += &format!(
            "INSERT INTO goose_db_version (version_id, is_applied) VALUES ({}, 1);",
            m.version()
        );
    }
    sql
}

#[test]
fn goose_databases_are_adopted_at_every_version() {
    for files in 0..=FILES {
        let (_dir, path) = temp_db();
        made_by(&path, &SCHEMAGUARD_LAYOUT, files, &goose(files));
        check_adopted(
            &SCHEMAGUARD_LAYOUT,
            &path,
            files,
            ("goose", "goose_db_version"),
            "DROP TABLE goose_db_version",
            migrate,
        );
    }
    let (_dir, path) = temp_db();
    made_by(&path, &SCHEMAGUARD_LAYOUT, FILES, &goose(FILES));
    check_disagreement(
        &SCHEMAGUARD_LAYOUT,
        &path,
        ("goose", "goose_db_version"),
        migrate,
    );
}

/// A hand-rolled runner's table of applied file names, as the incident
/// report's application kept it.
fn file_names(files: usize) -> String {
    let mut sql = "CREATE TABLE schema_migrations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            migration_name TEXT UNIQUE NOT NULL,
            applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);"
        .to_string();
    for m in &SCHEMAGUARD_LAYOUT.migrations()[1..=files] {
        let name = m.file().rsplit('/').next().unwrap();
        sql += &format!("INSERT INTO schema_migrations (migration_name) VALUES ('{name}');");
    }
    sql
}

#[test]
fn databases_with_a_table_of_file_names_are_adopted_at_every_version() {
    for files in 0..=FILES {
        let (_dir, path) = temp_db();
        made_by(&path, &SCHEMAGUARD_LAYOUT, files, &file_names(files));
        check_adopted(
            &SCHEMAGUARD_LAYOUT,
            &path,
            files,
            ("a table of applied file names", "schema_migrations"),
            "DROP TABLE schema_migrations",
            migrate,
        );
    }
    let (_dir, path) = temp_db();
    made_by(&path, &SCHEMAGUARD_LAYOUT, FILES, &file_names(FILES));
    check_disagreement(
        &SCHEMAGUARD_LAYOUT,
        &path,
        ("a table of applied file names", "schema_migrations"),
        migrate,
    );
}

fn from_rusqlite_migration(schema: &Schema, conn: &mut Connection) -> Result<Report, Error> {
    schema.migrate_from(conn, schemaguard::Previous::RusqliteMigration)
}

#[test]
fn user_version_counts_only_when_the_application_says_so() {
    // rusqlite_migration 2.6 sets `user_version` to the number of
    // migrations applied, in the same transaction. (At 0 the database is
    // empty: a fresh run, nothing to adopt.)
    for files in 1..=FILES {
        let (_dir, path) = temp_db();
        made_by(
            &path,
            &SCHEMAGUARD_LAYOUT,
            files,
            &format!("PRAGMA user_version = {files}"),
        );
        // Plain `migrate` (the check's run without history) does not read
        // it: the schema alone refuses where it cannot tell.
        check_adopted(
            &SCHEMAGUARD_LAYOUT,
            &path,
            files,
            ("rusqlite_migration", "PRAGMA user_version"),
            "",
            from_rusqlite_migration,
        );
    }
    let (_dir, path) = temp_db();
    made_by(&path, &SCHEMAGUARD_LAYOUT, FILES, "PRAGMA user_version = 6");
    check_disagreement(
        &SCHEMAGUARD_LAYOUT,
        &path,
        ("rusqlite_migration", "PRAGMA user_version"),
        from_rusqlite_migration,
    );
}

#[test]
fn a_history_and_a_schema_at_different_versions_are_refused() {
    // The history says only file 1 ran; the schema has `users.name` (3–5).
    let (_dir, path) = temp_db();
    made_by(&path, &DIESEL, 3, &diesel(1));
    let mut conn = Connection::open(&path).unwrap();
    let err = DIESEL.migrate(&mut conn).unwrap_err();
    let v = |i: usize| DIESEL.migrations()[i].version();
    assert!(
        matches!(&err, Error::HistoryDisagrees { recorded, schema_from, schema_to, .. }
            if (*recorded, *schema_from, *schema_to) == (Some(v(1)), v(3), v(5))),
        "{err:?}"
    );
    assert!(!adoption::is_tracked(&conn));
}

#[test]
fn two_histories_that_differ_are_refused() {
    let (_dir, path) = temp_db();
    made_by(
        &path,
        &SCHEMAGUARD_LAYOUT,
        4,
        &format!("{}{}", goose(4), file_names(3)),
    );
    let mut conn = Connection::open(&path).unwrap();
    let err = SCHEMAGUARD_LAYOUT.migrate(&mut conn).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::HistoriesDiffer {
                first_recorded: Some(4),
                second_recorded: Some(3),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!adoption::is_tracked(&conn));
}

#[test]
fn a_database_without_another_tools_history_is_detected_from_its_schema() {
    // No history table: `migrate` refuses where it did before, and
    // `migrate_from` with a `user_version` of 0 says no file ran, which
    // the schema contradicts.
    let (_dir, path) = temp_db();
    made_by(&path, &SCHEMAGUARD_LAYOUT, 4, "");
    let mut conn = Connection::open(&path).unwrap();
    let err = SCHEMAGUARD_LAYOUT.migrate(&mut conn).unwrap_err();
    assert!(
        matches!(&err, Error::Ambiguous { from: 3, to: 5, .. }),
        "{err:?}"
    );
    let err = from_rusqlite_migration(&SCHEMAGUARD_LAYOUT, &mut conn).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::HistoryDisagrees {
                recorded: None,
                schema_from: 3,
                schema_to: 5,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("says no migration ran"), "{err}");
}

/// The incident's application kept `schema_migrations (id, migration_name,
/// applied_at)`, one row per file it ran (the report's "Check Migration
/// Status").
const INCIDENT_TABLE: &str = "CREATE TABLE schema_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    migration_name TEXT UNIQUE NOT NULL,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);";

#[test]
fn the_incidents_database_is_repaired_on_the_word_of_its_schema_migrations_table() {
    // rc.1 marked 001 and 002 applied, but a fresh rc.1 database never got
    // 002's indexes: the table says 002 ran, the schema shows it but for
    // those indexes, so exactly they are created.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    rc1_missing_token_indexes(&conn);
    conn.execute_batch(INCIDENT_TABLE).unwrap();
    conn.execute_batch(
        "INSERT INTO schema_migrations (migration_name) VALUES
            ('001_add_code_verifier.sql'), ('002_secure_tokens_and_authorization_codes.sql');",
    )
    .unwrap();
    let report = DEMO.migrate(&mut conn).unwrap();
    assert!(
        matches!(&report.outcomes[2].action, Action::Repaired { created } if created.len() == 3),
        "{report}"
    );
    assert_eq!(
        report.history.as_ref().map(|h| h.table),
        Some("schema_migrations")
    );
    assert!(DEMO.is_current(&conn).unwrap());
    assert_eq!(adoption::dump(&conn, "schema_migrations").len(), 2);
}

#[test]
fn a_table_that_says_a_migration_did_not_run_while_the_schema_shows_it_is_refused() {
    // The table lists only 001, but the schema has 002's tables.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(RC1).unwrap();
    conn.execute_batch(INCIDENT_TABLE).unwrap();
    conn.execute_batch(
        "INSERT INTO schema_migrations (migration_name) VALUES ('001_add_code_verifier.sql');",
    )
    .unwrap();
    let err = DEMO.migrate(&mut conn).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::HistoryDisagrees {
                recorded: Some(1),
                schema_from: 2,
                schema_to: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(
            "`schema_migrations` (a table of applied file names) says migration 1 was the last to run, but its schema is at version 2"
        ),
        "{err}"
    );
    assert!(!adoption::is_tracked(&conn));
}
