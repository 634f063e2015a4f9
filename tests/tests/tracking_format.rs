//! The database records the format of schemaguard's own tables and
//! triggers. Databases written by the release before formats existed
//! (`fixtures/format1/`, made once by that code) are read as they are,
//! upgraded by the first run that writes, in that run's transaction, and
//! stay correct; a format newer than the program's is refused like an
//! unknown version.

use std::path::{Path, PathBuf};

use schemaguard::rusqlite::OpenFlags;
use schemaguard_tests::*;

/// The demo plus 005 `audit_log`: the release after the one that wrote
/// `format1/demo.db`.
static PLUS_005: Schema = schemaguard::schema!(
    base = "fixtures/demo_plus_005/schema.sql",
    migrations = "fixtures/demo_plus_005/migrations"
);

/// `no_transaction` plus 004 (an index): the release after the one that
/// wrote `format1/no_transaction.db`.
static NO_TRANSACTION_PLUS_004: Schema = schemaguard::schema!(
    base = "fixtures/no_transaction_plus_004/schema.sql",
    migrations = "fixtures/no_transaction_plus_004/migrations"
);

/// A copy of a fixture database, in a temporary directory.
fn copy_of(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_db();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/format1")
        .join(fixture);
    std::fs::copy(from, &path).unwrap();
    (dir, path)
}

fn format(conn: &Connection) -> Option<i64> {
    let exists: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'schemaguard_format'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    exists.then(|| {
        conn.query_row("SELECT format FROM schemaguard_format", [], |r| r.get(0))
            .unwrap()
    })
}

/// `(version, how, applied_at)` of every tracking row.
fn rows(conn: &Connection) -> Vec<(i64, String, String)> {
    conn.prepare("SELECT version, how, applied_at FROM schemaguard_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn an_up_to_date_format_1_database_is_read_as_it_is() {
    let (_dir, path) = copy_of("demo.db");
    let before = bytes(&path);
    let mut conn = open(&path);
    assert_eq!(format(&conn), None);

    let report = DEMO.migrate(&mut conn).unwrap();

    assert!(report.is_noop(), "{report}");
    assert!(DEMO.is_current(&conn).unwrap());
    assert!(!DEMO.status(&conn).unwrap().has_drift());
    drop(conn);
    assert!(
        bytes(&path) == before,
        "a start-up with nothing to do wrote"
    );
    // Read-only too: nothing to upgrade when nothing is written.
    let mut conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert!(DEMO.migrate(&mut conn).unwrap().is_noop());
}

#[test]
fn a_format_1_database_is_upgraded_by_the_next_run_that_writes() {
    let (_dir, path) = copy_of("demo.db");
    let mut conn = open(&path);
    let old = rows(&conn);

    let report = PLUS_005.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), 1, "{report}");
    assert_eq!(format(&conn), Some(2));
    // The old rows are kept as they were, the new one appended.
    let new = rows(&conn);
    assert_eq!(new[..5], old[..]);
    assert_eq!((new[5].0, new[5].1.as_str()), (5, "applied"));
    let notes: i64 = conn
        .query_row("SELECT count(*) FROM notes WHERE slug = 'hello'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(notes, 1);
    assert!(PLUS_005.is_current(&conn).unwrap());
    assert!(
        !PLUS_005.status(&conn).unwrap().has_drift(),
        "the format table is drift"
    );
    // Start-ups read one statement again, and the triggers still catch a
    // hand edit.
    assert!(PLUS_005.migrate(&mut conn).unwrap().is_noop());
    conn.execute_batch("UPDATE schemaguard_migrations SET checksum = 'x' WHERE version = 3")
        .unwrap();
    let err = PLUS_005.migrate(&mut conn).unwrap_err();
    assert!(matches!(err, Error::Modified { version: 3, .. }), "{err:?}");
}

#[test]
fn a_failed_run_leaves_the_old_format() {
    let (_dir, path) = copy_of("demo.db");
    let mut conn = open(&path);
    conn.execute_batch("CREATE TABLE audit_log (x)").unwrap();
    let before = bytes(&path);

    let err = PLUS_005.migrate(&mut conn).unwrap_err();

    let (version, _, _, message) = failed_at(&err);
    assert_eq!((version, message), (5, "table audit_log already exists"));
    assert_eq!(format(&conn), None);
    drop(conn);
    assert!(bytes(&path) == before, "the failed run wrote to the file");
}

#[test]
fn a_format_1_claims_table_gets_its_new_columns_and_works() {
    let (_dir, path) = copy_of("no_transaction.db");
    let mut conn = open(&path);

    let report = NO_TRANSACTION_PLUS_004.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), 1, "{report}");
    assert_eq!(format(&conn), Some(2));
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('schemaguard_claims')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        columns,
        ["version", "claimed_at", "line", "message", "code"]
    );
    assert!(NO_TRANSACTION_PLUS_004.is_current(&conn).unwrap());
    let users: i64 = conn
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    assert_eq!(users, 1);
}

#[test]
fn a_newer_format_is_refused_like_an_unknown_version() {
    let (_dir, path) = copy_of("demo.db");
    let mut conn = open(&path);
    PLUS_005.migrate(&mut conn).unwrap();
    // What a later release would leave.
    conn.execute_batch("UPDATE schemaguard_format SET format = 3")
        .unwrap();
    let before = bytes(&path);

    for err in [
        PLUS_005.migrate(&mut conn).unwrap_err(),
        PLUS_005.release(&mut conn, 5).unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                Error::NewerFormat {
                    found: 3,
                    supported: 2
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "the database's schemaguard tables are in format 3, and this program knows formats up \
             to 2: it was migrated by a newer release; nothing was written (run the newer \
             release, or restore a backup made before it ran)"
        );
    }
    assert!(!PLUS_005.is_current(&conn).unwrap());
    drop(conn);
    assert!(bytes(&path) == before);
}
