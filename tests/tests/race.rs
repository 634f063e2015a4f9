//! Several migrators on one file: the run's `BEGIN IMMEDIATE` makes the
//! others wait (with the connection's busy timeout, or schemaguard's default
//! when it has none), then find everything recorded.

use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use schemaguard::rusqlite::ErrorCode;
use schemaguard_tests::*;

fn assert_every_version_recorded_once(conn: &Connection) {
    let versions: Vec<i64> = recorded(conn).into_iter().map(|(v, _)| v).collect();
    let expected: Vec<i64> = DEMO
        .migrations()
        .iter()
        .map(|m| i64::try_from(m.version()).unwrap())
        .collect();
    assert_eq!(versions, expected);
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM schemaguard_migrations", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(rows, i64::try_from(expected.len()).unwrap());
}

#[test]
fn two_threads_racing_on_a_fresh_file_both_succeed() {
    let (_dir, path) = temp_db();
    let barrier = Arc::new(Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let (path, barrier) = (path.clone(), Arc::clone(&barrier));
            thread::spawn(move || {
                let mut conn = open(&path);
                barrier.wait();
                DEMO.migrate(&mut conn)
            })
        })
        .collect();
    let reports: Vec<Report> = threads
        .into_iter()
        .map(|t| t.join().expect("thread panicked").expect("migrate failed"))
        .collect();
    let applied: Vec<usize> = reports.iter().map(|r| r.count("applied")).collect();
    assert!(
        applied.contains(&DEMO.migrations().len()) && applied.contains(&0),
        "{reports:?}"
    );
    assert_eq!(reports.iter().filter(|r| r.is_noop()).count(), 1);
    let conn = open(&path);
    assert_every_version_recorded_once(&conn);
    assert!(DEMO.is_current(&conn).unwrap());
}

#[test]
fn four_processes_racing_on_a_fresh_file_all_succeed() {
    let (_dir, path) = temp_db();
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_migrate_once"))
                .arg(&path)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn migrate_once")
        })
        .collect();
    let mut lines = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {stderr}", out.status);
        lines.push(String::from_utf8(out.stdout).unwrap().trim().to_string());
    }
    lines.sort();
    assert_eq!(
        lines,
        [
            "schema at version 4: 5 applied",
            "schema at version 4: up to date",
            "schema at version 4: up to date",
            "schema at version 4: up to date",
        ]
    );
    let conn = open(&path);
    assert_every_version_recorded_once(&conn);
    assert!(DEMO.is_current(&conn).unwrap());
}

/// Holds a write transaction on `path` for `hold`, in a thread; returns
/// once the lock is taken.
fn hold_write_lock(path: &std::path::Path, hold: Duration) -> thread::JoinHandle<()> {
    let path = path.to_path_buf();
    let (locked, wait) = mpsc::channel();
    let holder = thread::spawn(move || {
        let conn = open(&path);
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        locked.send(()).unwrap();
        thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    });
    wait.recv().unwrap();
    holder
}

fn busy_timeout(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0))
        .unwrap()
}

fn is_busy(e: &schemaguard::rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
}

#[test]
fn a_connection_without_a_busy_timeout_waits_for_another_writer() {
    let (_dir, path) = temp_db();
    DEMO.migrate(&mut open(&path)).unwrap();
    let mut conn = open(&path);
    conn.busy_timeout(Duration::ZERO).unwrap();
    let holder = hold_write_lock(&path, Duration::from_millis(300));
    // On its own, this connection gives up at once...
    let err = conn.execute_batch("BEGIN IMMEDIATE").unwrap_err();
    assert!(is_busy(&err), "{err}");
    // ...but schemaguard waits up to its default (5 s) when none is set.
    let start = Instant::now();
    let report = DEMO.migrate(&mut conn).unwrap();
    assert!(report.is_noop(), "{report}");
    assert!(
        start.elapsed() >= Duration::from_millis(150),
        "did not wait for the lock: {:?}",
        start.elapsed()
    );
    assert_eq!(
        busy_timeout(&conn),
        0,
        "the connection's setting is restored"
    );
    holder.join().unwrap();
}

#[test]
fn a_connection_s_own_busy_timeout_is_honoured() {
    let (_dir, path) = temp_db();
    DEMO.migrate(&mut open(&path)).unwrap();
    let before = bytes(&path);
    let mut conn = open(&path);
    conn.busy_timeout(Duration::from_millis(50)).unwrap();
    let holder = hold_write_lock(&path, Duration::from_millis(1_000));
    let start = Instant::now();
    let err = DEMO.migrate(&mut conn).unwrap_err();
    let waited = start.elapsed();
    assert!(
        matches!(&err, Error::Sqlite(e) if is_busy(e)),
        "expected a busy error, got {err:?}"
    );
    assert!(
        waited < Duration::from_millis(800),
        "waited {waited:?}, not the connection's 50 ms"
    );
    assert_eq!(busy_timeout(&conn), 50);
    holder.join().unwrap();
    drop(conn);
    assert!(bytes(&path) == before);
}
