//! `-- schemaguard: foreign-keys-off`: a table rebuild keeps the rows that
//! reference the rebuilt table, the connection's setting comes back as it
//! was, a violation a migration introduces rolls that migration back, old
//! orphans are only reported, and enforcement is off for such a migration
//! only: a run splits into transactions around it.

use schemaguard_tests::*;

/// `parent` and `child` (`REFERENCES parent(id) ON DELETE CASCADE`) alone.
static FK_BASE: Schema = schemaguard::schema!(
    base = "fixtures/fk_base/schema.sql",
    migrations = "fixtures/fk_base/migrations"
);

/// The same base; 001 rebuilds `parent` with a new NOT NULL column
/// (`foreign-keys-off`).
static FK_REBUILD: Schema = schemaguard::schema!(
    base = "fixtures/fk_rebuild/schema.sql",
    migrations = "fixtures/fk_rebuild/migrations"
);

/// FK_REBUILD plus 002, which deletes the parents named 'obsolete' with
/// enforcement off, orphaning their children.
static FK_CLEANUP: Schema = schemaguard::schema!(
    base = "fixtures/fk_cleanup/schema.sql",
    migrations = "fixtures/fk_cleanup/migrations"
);

const ROWS: &str = "
INSERT INTO parent (id, name) VALUES (1, 'kept'), (2, 'obsolete');
INSERT INTO child (parent_id) VALUES (1), (1), (2), (2);
";

fn foreign_keys(conn: &Connection) -> bool {
    conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// `(table, rowid, parent)` of every row `PRAGMA foreign_key_check` reports.
fn foreign_key_check(conn: &Connection) -> Vec<(String, i64, String)> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// An orphan, as an application with enforcement off once left it: it
/// gets the lowest rowid of `child`.
fn insert_orphan_first(conn: &Connection) {
    let enforced = foreign_keys(conn);
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute_batch("INSERT INTO child (rowid, parent_id) VALUES (1, 99);")
        .unwrap();
    conn.pragma_update(None, "foreign_keys", enforced).unwrap();
}

fn rebuild_keeps_every_child(enforced: bool) {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    FK_BASE.migrate(&mut conn).unwrap();
    conn.execute_batch(ROWS).unwrap();
    conn.pragma_update(None, "foreign_keys", enforced).unwrap();

    let report = FK_REBUILD.migrate(&mut conn).unwrap();

    assert_eq!(report.outcomes[1].action, Action::Applied, "{report}");
    assert_eq!(count(&conn, "child"), 4, "the rebuild cascaded into child");
    assert_eq!(count(&conn, "parent"), 2);
    let active: i64 = conn
        .query_row("SELECT count(*) FROM parent WHERE active = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(active, 2, "the new column has its default");
    assert_eq!(foreign_keys(&conn), enforced, "setting not restored");
    assert!(foreign_key_check(&conn).is_empty());
    assert!(report.old_violations.is_empty(), "{report}");
    assert!(FK_REBUILD.is_current(&conn).unwrap());
    if enforced {
        // The constraint still works against the rebuilt table.
        conn.execute_batch("DELETE FROM parent WHERE id = 2")
            .unwrap();
        assert_eq!(count(&conn, "child"), 2);
    }
}

#[test]
fn a_rebuild_keeps_child_rows_with_enforcement_on() {
    // The control: the same SQL run by hand with enforcement on loses
    // every child row (DROP TABLE deletes the parents first, and cascades).
    let conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    conn.execute_batch(FK_REBUILD.migrations()[0].sql())
        .unwrap();
    conn.execute_batch(ROWS).unwrap();
    conn.execute_batch(FK_REBUILD.migrations()[1].sql())
        .unwrap();
    assert_eq!(count(&conn, "child"), 0);

    rebuild_keeps_every_child(true);
}

#[test]
fn a_rebuild_keeps_child_rows_with_enforcement_off() {
    rebuild_keeps_every_child(false);
}

#[test]
fn a_rebuild_after_detection_keeps_child_rows() {
    // Untracked: enforcement can only be turned off once detection has
    // found that 001 is pending, so the run starts again outside its
    // transaction.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(FK_REBUILD.migrations()[0].sql())
        .unwrap();
    conn.execute_batch(ROWS).unwrap();
    assert!(
        foreign_keys(&conn),
        "rusqlite's bundled SQLite enforces them"
    );

    let report = FK_REBUILD.migrate(&mut conn).unwrap();

    assert_eq!(report.detected, Some(0), "{report}");
    assert_eq!(report.outcomes[0].action, Action::Adopted);
    assert_eq!(report.outcomes[1].action, Action::Applied);
    assert_eq!(count(&conn, "child"), 4);
    assert!(foreign_keys(&conn));
    assert!(foreign_key_check(&conn).is_empty());
}

#[test]
fn old_orphans_are_reported_not_fatal() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    FK_BASE.migrate(&mut conn).unwrap();
    insert_orphan_first(&conn);
    conn.execute_batch(ROWS).unwrap();

    let report = FK_REBUILD.migrate(&mut conn).unwrap();

    assert_eq!(report.outcomes[1].action, Action::Applied, "{report}");
    assert_eq!(report.old_violations, ["child rowid 1 → parent"]);
    assert_eq!(
        report.to_string(),
        "schema at version 1: 1 applied; 1 old foreign-key violations kept"
    );
    assert_eq!(count(&conn, "child"), 5, "the orphan is kept too");
    assert_eq!(
        foreign_key_check(&conn),
        [("child".to_string(), 1, "parent".to_string())]
    );
    assert!(foreign_keys(&conn));
}

#[test]
fn a_violation_a_migration_introduces_rolls_it_back() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    FK_BASE.migrate(&mut conn).unwrap();
    insert_orphan_first(&conn);
    conn.execute_batch(ROWS).unwrap();

    let err = FK_CLEANUP.migrate(&mut conn).unwrap_err();
    let (version, violations) = violated_by(&err);
    // Blame lands on the migration that deleted the parents, not on 001,
    // the rebuild that also ran with enforcement off.
    assert_eq!(version, 2, "{err}");
    assert!(
        err.to_string().starts_with(
            "migration 2 (drop_obsolete_parents) leaves rows that violate foreign keys"
        ),
        "{err}"
    );
    // The children of 'obsolete' (rowids 4 and 5) are named; the old
    // orphan (rowid 1) is not held against this run.
    assert_eq!(
        violations,
        ["child rowid 4 → parent", "child rowid 5 → parent"],
        "{err}"
    );
    assert!(
        foreign_keys(&conn),
        "setting not restored after the failure"
    );
    drop(conn);

    // Each `foreign-keys-off` migration commits on its own: 001's rebuild
    // is kept and recorded, nothing of 002 is.
    let conn = open(&path);
    assert_eq!(
        recorded(&conn),
        [(0, "applied".to_string()), (1, "applied".to_string())]
    );
    assert_eq!(count(&conn, "parent"), 2);
    assert_eq!(count(&conn, "child"), 5);
    let columns: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('parent') WHERE name = 'active'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(columns, 1, "the rebuild of 001 was lost");
}

