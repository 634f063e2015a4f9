//! Databases migrated by rusqlite_migration 2.6 at every version of the
//! test history (its list holds the files of `fixtures/evidence/
//! schemaguard`, in order, as the README says to write them), adopted by
//! `migrate_from(…, Previous::RusqliteMigration)` with no `baseline`,
//! reading `PRAGMA user_version`.

use rusqlite_migration::{M, Migrations};
use schemaguard::rusqlite::Connection;
use schemaguard::{Error, Previous, Report, Schema};
use schemaguard_tools_tests::adoption::{FILES, check_adopted, check_disagreement};
use schemaguard_tools_tests::temp_db;

static SCHEMA: Schema =
    schemaguard::schema!(base = none, migrations = "../fixtures/evidence/schemaguard");

const HISTORY: (&str, &str) = ("rusqlite_migration", "PRAGMA user_version");

/// Runs rusqlite_migration on a new database at `path` up to file `files`.
fn migrated_by_rusqlite_migration(path: &std::path::Path, files: usize) {
    let list: Vec<M<'static>> = SCHEMA.migrations()[1..]
        .iter()
        .map(|m| M::up(m.sql()))
        .collect();
    let mut conn = Connection::open(path).unwrap();
    Migrations::new(list).to_version(&mut conn, files).unwrap();
}

fn migrate_from(schema: &Schema, conn: &mut Connection) -> Result<Report, Error> {
    schema.migrate_from(conn, Previous::RusqliteMigration)
}

#[test]
fn rusqlite_migration_databases_are_adopted_at_every_version() {
    // At 0 the database is empty: a fresh run, nothing to adopt.
    for files in 1..=FILES {
        let (_dir, path) = temp_db();
        migrated_by_rusqlite_migration(&path, files);
        // The run without history is plain `migrate`, which does not read
        // `user_version`.
        check_adopted(&SCHEMA, &path, files, HISTORY, "", migrate_from);
    }
    let (_dir, path) = temp_db();
    migrated_by_rusqlite_migration(&path, FILES);
    check_disagreement(&SCHEMA, &path, HISTORY, migrate_from);
}
