//! `status` and `is_current`: read-only views of where a database stands.
//! Drift (unknown objects and columns) is listed and tolerated; a known
//! object in another form, an edited or a pending migration is not current.

use std::path::Path;

use schemaguard::ObjectKind;
use schemaguard_tests::*;

/// The demo, but migration 002 creates `idx_tokens_me` on `(me, client_id)`,
/// and a new migration 005 creates `audit_log`.
static EDITED_002: Schema = schemaguard::schema!(
    base = "fixtures/demo_edited_002/schema.sql",
    migrations = "fixtures/demo_edited_002/migrations"
);

/// The demo plus migration 005 (`audit_log`).
static PLUS_005: Schema = schemaguard::schema!(
    base = "fixtures/demo_plus_005/schema.sql",
    migrations = "fixtures/demo_plus_005/migrations"
);

fn migrated_demo(path: &Path) -> Connection {
    let mut conn = open(path);
    DEMO.migrate(&mut conn).unwrap();
    conn
}

fn states(status: &schemaguard::Status) -> Vec<(u64, State)> {
    status
        .migrations
        .iter()
        .map(|m| (m.version, m.state))
        .collect()
}

#[test]
fn an_edited_migration_is_modified_and_a_new_one_pending() {
    let (_dir, path) = temp_db();
    drop(migrated_demo(&path));
    let before = bytes(&path);
    let conn = open(&path);
    let status = EDITED_002.status(&conn).unwrap();
    assert!(status.tracked);
    assert_eq!(
        states(&status),
        [
            (0, State::Applied),
            (1, State::Applied),
            (2, State::Modified),
            (3, State::Applied),
            (4, State::Applied),
            (5, State::Pending),
        ]
    );
    let recorded_at: Vec<bool> = status
        .migrations
        .iter()
        .map(|m| m.recorded_at.is_some())
        .collect();
    assert_eq!(recorded_at, [true, true, true, true, true, false]);
    let text = status.to_string();
    assert!(
        text.contains("    2  modified  secure_tokens_and_authorization_codes"),
        "{text}"
    );
    assert!(text.contains("    5  pending   audit_log\n"), "{text}");
    assert!(!EDITED_002.is_current(&conn).unwrap());
    assert!(DEMO.is_current(&conn).unwrap());
    drop(conn);
    assert!(bytes(&path) == before, "status wrote to the database");
}

#[test]
fn pending_migrations_keep_a_database_from_being_current() {
    let (_dir, path) = temp_db();
    let mut conn = migrated_demo(&path);
    let status = PLUS_005.status(&conn).unwrap();
    assert_eq!(status.migrations[5].state, State::Pending);
    assert!(
        status.migrations[..5]
            .iter()
            .all(|m| m.state == State::Applied),
        "{status}"
    );
    assert!(!PLUS_005.is_current(&conn).unwrap());

    PLUS_005.migrate(&mut conn).unwrap();
    assert_eq!(
        PLUS_005.status(&conn).unwrap().migrations[5].state,
        State::Applied
    );
    assert!(PLUS_005.is_current(&conn).unwrap());
}

#[test]
fn a_database_that_is_only_behind_has_no_drift() {
    // By design: drift is unknown objects and columns; `Status::has_drift`
    // adds "known objects in a form no version expects". A tracked
    // database at version 4 whose only difference from version 5 is that
    // 005 is pending has neither: `audit_log` is absent, as version 4 has it.
    let (_dir, path) = temp_db();
    let conn = migrated_demo(&path);
    let status = PLUS_005.status(&conn).unwrap();
    assert_eq!(status.migrations[5].state, State::Pending);
    assert!(!status.has_drift(), "{status}");
    assert!(!status.to_string().contains("drift"), "{status}");
}