// Scope: enforcement is off for a `foreign-keys-off` migration only. Every
// other migration of the run runs with the connection's setting, as the
// compile-time replay (one file at a time) ran it, so its ON DELETE
// CASCADE / SET NULL fires.

/// Base `notes`; 001 `authors` and `books` (`ON DELETE CASCADE`), two rows
/// each; 002 deletes the placeholder author, relying on the cascade; 003
/// rebuilds `notes` with `foreign-keys-off`.
static FK_SCOPE: Schema = schemaguard::schema!(
    base = "fixtures/fk_scope/schema.sql",
    migrations = "fixtures/fk_scope/migrations"
);

/// FK_SCOPE up to 001: an older release of the same application.
static FK_SCOPE_V1: Schema = schemaguard::schema!(
    base = "fixtures/fk_scope_v1/schema.sql",
    migrations = "fixtures/fk_scope_v1/migrations"
);

/// FK_SCOPE with `ON DELETE SET NULL` instead of `CASCADE`.
static FK_SET_NULL: Schema = schemaguard::schema!(
    base = "fixtures/fk_set_null/schema.sql",
    migrations = "fixtures/fk_set_null/migrations"
);

/// `(title, author_id)` of every book, by title.
fn books(conn: &Connection) -> Vec<(String, Option<i64>)> {
    let mut stmt = conn
        .prepare("SELECT title, author_id FROM books ORDER BY title")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// How many write transactions have committed to the file: the header's
/// file change counter (bytes 24..28), which SQLite increments once per
/// commit in rollback-journal mode.
fn commits(path: &std::path::Path) -> u32 {
    let header = bytes(path);
    header
        .get(24..28)
        .map_or(0, |b| u32::from_be_bytes(b.try_into().unwrap()))
}

fn has_column(conn: &Connection, table: &str, column: &str) -> bool {
    conn.query_row(
        "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        == 1
}

#[test]
fn a_cascade_before_a_rebuild_fires_on_a_fresh_database() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);

    let report = FK_SCOPE.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), 4, "{report}");
    assert_eq!(books(&conn), [("Earthsea".to_string(), Some(2))]);
    assert!(has_column(&conn, "notes", "title"));
    assert!(foreign_key_check(&conn).is_empty());
    assert!(foreign_keys(&conn), "setting not restored");
    assert!(FK_SCOPE.is_current(&conn).unwrap());
    assert_eq!(
        recorded(&conn),
        (0..=3)
            .map(|v| (v, "applied".to_string()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_cascade_before_a_rebuild_fires_on_a_database_tracked_at_version_1() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    FK_SCOPE_V1.migrate(&mut conn).unwrap();
    conn.execute_batch("INSERT INTO notes (body) VALUES ('kept')")
        .unwrap();

    let report = FK_SCOPE.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), 2, "{report}");
    assert_eq!(books(&conn), [("Earthsea".to_string(), Some(2))]);
    let note: (String, String) = conn
        .query_row("SELECT title, body FROM notes", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(note, (String::new(), "kept".to_string()));
    assert!(foreign_keys(&conn));
    assert!(FK_SCOPE.is_current(&conn).unwrap());
}

#[test]
fn a_set_null_before_a_rebuild_fires() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);

    FK_SET_NULL.migrate(&mut conn).unwrap();

    assert_eq!(
        books(&conn),
        [
            ("Earthsea".to_string(), Some(2)),
            ("Lorem ipsum".to_string(), None)
        ]
    );
    assert!(FK_SET_NULL.is_current(&conn).unwrap());
}

