//! Bad inputs at run time that the other files do not cover (see
//! `TESTING.md`, the bad-input matrix): database files `migrate` cannot
//! write or read, a connection already inside the caller's transaction, a
//! tracking table that is not schemaguard's, databases with nothing to
//! detect, a run-time function the application forgot to register, and a
//! `no-transaction` migration that fails.
//!
//! Every refusal checks that nothing was written: the file's bytes (and,
//! where a file can be opened, its objects and tracking rows) are what they
//! were before.

use std::path::Path;

use schemaguard::rusqlite::{ErrorCode, OpenFlags};
use schemaguard::{Difference, ObjectKind, SchemaObject};
use schemaguard_tests::*;

/// The demo plus migration 005 (`audit_log`): a newer release, so a
/// database migrated with `DEMO` has one pending migration.
static PLUS_005: Schema = schemaguard::schema!(
    base = "fixtures/demo_plus_005/schema.sql",
    migrations = "fixtures/demo_plus_005/migrations"
);

/// 001 inserts two accounts with the address `app_contact_email()` returns,
/// 002 makes `email` unique.
static SEEDED_USERS: Schema = schemaguard::schema!(
    base = "fixtures/seeded_users/schema.sql",
    migrations = "fixtures/seeded_users/migrations",
    functions = ["app_contact_email"]
);

/// `users`; 001 an index on `email`; 002 (`no-transaction`) a unique index
/// on `email` and `VACUUM`; 003 a view.
static NO_TRANSACTION: Schema = schemaguard::schema!(
    base = "fixtures/no_transaction/schema.sql",
    migrations = "fixtures/no_transaction/migrations"
);

/// The SQLite error code inside an `Error::Sqlite`, if that is what it is.
fn sqlite_code(err: &Error) -> Option<ErrorCode> {
    match err {
        Error::Sqlite { .. } => err.sqlite_error_code(),
        _ => None,
    }
}

/// Opens an existing file read-only, with the flag.
fn open_read_only(path: &Path) -> Connection {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open read-only")
}

/// Opens an existing file read-only, with a `?mode=ro` URI.
fn open_ro_uri(path: &Path) -> Connection {
    let uri = format!("file:{}?mode=ro", path.display());
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_URI,
    )
    .expect("open ?mode=ro")
}

/// Opens a file read-write, then turns on `PRAGMA query_only`.
fn open_query_only(path: &Path) -> Connection {
    let conn = open(path);
    conn.pragma_update(None, "query_only", true).unwrap();
    conn
}

/// Opens a connection to an existing file.
type Opener = fn(&Path) -> Connection;

/// The three ways a connection is read-only, by name.
const READ_ONLY_OPENS: [(&str, Opener); 3] = [
    ("SQLITE_OPEN_READ_ONLY", open_read_only),
    ("?mode=ro", open_ro_uri),
    ("PRAGMA query_only", open_query_only),
];

/// Whether the database at `path` has a tracking table.
fn is_tracked(path: &Path) -> bool {
    objects(&open(path)).contains(&("table".into(), "schemaguard_migrations".into()))
}