#[test]
fn drift_is_listed_and_tolerated() {
    let (_dir, path) = temp_db();
    let mut conn = migrated_demo(&path);
    conn.execute_batch(
        "CREATE TABLE scratch (x);
         ALTER TABLE notes ADD COLUMN legacy_flag INTEGER;",
    )
    .unwrap();
    let status = DEMO.status(&conn).unwrap();
    let unknown = &status.unknown_objects[..];
    assert_eq!(unknown.len(), 1, "{status}");
    assert_eq!(
        (unknown[0].kind, unknown[0].name.as_str()),
        (ObjectKind::Table, "scratch")
    );
    let columns = &status.unknown_columns[..];
    assert_eq!(columns.len(), 1, "{status}");
    assert_eq!(
        (columns[0].table.as_str(), columns[0].column.as_str()),
        ("notes", "legacy_flag")
    );
    assert!(
        status
            .to_string()
            .contains("drift: unknown column: notes.legacy_flag")
    );
    assert!(status.differences.is_empty(), "{status}");
    assert!(status.has_drift());
    let text = status.to_string();
    assert!(
        text.contains("drift: unknown object: table scratch"),
        "{text}"
    );
    assert!(
        text.contains("drift: unknown column: notes.legacy_flag"),
        "{text}"
    );
    // By design: drift is tolerated; is_current asks only that every known
    // object is in its final form.
    assert!(DEMO.is_current(&conn).unwrap());
    assert!(DEMO.migrate(&mut conn).unwrap().is_noop());
}

#[test]
fn a_known_object_in_another_form_is_not_current() {
    let (_dir, path) = temp_db();
    let conn = migrated_demo(&path);
    conn.execute_batch(
        "DROP INDEX idx_tokens_me;
         CREATE INDEX idx_tokens_me ON tokens(client_id);
         DROP VIEW published_notes;",
    )
    .unwrap();
    let status = DEMO.status(&conn).unwrap();
    assert!(status.unknown_objects.is_empty() && status.unknown_columns.is_empty());
    let mut differences = status.differences.clone();
    differences.sort();
    assert_eq!(differences.len(), 2, "{status}");
    let index = &differences[0];
    assert_eq!(
        (index.object.kind, index.object.name.as_str()),
        (ObjectKind::Index, "idx_tokens_me")
    );
    assert_eq!(index.live.as_deref(), Some("ON tokens(client_id)"));
    assert_eq!(index.expected.as_deref(), Some("ON tokens(me)"));
    assert_eq!(
        index.to_string(),
        "index idx_tokens_me: live ON tokens(client_id), expected ON tokens(me)"
    );
    let view = &differences[1];
    assert_eq!(
        (
            view.object.kind,
            view.object.name.as_str(),
            view.live.as_deref()
        ),
        (ObjectKind::View, "published_notes", None)
    );
    assert!(view.expected.is_some());
    assert!(
        view.to_string()
            .starts_with("view published_notes: missing")
    );
    assert!(status.has_drift());
    assert!(!DEMO.is_current(&conn).unwrap());
}

#[test]
fn a_version_recorded_by_a_newer_release_is_listed_and_not_current() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    PLUS_005.migrate(&mut conn).unwrap();
    let status = DEMO.status(&conn).unwrap();
    assert_eq!(status.unknown_versions, [(5, "audit_log".to_string())]);
    assert!(
        status.migrations.iter().all(|m| m.state == State::Applied),
        "{status}"
    );
    // To this program, the newer release's table is an unknown object.
    assert_eq!(printed(&status.unknown_objects), ["table audit_log"]);
    assert!(
        status
            .to_string()
            .contains("    5  unknown   audit_log  (recorded by a newer release)"),
        "{status}"
    );
    assert!(!DEMO.is_current(&conn).unwrap());
}

#[test]
fn an_untracked_database_is_all_pending() {
    let (_dir, path) = temp_db();
    let conn = open(&path);
    conn.execute_batch(V0_9).unwrap();
    let status = DEMO.status(&conn).unwrap();
    assert!(!status.tracked);
    assert!(
        status
            .migrations
            .iter()
            .all(|m| m.state == State::Pending && m.recorded_at.is_none()),
        "{status}"
    );
    assert!(
        status.to_string().starts_with("untracked database"),
        "{status}"
    );
    assert!(!DEMO.is_current(&conn).unwrap());
}

#[test]
fn a_stale_object_is_drift_until_a_migration_replaces_it() {
    // v0.9's plain-text `tokens` is a form no version has; migration 002
    // drops it and creates the hashed one.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(V0_9).unwrap();
    let status = DEMO.status(&conn).unwrap();
    assert_eq!(printed(&status.stale_objects), ["table tokens"]);
    assert!(status.has_drift(), "{status}");
    assert!(
        status
            .to_string()
            .contains("drift: stale object: table tokens"),
        "{status}"
    );
    DEMO.migrate(&mut conn).unwrap();
    let status = DEMO.status(&conn).unwrap();
    assert!(status.stale_objects.is_empty(), "{status}");
    assert!(!status.has_drift(), "{status}");
}
