//! Tracked databases that `migrate` must refuse, and migrations that fail
//! halfway: in every case the database file is byte for byte what it was,
//! and the error says what happened in one log line.

use std::path::Path;

use schemaguard::rusqlite::ErrorCode;
use schemaguard::rusqlite::functions::FunctionFlags;
use schemaguard_tests::*;

/// The demo, but migration 002 creates `idx_tokens_me` on `(me, client_id)`,
/// and a new migration 005 creates `audit_log`.
static EDITED_002: Schema = schemaguard::schema!(
    base = "fixtures/demo_edited_002/schema.sql",
    migrations = "fixtures/demo_edited_002/migrations"
);

/// The demo after a SQL formatter: other layout, comments, keyword and
/// name case, a BOM and CRLF line endings; the same statements.
static REFORMATTED: Schema = schemaguard::schema!(
    base = "fixtures/demo_reformatted/schema.sql",
    migrations = "fixtures/demo_reformatted/migrations"
);

/// The demo plus migration 005 (`audit_log`): a newer release.
static PLUS_005: Schema = schemaguard::schema!(
    base = "fixtures/demo_plus_005/schema.sql",
    migrations = "fixtures/demo_plus_005/migrations"
);

/// The demo without migration 003: a branch that had not merged it yet.
static WITHOUT_003: Schema = schemaguard::schema!(
    base = "fixtures/demo_without_003/schema.sql",
    migrations = "fixtures/demo_without_003/migrations"
);

/// `users`, 001 an index on `name`, 002 a unique index on `email`.
static UNIQUE_EMAIL: Schema = schemaguard::schema!(
    base = "fixtures/unique_email/schema.sql",
    migrations = "fixtures/unique_email/migrations"
);

/// The same history, one release earlier: only the base schema and 001.
static UNIQUE_EMAIL_V1: Schema = schemaguard::schema!(
    base = "fixtures/unique_email_v1/schema.sql",
    migrations = "fixtures/unique_email_v1/migrations"
);

/// 001 inserts two accounts with the address `app_contact_email()` returns,
/// 002 makes `email` unique.
static SEEDED_USERS: Schema = schemaguard::schema!(
    base = "fixtures/seeded_users/schema.sql",
    migrations = "fixtures/seeded_users/migrations",
    functions = ["app_contact_email"]
);

/// Migrates the (closed) database at `path` with `schema`, expecting a
/// refusal, and checks that the file did not change.
fn refused(schema: &Schema, path: &Path) -> Error {
    let before = bytes(path);
    let mut conn = open(path);
    let err = schema
        .migrate(&mut conn)
        .expect_err("migrate must refuse this database");
    drop(conn);
    assert!(
        bytes(path) == before,
        "the refused run wrote to the database ({err})"
    );
    let text = err.to_string();
    assert!(!text.contains('\n'), "not one log line: {text}");
    err
}

fn index_exists(conn: &Connection, name: &str) -> bool {
    objects(conn).contains(&("index".to_string(), name.to_string()))
}

fn table_exists(conn: &Connection, name: &str) -> bool {
    objects(conn).contains(&("table".to_string(), name.to_string()))
}

#[test]
fn an_edited_applied_migration_is_refused_and_nothing_runs() {
    let (_dir, path) = temp_db();
    DEMO.migrate(&mut open(&path)).unwrap();
    // EDITED_002 also has a pending migration 005: it must not run either.
    let err = refused(&EDITED_002, &path);
    let Error::Modified {
        version,
        name,
        recorded,
        expected,
        ..
    } = &err
    else {
        panic!("expected Error::Modified, got {err:?}")
    };
    assert_eq!(*version, 2);
    assert_eq!(name, "secure_tokens_and_authorization_codes");
    assert_eq!(recorded, DEMO.migrations()[2].checksum());
    assert_eq!(expected, EDITED_002.migrations()[2].checksum());
    assert_ne!(recorded, expected);
    assert_eq!(
        err.to_string(),
        format!(
            "migration 2 (secure_tokens_and_authorization_codes) was edited after it was applied \
             (recorded checksum {recorded}, file checksum {expected}): \
             restore the file, and put the change in a new migration"
        )
    );
    let conn = open(&path);
    assert!(!table_exists(&conn, "audit_log"));
    assert_eq!(recorded_versions(&conn), [0, 1, 2, 3, 4]);
}

#[test]
fn reformatting_applied_migrations_is_not_a_modification() {
    for (first, second) in [(&DEMO, &REFORMATTED), (&REFORMATTED, &DEMO)] {
        let (_dir, path) = temp_db();
        first.migrate(&mut open(&path)).unwrap();
        let before = bytes(&path);
        let mut conn = open(&path);
        let report = second.migrate(&mut conn).unwrap();
        assert!(report.is_noop(), "{report}");
        assert!(second.is_current(&conn).unwrap());
        let status = second.status(&conn).unwrap();
        assert!(
            status.migrations.iter().all(|m| m.state == State::Applied),
            "{status}"
        );
        drop(conn);
        assert!(bytes(&path) == before, "a no-op run wrote to the database");
    }
    // The fixture really is reformatted: only the checksums agree.
    for (demo, reformatted) in DEMO.migrations().iter().zip(REFORMATTED.migrations()) {
        assert_ne!(demo.sql(), reformatted.sql(), "{}", demo.describe());
        // The file's own text, included as it is, less its byte order mark.
        assert!(!reformatted.sql().starts_with('\u{feff}'));
        assert_eq!(
            demo.checksum(),
            reformatted.checksum(),
            "{}",
            demo.describe()
        );
    }
}