/// `n` pseudo-random bytes (SplitMix64, fixed seed): reproducible garbage.
fn garbage(n: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

// ---------------------------------------------------------------------------
// Files `migrate` cannot write
// ---------------------------------------------------------------------------

/// A file with something to do, on a read-only connection (three ways):
/// every one is refused with `Error::ReadOnly` before anything is tried,
/// and the file keeps its bytes.
fn read_only_refuses(setup: impl Fn(&Path), what: &str) {
    for (how, open_ro) in READ_ONLY_OPENS {
        let (_dir, path) = temp_db();
        setup(&path);
        let before = bytes(&path);
        let objects_before = objects(&open(&path));
        let mut conn = open_ro(&path);
        let err = DEMO
            .migrate(&mut conn)
            .expect_err("a read-only connection cannot migrate");
        assert!(
            matches!(err, Error::ReadOnly),
            "{what}, {how}: expected Error::ReadOnly, got {err:?}"
        );
        assert_eq!(
            err.to_string(),
            "the database is open read-only, and it is not up to date: open it read-write to migrate it",
            "{what}, {how}"
        );
        // The read-only views still work on it.
        assert!(!DEMO.is_current(&conn).unwrap(), "{what}, {how}");
        drop(conn);
        assert!(bytes(&path) == before, "{what}, {how}: the file changed");
        assert_eq!(objects(&open(&path)), objects_before, "{what}, {how}");
    }
}

#[test]
fn a_read_only_connection_to_an_empty_file_is_refused_untouched() {
    // `mode=ro` needs the file to exist: an empty (0-byte) one, as
    // `Connection::open` leaves it.
    read_only_refuses(
        |path| {
            drop(open(path));
            assert!(path.exists() && bytes(path).is_empty());
        },
        "empty file",
    );
}

#[test]
fn a_read_only_connection_to_an_untracked_file_is_refused_untouched() {
    read_only_refuses(|path| open(path).execute_batch(V0_9).unwrap(), "v0.9 file");
}

#[test]
fn a_read_only_connection_with_a_pending_migration_is_refused_untouched() {
    let (_dir, path) = temp_db();
    DEMO.migrate(&mut open(&path)).unwrap();
    let before = bytes(&path);
    for (how, open_ro) in READ_ONLY_OPENS {
        let mut conn = open_ro(&path);
        let err = PLUS_005
            .migrate(&mut conn)
            .expect_err("005 is pending and the connection is read-only");
        // Said plainly, before any write is tried (a read-only file would
        // otherwise let `BEGIN IMMEDIATE` through and fail in 005's SQL).
        assert!(
            matches!(err, Error::ReadOnly),
            "{how}: expected Error::ReadOnly, got {err:?}"
        );
        drop(conn);
        assert!(bytes(&path) == before, "{how}: the file changed");
    }
    let conn = open(&path);
    assert_eq!(recorded(&conn).len(), DEMO.migrations().len());
    assert!(!objects(&conn).contains(&("table".into(), "audit_log".into())));
}

#[test]
fn an_up_to_date_database_opened_read_only_is_accepted() {
    // Start-up of an up-to-date application reads the tracking table and
    // writes nothing, so a read-only replica or a read-only mount works.
    let (_dir, path) = temp_db();
    DEMO.migrate(&mut open(&path)).unwrap();
    let before = bytes(&path);
    let mut conn = open_read_only(&path);
    let report = DEMO.migrate(&mut conn).unwrap();
    assert!(report.is_noop(), "{report}");
    assert!(DEMO.is_current(&conn).unwrap());
    let status = DEMO.status(&conn).unwrap();
    assert!(
        status.migrations.iter().all(|m| m.state == State::Applied),
        "{status}"
    );
    drop(conn);
    assert!(bytes(&path) == before);
}

#[cfg(unix)]
#[test]
fn a_file_without_write_permission_is_refused_untouched() {
    // Mode 0o444. SQLite then opens the file read-only, and `migrate` gets
    // the same "readonly" error as above. root ignores file permissions, so
    // there (as in this project's containers) the check below cannot fail
    // and the test only says so; the flag and URI tests above are the ones
    // that run everywhere.
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db();
    open(&path).execute_batch(V0_9).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    if std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
        eprintln!("skipped: this process may write a 0o444 file (root)");
        return;
    }
    let before = bytes(&path);
    let mut conn = open(&path);
    let err = DEMO.migrate(&mut conn).unwrap_err();
    assert_eq!(sqlite_code(&err), Some(ErrorCode::ReadOnly), "{err:?}");
    drop(conn);
    assert!(bytes(&path) == before, "the file changed");
}

// ---------------------------------------------------------------------------
// Files that are not SQLite databases
// ---------------------------------------------------------------------------

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let contents: [(&str, Vec<u8>); 3] = [
        ("4 KiB of random bytes", garbage(4096, 0x5eed)),
        (
            "a SQL text file",
            include_bytes!("../../migrations/schema.sql").to_vec(),
        ),
        ("a short text file", b"hello\n".to_vec()),
    ];
    for (what, content) in contents {
        let (_dir, path) = temp_db();
        std::fs::write(&path, &content).unwrap();
        let mut conn = open(&path);
        let err = DEMO.migrate(&mut conn).expect_err(what);
        assert_eq!(
            sqlite_code(&err),
            Some(ErrorCode::NotADatabase),
            "{what}: expected Error::Sqlite(NotADatabase), got {err:?}"
        );
        assert_eq!(err.to_string(), "SQLite: file is not a database", "{what}");
        // The read-only views and `baseline` say the same.
        let err = DEMO.status(&conn).unwrap_err();
        assert_eq!(sqlite_code(&err), Some(ErrorCode::NotADatabase), "{what}");
        let err = DEMO.is_current(&conn).unwrap_err();
        assert_eq!(sqlite_code(&err), Some(ErrorCode::NotADatabase), "{what}");
        let err = DEMO.baseline(&mut conn, 0).unwrap_err();
        assert_eq!(sqlite_code(&err), Some(ErrorCode::NotADatabase), "{what}");
        drop(conn);
        assert!(bytes(&path) == content, "{what}: the file changed");
    }
}

