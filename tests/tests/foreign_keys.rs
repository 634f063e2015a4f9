//! `-- schemaguard: foreign-keys-off`: a table rebuild keeps the rows that
//! reference the rebuilt table, the connection's setting comes back as it
//! was, a violation the run introduces rolls everything back, and old
//! orphans are only reported.

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
fn a_violation_the_run_introduces_rolls_everything_back() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    FK_BASE.migrate(&mut conn).unwrap();
    insert_orphan_first(&conn);
    conn.execute_batch(ROWS).unwrap();
    drop(conn);
    let before = bytes(&path);

    let mut conn = open(&path);
    let err = FK_CLEANUP.migrate(&mut conn).unwrap_err();
    let (version, violations) = violated_by(&err);
    // Blame lands on the migration that deleted the parents, not on 001,
    // the rebuild that turned enforcement off.
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

    assert!(
        bytes(&path) == before,
        "the rolled-back run wrote to the file"
    );
    let conn = open(&path);
    assert_eq!(recorded(&conn), [(0, "applied".to_string())]);
    assert_eq!(count(&conn, "parent"), 2);
    assert_eq!(count(&conn, "child"), 5);
    let columns: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('parent') WHERE name = 'active'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(columns, 0, "the rebuild of 001 was kept");
}