#[test]
fn the_connection_s_own_setting_applies_outside_rebuilds() {
    // With enforcement off on the connection, the application asked for no
    // cascade: 002 leaves the placeholder's book behind, as it would have
    // without schemaguard; the rebuild does not count it as its own.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.pragma_update(None, "foreign_keys", false).unwrap();

    let report = FK_SCOPE.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), 4, "{report}");
    assert_eq!(books(&conn).len(), 2);
    assert_eq!(report.old_violations, ["books rowid 1 → authors"]);
    assert!(!foreign_keys(&conn), "setting not restored");
}

#[test]
fn several_rebuilds_in_one_run_each_keep_rows_and_cascades_between_them_fire() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    let before = commits(&path);

    let report = FK_REBUILDS.migrate(&mut conn).unwrap();

    assert_eq!(report.applied(), 6, "{report}");
    // 002's and 004's cascades fired; 005's rebuild of the parent table
    // kept the remaining book.
    assert_eq!(books(&conn), [("Earthsea".to_string(), Some(2))]);
    assert!(has_column(&conn, "authors", "born"));
    assert!(has_column(&conn, "notes", "title"));
    assert!(foreign_key_check(&conn).is_empty());
    assert!(foreign_keys(&conn));
    assert!(FK_REBUILDS.is_current(&conn).unwrap());
    // Four parts, each committed once: 0–2, 003, 004, 005.
    assert_eq!(commits(&path) - before, 4);
}

#[test]
fn a_run_without_rebuilds_commits_once() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    let before = commits(&path);
    FK_SCOPE_V1.migrate(&mut conn).unwrap();
    assert_eq!(commits(&path) - before, 1);
}

#[test]
fn a_failure_after_a_rebuild_leaves_the_last_recorded_version() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    FK_SCOPE_V1.migrate(&mut conn).unwrap();
    // 004 adds an author with id 3: this one makes it fail.
    conn.execute_batch("INSERT INTO authors (id, name) VALUES (3, 'Le Guin')")
        .unwrap();

    let err = FK_REBUILDS.migrate(&mut conn).unwrap_err();

    assert_eq!(
        failed_at(&err),
        (
            4,
            "fixtures/fk_rebuilds/migrations/004_retire_author.sql",
            7,
            "UNIQUE constraint failed: authors.id"
        ),
        "{err}"
    );
    // 002 and 003 committed before 004's part began, and are recorded;
    // nothing of 004 (its table, its rows) was written.
    assert_eq!(
        recorded(&conn),
        (0..=3)
            .map(|v| (v, "applied".to_string()))
            .collect::<Vec<_>>()
    );
    assert!(has_column(&conn, "notes", "title"));
    assert!(!objects(&conn).contains(&("table".to_string(), "shelves".to_string())));
    assert!(!has_column(&conn, "authors", "born"));
    assert!(foreign_keys(&conn));
    let status = FK_REBUILDS.status(&conn).unwrap();
    let states: Vec<State> = status.migrations.iter().map(|m| m.state).collect();
    assert_eq!(
        states,
        [
            State::Applied,
            State::Applied,
            State::Applied,
            State::Applied,
            State::Pending,
            State::Pending
        ]
    );

    // Once the data is fixed, the next run starts at 004.
    conn.execute_batch("UPDATE authors SET id = 30 WHERE id = 3")
        .unwrap();
    let report = FK_REBUILDS.migrate(&mut conn).unwrap();
    assert_eq!(report.applied(), 2, "{report}");
    assert!(FK_REBUILDS.is_current(&conn).unwrap());
}