#[test]
fn a_truncated_database_file_is_refused_untouched() {
    // A copy cut short (a full disk, an interrupted `scp`): SQLite finds
    // pages missing as soon as it reads the schema.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    DEMO.migrate(&mut conn).unwrap();
    conn.execute_batch(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300)
         INSERT INTO notes (slug, file_path) SELECT 'n' || x, 'notes/' || x FROM n;",
    )
    .unwrap();
    drop(conn);
    let full = bytes(&path);
    for keep in [100, 4096, full.len() / 2] {
        let cut = full[..keep].to_vec();
        std::fs::write(&path, &cut).unwrap();
        let mut conn = open(&path);
        let err = DEMO.migrate(&mut conn).unwrap_err();
        assert_eq!(
            sqlite_code(&err),
            Some(ErrorCode::DatabaseCorrupt),
            "{keep} bytes: expected Error::Sqlite(DatabaseCorrupt), got {err:?}"
        );
        assert_eq!(
            err.to_string(),
            "SQLite: database disk image is malformed",
            "{keep} bytes"
        );
        let err = DEMO.status(&conn).unwrap_err();
        assert_eq!(sqlite_code(&err), Some(ErrorCode::DatabaseCorrupt));
        drop(conn);
        assert!(bytes(&path) == cut, "{keep} bytes: the file changed");
    }
}

// ---------------------------------------------------------------------------
// The caller's own transaction
// ---------------------------------------------------------------------------

#[test]
fn migrate_inside_the_caller_s_transaction_is_refused_and_leaves_it_open() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch("CREATE TABLE app_log (line TEXT);")
        .unwrap();
    let before = bytes(&path);
    // rusqlite's `Connection::open` sets 5000 ms; any value must survive.
    conn.busy_timeout(std::time::Duration::from_millis(1234))
        .unwrap();
    // `rusqlite::Transaction` borrows the connection, so a caller can only
    // get here with SQL of their own.
    conn.execute_batch("BEGIN; INSERT INTO app_log VALUES ('started');")
        .unwrap();
    let err = DEMO.migrate(&mut conn).unwrap_err();
    assert!(matches!(err, Error::InTransaction), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("the connection is inside a transaction"),
        "{err}"
    );
    // The caller's transaction is still open, with its write; the
    // connection's settings are as they were; nothing reached the file.
    assert!(!conn.is_autocommit(), "the caller's transaction ended");
    assert_eq!(count(&conn, "SELECT count(*) FROM app_log"), 1);
    assert_eq!(count(&conn, "PRAGMA busy_timeout"), 1234);
    assert_eq!(count(&conn, "PRAGMA foreign_keys"), 1);
    assert!(bytes(&path) == before, "the file changed");
    conn.execute_batch("COMMIT").unwrap();

    // A SAVEPOINT as the caller's transaction, and `baseline`, the same.
    conn.execute_batch("SAVEPOINT caller;").unwrap();
    assert!(matches!(DEMO.migrate(&mut conn), Err(Error::InTransaction)));
    assert!(matches!(
        DEMO.baseline(&mut conn, 0),
        Err(Error::InTransaction)
    ));
    assert!(!conn.is_autocommit(), "the caller's savepoint ended");
    conn.execute_batch("RELEASE caller;").unwrap();
    assert_eq!(
        objects(&conn),
        [("table".to_string(), "app_log".to_string())],
        "the run wrote to the file"
    );
}