#[test]
fn a_database_migrated_by_a_newer_release_is_refused() {
    let (_dir, path) = temp_db();
    PLUS_005.migrate(&mut open(&path)).unwrap();
    let err = refused(&DEMO, &path);
    let Error::UnknownVersion { version, name } = &err else {
        panic!("expected Error::UnknownVersion, got {err:?}")
    };
    assert_eq!(*version, 5);
    assert_eq!(name, "audit_log");
    assert_eq!(
        err.to_string(),
        "the database records migration 5 (audit_log), which this program does not know: \
         it was migrated by a newer release"
    );
}

#[test]
fn a_migration_older_than_the_newest_applied_one_is_refused() {
    let (_dir, path) = temp_db();
    WITHOUT_003.migrate(&mut open(&path)).unwrap();
    assert_eq!(recorded_versions(&open(&path)), [0, 1, 2, 4]);
    let err = refused(&DEMO, &path);
    let Error::OutOfOrder {
        version,
        name,
        newest,
    } = &err
    else {
        panic!("expected Error::OutOfOrder, got {err:?}")
    };
    assert_eq!(
        (*version, name.as_str(), *newest),
        (3, "published_notes_feed", 4)
    );
    assert_eq!(
        err.to_string(),
        "migration 3 (published_notes_feed) is pending, but migration 4 is already applied: \
         migrations run in one order; renumber it after 4"
    );
    let conn = open(&path);
    assert!(
        !objects(&conn).contains(&("view".to_string(), "published_notes".to_string())),
        "migration 3 ran"
    );
}

#[test]
fn a_migration_failing_on_live_data_changes_nothing() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    UNIQUE_EMAIL_V1.migrate(&mut conn).unwrap();
    conn.execute_batch(
        "INSERT INTO users (name, email) VALUES
            ('Ann', 'ann@example.org'), ('Ann again', 'ann@example.org'), ('Bob', 'bob@example.org');",
    )
    .unwrap();
    drop(conn);
    let err = refused(&UNIQUE_EMAIL, &path);
    let Error::Migration {
        version,
        name,
        file,
        line,
        message,
        ..
    } = &err
    else {
        panic!("expected Error::Migration, got {err:?}")
    };
    assert_eq!(*version, 2);
    assert_eq!(name, "unique_email");
    assert_eq!(err.migration(), Some((2, "unique_email")));
    assert_eq!(
        file,
        "fixtures/unique_email/migrations/002_unique_email.sql"
    );
    assert_eq!(*line, 3, "the CREATE UNIQUE INDEX starts on line 3");
    assert_eq!(message, "UNIQUE constraint failed: users.email");
    assert_eq!(
        err.to_string(),
        "migration 2 (unique_email) failed at fixtures/unique_email/migrations/002_unique_email.sql:3: \
         UNIQUE constraint failed: users.email"
    );
    // SQLite's code is kept, as the error's source, and its message is not
    // printed twice along the chain.
    assert_eq!(
        err.sqlite_error_code(),
        Some(ErrorCode::ConstraintViolation)
    );
    let chain = error_chain(&err);
    assert_eq!(
        chain[1..],
        ["SQLite result code 2067 (ConstraintViolation)".to_string()],
        "{chain:?}"
    );
    let conn = open(&path);
    assert_eq!(
        recorded(&conn),
        [(0, "applied".to_string()), (1, "applied".to_string())]
    );
    assert!(!index_exists(&conn, "idx_users_email"));
    let users: i64 = conn
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    assert_eq!(users, 3);
}

/// Registers the application function that migration 001 of
/// `SEEDED_USERS` calls, returning `email` every time.
fn register_contact_email(conn: &Connection, email: Option<&'static str>) {
    conn.create_scalar_function(
        "app_contact_email",
        0,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |_| Ok(email),
    )
    .unwrap();
}

#[test]
fn a_fresh_database_whose_run_fails_late_ends_as_it_started() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    register_contact_email(&conn, Some("admin@example.org"));
    let before = bytes(&path);
    // 001 inserts two accounts with that one address; 002 cannot make
    // `email` unique. The base schema and 001 must be undone too.
    let err = SEEDED_USERS.migrate(&mut conn).unwrap_err();
    assert_eq!(
        failed_at(&err),
        (
            2,
            "fixtures/seeded_users/migrations/002_unique_email.sql",
            1,
            "UNIQUE constraint failed: users.email"
        )
    );
    drop(conn);
    assert!(bytes(&path) == before, "the failed run wrote to the file");
    assert!(before.is_empty(), "a fresh file has no content");
    assert!(objects(&open(&path)).is_empty());

    // The failure came from the data alone: with distinct addresses (NULLs)
    // the same file migrates.
    let mut conn = open(&path);
    register_contact_email(&conn, None);
    let report = SEEDED_USERS.migrate(&mut conn).unwrap();
    assert_eq!(report.applied(), 3, "{report}");
}

fn recorded_versions(conn: &Connection) -> Vec<i64> {
    recorded(conn).into_iter().map(|(v, _)| v).collect()
}
