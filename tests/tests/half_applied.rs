//! A `no-transaction` migration that fails after some of its statements
//! committed is half applied: its claim stays, with where it failed, and
//! every later run refuses (naming the migration, the statement and
//! SQLite's message) until a human marks it done or releases it.

use schemaguard::rusqlite::ErrorCode;
use schemaguard_tests::*;

/// Base `users(id, email)`; 001 (`no-transaction`) creates `audit`, writes
/// a row to it, then makes `email` unique (line 4), which fails on
/// duplicate addresses; 002 a view.
static HALF_APPLIED: Schema = schemaguard::schema!(
    base = "fixtures/half_applied/schema.sql",
    migrations = "fixtures/half_applied/migrations"
);

const FILE: &str = "fixtures/half_applied/migrations/001_audit_and_unique_email.sql";

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn audit_rows(conn: &Connection) -> i64 {
    count(conn, "SELECT count(*) FROM audit")
}

/// `(version, file, line, message)` of an `Error::HalfApplied`.
fn half_applied(err: &Error) -> (u64, &str, usize, &str) {
    match err {
        Error::HalfApplied {
            version,
            file,
            line,
            message,
            ..
        } => (*version, file, *line, message),
        other => panic!("expected Error::HalfApplied, got {other:?}"),
    }
}

/// A database at version 0 whose users share an address, after the first
/// run: 001 stopped at line 4, its table and row committed.
fn stopped_halfway() -> (tempfile::TempDir, std::path::PathBuf, Connection) {
    let (dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(HALF_APPLIED.migrations()[0].sql())
        .unwrap();
    HALF_APPLIED.baseline(&mut conn, 0).unwrap();
    conn.execute_batch(
        "INSERT INTO users (email) VALUES ('a@example.org'), ('a@example.org'), ('b@example.org')",
    )
    .unwrap();
    let err = HALF_APPLIED.migrate(&mut conn).unwrap_err();
    assert_eq!(
        half_applied(&err),
        (1, FILE, 4, "UNIQUE constraint failed: users.email"),
        "{err}"
    );
    assert_eq!(
        err.sqlite_error_code(),
        Some(ErrorCode::ConstraintViolation)
    );
    assert_eq!(audit_rows(&conn), 1);
    (dir, path, conn)
}

#[test]
fn a_half_applied_migration_is_refused_until_someone_decides() {
    let (_dir, path, mut conn) = stopped_halfway();
    // The data is fixed; the migration is not run again from line 2 (which
    // would fail on `audit`, or, were it an INSERT, duplicate its rows).
    conn.execute_batch("DELETE FROM users WHERE id = 2")
        .unwrap();
    let before = bytes(&path);

    let err = HALF_APPLIED.migrate(&mut conn).unwrap_err();

    assert_eq!(
        half_applied(&err),
        (1, FILE, 4, "UNIQUE constraint failed: users.email"),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "migration 1 (audit_and_unique_email) runs outside a transaction and stopped halfway: \
             its statement at {FILE}:4 failed: UNIQUE constraint failed: users.email. Statements \
             before it may have committed, so it is not run again by itself. Either finish it by \
             hand and call `Schema::mark_done(&mut conn, 1)`, or undo what it did and call \
             `Schema::release(&mut conn, 1)` to run it again from its first statement"
        )
    );
    // SQLite's code is kept with the claim, and is the error's source.
    assert_eq!(
        err.sqlite_error_code(),
        Some(ErrorCode::ConstraintViolation)
    );
    assert_eq!(
        error_chain(&err)[1..],
        ["SQLite result code 2067 (ConstraintViolation)".to_string()]
    );
    assert_eq!(audit_rows(&conn), 1);
    assert_eq!(recorded(&conn), [(0, "adopted".to_string())]);
    drop(conn);
    assert!(bytes(&path) == before, "the refused run wrote to the file");
}

#[test]
fn release_runs_it_again_from_its_first_statement() {
    let (_dir, _path, mut conn) = stopped_halfway();
    // Undo what committed, fix the data, release.
    conn.execute_batch("DROP TABLE audit; DELETE FROM users WHERE id = 2")
        .unwrap();

    HALF_APPLIED.release(&mut conn, 1).unwrap();
    let report = HALF_APPLIED.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), 2, "{report}");
    assert_eq!(audit_rows(&conn), 1);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sqlite_schema WHERE name = 'users_email'"
        ),
        1
    );
    assert!(HALF_APPLIED.is_current(&conn).unwrap());
    assert_eq!(count(&conn, "SELECT count(*) FROM schemaguard_claims"), 0);
}

#[test]
fn mark_done_records_it_with_its_own_how_and_the_run_goes_on() {
    let (_dir, _path, mut conn) = stopped_halfway();
    // Finish it by hand: the data, then the statement that failed.
    conn.execute_batch(
        "DELETE FROM users WHERE id = 2; CREATE UNIQUE INDEX users_email ON users(email);",
    )
    .unwrap();

    HALF_APPLIED.mark_done(&mut conn, 1).unwrap();
    let report = HALF_APPLIED.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), 1, "{report}");
    assert_eq!(audit_rows(&conn), 1, "001 ran again");
    assert_eq!(
        recorded(&conn),
        [
            (0, "adopted".to_string()),
            (1, "marked done".to_string()),
            (2, "applied".to_string())
        ]
    );
    let status = HALF_APPLIED.status(&conn).unwrap();
    assert_eq!(status.migrations[1].state, State::MarkedDone);
    assert!(status.to_string().contains("marked done"), "{status}");
    assert!(HALF_APPLIED.is_current(&conn).unwrap());
    assert!(HALF_APPLIED.migrate(&mut conn).unwrap().is_noop());
}

#[test]
fn mark_done_and_release_refuse_a_migration_that_did_not_stop_halfway() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    HALF_APPLIED.migrate(&mut conn).unwrap();
    let before = bytes(&path);

    for err in [
        HALF_APPLIED.mark_done(&mut conn, 1).unwrap_err(),
        HALF_APPLIED.release(&mut conn, 1).unwrap_err(),
    ] {
        assert!(
            matches!(err, Error::NotClaimed { version: 1, .. }),
            "{err:?}"
        );
        assert!(
            err.to_string().starts_with(
                "migration 1 (audit_and_unique_email) is not claimed: `mark_done` and `release` \
                 are only for a `no-transaction` migration that stopped halfway"
            ),
            "{err}"
        );
    }
    let err = HALF_APPLIED.release(&mut conn, 7).unwrap_err();
    assert!(
        matches!(err, Error::NoSuchVersion { version: 7 }),
        "{err:?}"
    );
    drop(conn);
    assert!(bytes(&path) == before);
}

#[test]
fn a_failure_before_anything_committed_releases_the_claim() {
    // The first statement fails (`audit` exists already, made by hand):
    // nothing of 001 committed, so the next run may simply run it again.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(HALF_APPLIED.migrations()[0].sql())
        .unwrap();
    HALF_APPLIED.baseline(&mut conn, 0).unwrap();
    conn.execute_batch("CREATE TABLE audit (x)").unwrap();

    let err = HALF_APPLIED.migrate(&mut conn).unwrap_err();
    let (version, _, line, message) = failed_at(&err);
    assert_eq!(
        (version, line, message),
        (1, 2, "table audit already exists")
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM schemaguard_claims"), 0);

    conn.execute_batch("DROP TABLE audit").unwrap();
    let report = HALF_APPLIED.migrate(&mut conn).unwrap();
    assert_eq!(report.applied(), 2, "{report}");
}