#[test]
fn an_up_to_date_database_may_be_checked_inside_the_caller_s_transaction() {
    // Nothing to do means nothing to commit: the start-up check only reads.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    DEMO.migrate(&mut conn).unwrap();
    conn.execute_batch("BEGIN; CREATE TABLE app_log (line TEXT);")
        .unwrap();
    let report = DEMO.migrate(&mut conn).unwrap();
    assert!(report.is_noop(), "{report}");
    assert!(!conn.is_autocommit(), "the caller's transaction ended");
    conn.execute_batch("ROLLBACK").unwrap();
    assert!(DEMO.is_current(&conn).unwrap());
}

// ---------------------------------------------------------------------------
// Empty databases and databases with nothing to detect
// ---------------------------------------------------------------------------

#[test]
fn status_and_is_current_on_an_empty_database() {
    let (_dir, path) = temp_db();
    let conn = open(&path);
    let status = DEMO.status(&conn).unwrap();
    assert!(!status.tracked);
    assert_eq!(status.migrations.len(), DEMO.migrations().len());
    assert!(
        status
            .migrations
            .iter()
            .all(|m| m.state == State::Pending && m.recorded_at.is_none()),
        "{status}"
    );
    assert!(status.unknown_versions.is_empty(), "{status}");
    assert!(status.stale_objects.is_empty(), "{status}");
    assert!(!status.has_drift(), "{status}");
    assert!(
        status.to_string().starts_with("untracked database"),
        "{status}"
    );
    assert!(!DEMO.is_current(&conn).unwrap());
    drop(conn);
    assert!(bytes(&path).is_empty(), "status wrote to the file");
}

#[test]
fn baseline_on_an_empty_database_is_refused_untouched() {
    // An empty database is at no version: every object of the version
    // asked for is missing. `migrate` is what an empty database needs.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    for version in [0, 2, 4] {
        let err = DEMO.baseline(&mut conn, version).unwrap_err();
        let Error::BaselineMismatch {
            version: v,
            mismatches,
            ..
        } = &err
        else {
            panic!("version {version}: expected Error::BaselineMismatch, got {err:?}")
        };
        assert_eq!(*v, version);
        assert!(!mismatches.is_empty(), "{err}");
        // Every object of that version is missing, each with its form.
        assert!(
            mismatches
                .iter()
                .all(|m| m.live.is_none() && m.expected.is_some()),
            "version {version}: {err}"
        );
        for m in mismatches {
            assert!(err.to_string().contains(&m.to_string()), "{m}: {err}");
        }
        assert!(
            err.to_string()
                .starts_with(&format!("the database does not match version {version} (")),
            "{err}"
        );
    }
    // The base schema's objects are each named.
    let err = DEMO.baseline(&mut conn, 0).unwrap_err();
    assert!(
        err.to_string()
            .contains("\n  - table notes: missing, expected "),
        "{err}"
    );
    drop(conn);
    assert!(bytes(&path).is_empty(), "baseline wrote to the file");
    assert!(!is_tracked(&path));
}

#[test]
fn an_untracked_database_with_only_unknown_objects_is_migrated_like_an_empty_one() {
    // Objects no version knows are drift: detection finds the empty schema
    // (before the base schema), so every migration runs, and the
    // application's own table and its rows stay.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(
        "CREATE TABLE app_settings (key TEXT PRIMARY KEY, value TEXT);
         CREATE INDEX idx_app_settings_value ON app_settings(value);
         CREATE VIEW app_settings_view AS SELECT key FROM app_settings;
         INSERT INTO app_settings VALUES ('theme', 'dark');",
    )
    .unwrap();

    let report = DEMO.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), DEMO.migrations().len(), "{report}");
    assert_eq!(report.adopted(), 0, "{report}");
    assert_eq!(report.detected, None, "{report}");
    assert_eq!(
        report.to_string(),
        format!("schema at version 4: {} applied", DEMO.migrations().len())
    );
    assert!(
        recorded(&conn).iter().all(|(_, how)| how == "applied"),
        "{:?}",
        recorded(&conn)
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM app_settings"), 1);
    let status = DEMO.status(&conn).unwrap();
    let mut unknown: Vec<String> = status
        .unknown_objects
        .iter()
        .map(ToString::to_string)
        .collect();
    unknown.sort();
    assert_eq!(
        unknown,
        [
            "index idx_app_settings_value",
            "table app_settings",
            "view app_settings_view"
        ],
        "{status}"
    );
    assert!(DEMO.is_current(&conn).unwrap(), "drift is tolerated");
}

