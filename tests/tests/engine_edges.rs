//! The engine's harder corners: `no-transaction` migrations under
//! concurrency and failure, deferred foreign keys, and a repair of a
//! migration that re-defines a view.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use schemaguard::rusqlite::functions::FunctionFlags;
use schemaguard_tests::*;

static SLOW: Schema = schemaguard::schema!(
    base = "fixtures/slow_no_transaction/schema.sql",
    migrations = "fixtures/slow_no_transaction/migrations",
    functions = ["app_sleep", "app_check"],
);

static DEFERRED: Schema = schemaguard::schema!(
    base = "fixtures/deferred_fk/schema.sql",
    migrations = "fixtures/deferred_fk/migrations",
);

static VIEW_REDEFINED: Schema = schemaguard::schema!(
    base = "fixtures/view_redefined/schema.sql",
    migrations = "fixtures/view_redefined/migrations",
);

/// A connection with the application functions `SLOW` needs.
fn slow_app(path: &std::path::Path, check_fails: bool) -> Connection {
    let conn = open(path);
    let flags = FunctionFlags::SQLITE_UTF8;
    conn.create_scalar_function("app_sleep", 1, flags, |ctx| {
        thread::sleep(Duration::from_millis(ctx.get::<i64>(0)?.unsigned_abs()));
        Ok(0)
    })
    .unwrap();
    conn.create_scalar_function("app_check", 0, flags, move |_| {
        if check_fails {
            Err(rusqlite::Error::UserFunctionError(
                "the check failed".into(),
            ))
        } else {
            Ok(1)
        }
    })
    .unwrap();
    conn
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn two_processes_never_run_a_no_transaction_migration_twice() {
    // The first claims 001 inside its transaction; the second finds the
    // claim, waits (its busy timeout), and then finds 001 recorded.
    let (_dir, path) = temp_db();
    let barrier = Arc::new(Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (path, barrier) = (path.clone(), Arc::clone(&barrier));
            thread::spawn(move || {
                let mut conn = slow_app(&path, false);
                barrier.wait();
                SLOW.migrate(&mut conn)
            })
        })
        .collect();
    for run in runs {
        let report = run.join().unwrap();
        assert!(report.is_ok(), "{report:?}");
    }
    let conn = open(&path);
    assert_eq!(count(&conn, "SELECT count(*) FROM log"), 1, "001 ran twice");
    assert_eq!(recorded(&conn).len(), SLOW.migrations().len());
    assert_eq!(count(&conn, "SELECT count(*) FROM schemaguard_claims"), 0);
}

#[test]
fn a_failed_no_transaction_migration_leaves_no_transaction_open_and_is_retried() {
    let (_dir, path) = temp_db();
    let mut conn = slow_app(&path, true);
    let err = SLOW.migrate(&mut conn).unwrap_err();
    let (version, _, line, _) = failed_at(&err);
    assert_eq!((version, line), (2, 6), "{err}");
    // The connection is usable: no transaction of the migration's is open,
    // and what it did inside its own transaction was rolled back.
    assert!(conn.is_autocommit());
    assert!(!objects(&conn).contains(&("table".into(), "x".into())));
    // What came before it stays committed; 002 is not recorded, not claimed.
    let versions: Vec<i64> = recorded(&conn).into_iter().map(|(v, _)| v).collect();
    assert_eq!(versions, [0, 1]);
    assert_eq!(count(&conn, "SELECT count(*) FROM schemaguard_claims"), 0);
    // The next run (the check passes now) runs 002 again, and only 002.
    let mut conn = slow_app(&path, false);
    let report = SLOW.migrate(&mut conn).unwrap();
    assert_eq!(report.applied(), 1, "{report}");
    assert_eq!(count(&conn, "SELECT count(*) FROM log"), 1);
}

#[test]
fn a_claim_left_by_a_dead_process_is_reported_not_run_over() {
    let (_dir, path) = temp_db();
    let mut conn = slow_app(&path, false);
    // As a process killed while running 001 would leave it: base recorded,
    // 001 claimed (and maybe half done).
    conn.execute_batch(SLOW.migrations()[0].sql()).unwrap();
    SLOW.baseline(&mut conn, 0).unwrap();
    conn.execute_batch(
        "CREATE TABLE schemaguard_claims (version INTEGER PRIMARY KEY, claimed_at TEXT NOT NULL);
         INSERT INTO schemaguard_claims VALUES (1, '2026-01-01T00:00:00.000Z');",
    )
    .unwrap();
    conn.busy_timeout(Duration::from_millis(100)).unwrap();
    let before = bytes(&path);
    let err = SLOW.migrate(&mut conn).unwrap_err();
    let Error::Claimed { version, since, .. } = &err else {
        panic!("expected Error::Claimed, got {err:?}")
    };
    assert_eq!((*version, since.as_str()), (1, "2026-01-01T00:00:00.000Z"));
    assert!(
        err.to_string().ends_with(
            "either finish it by hand and call `Schema::mark_done(&mut conn, 1)`, or undo them and \
             call `Schema::release(&mut conn, 1)` to run it again from its first statement"
        ),
        "{err}"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM log"), 0);
    drop(conn);
    assert!(bytes(&path) == before, "the refused run wrote to the file");

    // The way out: nothing of 001 took effect, so release it; the next run
    // runs it.
    let mut conn = slow_app(&path, false);
    SLOW.release(&mut conn, 1).unwrap();
    SLOW.migrate(&mut conn).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM log"), 1);
    assert!(SLOW.is_current(&conn).unwrap());
}

#[test]
fn a_deferred_foreign_key_violation_names_the_migration() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(DEFERRED.migrations()[0].sql()).unwrap();
    DEFERRED.baseline(&mut conn, 0).unwrap();
    conn.execute_batch(
        "INSERT INTO parent VALUES (1, 'obsolete'), (2, 'kept');
         INSERT INTO child VALUES (1), (2);",
    )
    .unwrap();
    drop(conn);
    let before = bytes(&path);
    let mut conn = open(&path);
    let err = DEFERRED.migrate(&mut conn).unwrap_err();
    let (version, violations) = violated_by(&err);
    assert_eq!(version, 1, "{err}");
    assert_eq!(violations, ["child rowid 1 → parent"], "{err}");
    drop(conn);
    assert!(bytes(&path) == before, "the failed run wrote to the file");
}

#[test]
fn a_repair_runs_the_last_definition_of_a_redefined_view() {
    // Migration 001 creates `u` and `v`, drops `v` and creates it anew; a
    // database that has `u` but not `v` is repaired with the last `CREATE`.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch("CREATE TABLE t (a INTEGER); CREATE TABLE u (b INTEGER);")
        .unwrap();
    let report = VIEW_REDEFINED.migrate(&mut conn).unwrap();
    assert_eq!(
        report.outcomes[1].action,
        Action::Repaired {
            created: vec!["view v".into()]
        },
        "{report}"
    );
    let one: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('v') WHERE name = 'one'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(one, 1, "the first definition of v was used");
    assert!(VIEW_REDEFINED.is_current(&conn).unwrap());
}