#[test]
fn a_database_with_part_of_the_base_schema_is_refused_untouched() {
    // Someone started the schema by hand: `notes` as the base schema has
    // it, and nothing else. Tables cannot be created by detection, so the
    // base schema is "partly present", like a half-applied migration.
    let (_dir, path) = temp_db();
    open(&path)
        .execute_batch(&V0_9[..V0_9.find("CREATE INDEX").unwrap()])
        .unwrap();
    let before = bytes(&path);
    let mut conn = open(&path);
    let err = DEMO.migrate(&mut conn).unwrap_err();
    let Error::Partial {
        version,
        present,
        missing,
        ..
    } = &err
    else {
        panic!("expected Error::Partial, got {err:?}")
    };
    assert_eq!(*version, 0);
    assert!(
        err.to_string()
            .starts_with("the base schema is partly present"),
        "{err}"
    );
    let names = |objects: Vec<&SchemaObject>| -> Vec<String> {
        objects
            .iter()
            .map(|o| format!("{:?} {}", o.kind, o.name))
            .collect()
    };
    assert_eq!(names(present.iter().collect()), ["Table notes"], "{err}");
    let missing_tables: Vec<&Difference> = missing
        .iter()
        .filter(|d| d.object.kind == ObjectKind::Table)
        .collect();
    assert!(
        missing_tables
            .iter()
            .any(|d| d.object.name == "sessions" && d.live.is_none() && d.expected.is_some()),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("the base schema is partly present in this untracked database; present: table notes; missing: "),
        "{err}"
    );
    drop(conn);
    assert!(bytes(&path) == before, "the file changed");
}

// ---------------------------------------------------------------------------
// The tracking table
// ---------------------------------------------------------------------------

#[test]
fn another_tool_s_schemaguard_migrations_table_is_refused_untouched() {
    let (_dir, path) = temp_db();
    open(&path)
        .execute_batch(
            "CREATE TABLE schemaguard_migrations (id INTEGER PRIMARY KEY, script TEXT);
             INSERT INTO schemaguard_migrations (script) VALUES ('V1__init.sql');",
        )
        .unwrap();
    let before = bytes(&path);
    let mut conn = open(&path);
    let err = DEMO.migrate(&mut conn).unwrap_err();
    let Error::TrackingTable { message, .. } = &err else {
        panic!("expected Error::TrackingTable, got {err:?}")
    };
    assert!(message.contains("no such column"), "{err}");
    assert!(
        err.to_string().starts_with(
            "`schemaguard_migrations` is not the tracking table schemaguard expects: "
        ),
        "{err}"
    );
    // The read-only views refuse it the same way, and so does `baseline`.
    assert!(matches!(
        DEMO.status(&conn),
        Err(Error::TrackingTable { .. })
    ));
    assert!(matches!(
        DEMO.is_current(&conn),
        Err(Error::TrackingTable { .. })
    ));
    assert!(matches!(
        DEMO.baseline(&mut conn, 0),
        Err(Error::TrackingTable { .. })
    ));
    drop(conn);
    assert!(bytes(&path) == before, "the file changed");
}

#[test]
fn a_database_whose_tracking_rows_were_deleted_is_detected_and_adopted_again() {
    // An operator "resetting" migrations (DELETE FROM or DROP TABLE): the
    // database is untracked again, and detection adopts what it has. The
    // schema cannot tell version 3 from 4 (004 only updates rows) and 004
    // is `rerunnable`, so detection adopts 0–3 and runs 004 again, as
    // the README's detection rules say; nothing else runs.
    for reset in [
        "DELETE FROM schemaguard_migrations;",
        "DROP TABLE schemaguard_migrations;",
    ] {
        let (_dir, path) = temp_db();
        let mut conn = open(&path);
        DEMO.migrate(&mut conn).unwrap();
        conn.execute_batch(reset).unwrap();
        assert!(!DEMO.status(&conn).unwrap().tracked, "{reset}");
        assert!(!DEMO.is_current(&conn).unwrap(), "{reset}");

        let report = DEMO.migrate(&mut conn).unwrap();

        assert_eq!(report.detected, Some(4), "{reset}: {report}");
        let actions: Vec<&str> = report.outcomes.iter().map(|s| s.action.as_str()).collect();
        assert_eq!(
            actions,
            ["adopted", "adopted", "adopted", "adopted", "applied"],
            "{reset}: {report}"
        );
        assert!(DEMO.is_current(&conn).unwrap(), "{reset}");
    }
}

#[test]
fn a_tracking_row_deleted_by_hand_in_the_middle_is_refused_untouched() {
    // With 0, 1, 3 and 4 recorded, 002 looks pending but older than 4:
    // the out-of-order refusal stops it from running again.
    for (deleted, name) in [
        (0_u64, "schema"),
        (2, "secure_tokens_and_authorization_codes"),
    ] {
        let (_dir, path) = temp_db();
        let mut conn = open(&path);
        DEMO.migrate(&mut conn).unwrap();
        conn.execute(
            "DELETE FROM schemaguard_migrations WHERE version = ?1",
            [deleted as i64],
        )
        .unwrap();
        drop(conn);
        let before = bytes(&path);
        let mut conn = open(&path);
        let err = DEMO.migrate(&mut conn).unwrap_err();
        let Error::OutOfOrder {
            version,
            name: n,
            newest,
        } = &err
        else {
            panic!("row {deleted}: expected Error::OutOfOrder, got {err:?}")
        };
        assert_eq!((*version, n.as_str(), *newest), (deleted, name, 4));
        drop(conn);
        assert!(bytes(&path) == before, "row {deleted}: the file changed");
    }
}

#[test]
fn tracking_rows_edited_by_hand_are_refused_at_the_next_start_up() {
    // A start-up reads only the newest row; the tracking table's triggers
    // make sure a hand edit anywhere in it is still seen.
    type Expected = fn(&Error) -> bool;
    let edits: [(&str, Expected); 3] = [
        (
            "UPDATE schemaguard_migrations SET checksum = 'x' WHERE version = 1",
            |e| matches!(e, Error::Modified { version: 1, .. }),
        ),
        (
            "UPDATE schemaguard_migrations SET version = 9 WHERE version = 2",
            |e| matches!(e, Error::UnknownVersion { version: 9, .. }),
        ),
        (
            "INSERT INTO schemaguard_migrations (version, name, checksum, how, applied_at) \
             VALUES (-5, 'by_hand', 'x', 'applied', 'now')",
            |e| matches!(e, Error::TrackingTable { .. }),
        ),
    ];
    for (edit, expected) in edits {
        let (_dir, path) = temp_db();
        let mut conn = open(&path);
        DEMO.migrate(&mut conn).unwrap();
        conn.execute_batch(edit).unwrap();
        drop(conn);
        let before = bytes(&path);
        let mut conn = open(&path);
        let err = DEMO.migrate(&mut conn).unwrap_err();
        assert!(expected(&err), "{edit}: got {err:?}");
        drop(conn);
        assert!(bytes(&path) == before, "{edit}: the file changed");
    }
}

/// Whether `migrate` takes the read-only start-up path: inside a
/// transaction of the caller's, only that path can succeed.
fn start_up_only_reads(conn: &mut Connection) -> bool {
    conn.execute_batch("BEGIN").unwrap();
    let result = DEMO.migrate(conn);
    conn.execute_batch("ROLLBACK").unwrap();
    match result {
        Ok(report) => report.is_noop(),
        Err(Error::InTransaction) => false,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn after_a_hand_edit_is_undone_one_run_restores_read_only_start_ups() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    DEMO.migrate(&mut conn).unwrap();
    assert!(start_up_only_reads(&mut conn));
    // An edit that changes nothing, as an undone one leaves the table.
    conn.execute_batch("UPDATE schemaguard_migrations SET checksum = checksum WHERE version = 1")
        .unwrap();
    assert!(!start_up_only_reads(&mut conn), "the edit went unseen");
    assert!(DEMO.migrate(&mut conn).unwrap().is_noop());
    assert!(
        start_up_only_reads(&mut conn),
        "start-ups still take the write lock"
    );
}

#[test]
fn a_tracking_table_without_its_triggers_gets_them_back() {
    // As a database last migrated before the triggers existed: its rows'
    // history checksums were computed from another start.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    DEMO.migrate(&mut conn).unwrap();
    let triggers = |conn: &Connection| {
        count(
            conn,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' \
             AND tbl_name = 'schemaguard_migrations'",
        )
    };
    assert_eq!(triggers(&conn), 4);
    for name in ["deleted", "edited", "inserted", "replaced"] {
        let name = format!("schemaguard_migrations_{name}");
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    conn.execute_batch("UPDATE schemaguard_migrations SET chain = 'an older format'")
        .unwrap();
    assert!(!start_up_only_reads(&mut conn));
    assert!(DEMO.migrate(&mut conn).unwrap().is_noop());
    assert_eq!(triggers(&conn), 4);
    assert!(start_up_only_reads(&mut conn));
    let status = DEMO.status(&conn).unwrap();
    assert!(!status.has_drift(), "the triggers show as drift: {status}");
}

// ---------------------------------------------------------------------------
// Migrations failing at run time
// ---------------------------------------------------------------------------

#[test]
fn a_declared_function_the_application_did_not_register_fails_the_run_untouched() {
    // `functions = ["app_contact_email"]` lets the compile-time replay run
    // 001; at run time the application must register the function before
    // migrating. If it does not, 001 fails and nothing is written.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    let err = SEEDED_USERS.migrate(&mut conn).unwrap_err();
    // Line 5: the first INSERT.
    assert_eq!(
        failed_at(&err),
        (
            1,
            "fixtures/seeded_users/migrations/001_seed_accounts.sql",
            5,
            "no such function: app_contact_email"
        )
    );
    drop(conn);
    assert!(bytes(&path).is_empty(), "the failed run wrote to the file");
}

/// Runs the base schema and 001 of `NO_TRANSACTION` by hand (no tracking
/// table) and inserts two users with one address.
fn untracked_with_duplicate_emails(path: &Path) {
    let conn = open(path);
    for m in &NO_TRANSACTION.migrations()[..2] {
        conn.execute_batch(m.sql()).unwrap();
    }
    conn.execute_batch(
        "INSERT INTO users (email) VALUES ('ann@example.org'), ('ann@example.org');",
    )
    .unwrap();
}

#[test]
fn a_no_transaction_migration_runs_on_its_own() {
    // The control: on a fresh file every migration runs, 002 outside the
    // run's transaction, and each is recorded.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    let report = NO_TRANSACTION.migrate(&mut conn).unwrap();
    assert_eq!(report.applied(), 4, "{report}");
    assert_eq!(
        recorded(&conn),
        (0..=3)
            .map(|v| (v, "applied".to_string()))
            .collect::<Vec<_>>()
    );
    assert!(NO_TRANSACTION.is_current(&conn).unwrap());
}

#[test]
fn a_failing_no_transaction_migration_keeps_what_preceded_it_and_is_not_recorded() {
    // By design: what precedes a `no-transaction` migration is committed; it
    // is recorded only after it succeeds; the rest does not run. Here the
    // committed part is detection's adoption of 0 and 1.
    let (_dir, path) = temp_db();
    untracked_with_duplicate_emails(&path);
    let mut conn = open(&path);

    let err = NO_TRANSACTION.migrate(&mut conn).unwrap_err();

    let (version, _, line, message) = failed_at(&err);
    assert_eq!((version, line), (2, 5), "{err}");
    assert_eq!(message, "UNIQUE constraint failed: users.email");
    assert!(conn.is_autocommit(), "a transaction was left open");
    drop(conn);
    let conn = open(&path);
    assert_eq!(
        recorded(&conn),
        [(0, "adopted".to_string()), (1, "adopted".to_string())],
        "only what preceded 002 is committed"
    );
    let names: Vec<String> = objects(&conn).into_iter().map(|(_, n)| n).collect();
    assert!(
        !names.contains(&"idx_users_email_unique".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"contacts".to_string()),
        "003 ran: {names:?}"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM users"), 2);

    // Once the data is fixed, the next run picks up at 002.
    conn.execute_batch("UPDATE users SET email = 'bob@example.org' WHERE id = 2;")
        .unwrap();
    drop(conn);
    let mut conn = open(&path);
    let report = NO_TRANSACTION.migrate(&mut conn).unwrap();
    let actions: Vec<&str> = report.outcomes.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(
        actions,
        ["already recorded", "already recorded", "applied", "applied"]
    );
    assert!(NO_TRANSACTION.is_current(&conn).unwrap());
}
