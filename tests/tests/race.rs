//! Several migrators on one file: the run's `BEGIN IMMEDIATE` makes the
//! others wait (with the connection's busy timeout, or schemaguard's default
//! when it has none), then find everything recorded.
//!
//! The eight-process races start their children with `migrate_schema
//! --gate`: each opens the file and says `ready`, and all are released at
//! once, round after round, on a fresh file and on an untracked one that
//! detection must adopt and repair exactly once, and on a fresh file whose
//! run splits into several transactions (`foreign-keys-off` rebuilds), so
//! that its parts may be run by different processes.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
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
    let applied: Vec<usize> = reports.iter().map(|r| r.applied()).collect();
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
fn a_connection_with_the_default_busy_timeout_waits_for_another_writer() {
    // rusqlite's `Connection::open` sets a 5 s busy timeout; `migrate`
    // waits that long for another process's transaction, then runs.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    let holder = hold_write_lock(&path, Duration::from_millis(300));
    let start = Instant::now();
    let report = DEMO.migrate(&mut conn).unwrap();
    assert_eq!(report.applied(), DEMO.migrations().len(), "{report}");
    assert!(
        start.elapsed() >= Duration::from_millis(150),
        "did not wait for the lock: {:?}",
        start.elapsed()
    );
    holder.join().unwrap();
}

#[test]
fn a_connection_without_a_busy_timeout_gives_up_at_once_and_keeps_its_busy_handler() {
    // schemaguard never changes the connection's busy settings: an
    // application's own busy handler stays installed.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    fn handler(_: i32) -> bool {
        CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        false
    }
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.busy_timeout(Duration::ZERO).unwrap();
    let holder = hold_write_lock(&path, Duration::from_millis(500));
    let err = DEMO.migrate(&mut conn).unwrap_err();
    assert!(
        matches!(&err, Error::Sqlite { error, .. } if is_busy(error)),
        "{err:?}"
    );
    assert_eq!(busy_timeout(&conn), 0);
    conn.busy_handler(Some(handler)).unwrap();
    let err = DEMO.migrate(&mut conn).unwrap_err();
    assert!(
        matches!(&err, Error::Sqlite { error, .. } if is_busy(error)),
        "{err:?}"
    );
    let during = CALLS.load(std::sync::atomic::Ordering::SeqCst);
    assert!(during > 0, "the application's busy handler was not asked");
    // Still installed after the run.
    assert!(conn.execute_batch("BEGIN IMMEDIATE").is_err());
    assert!(CALLS.load(std::sync::atomic::Ordering::SeqCst) > during);
    holder.join().unwrap();
}

#[test]
fn a_connection_s_own_busy_timeout_is_honoured() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.busy_timeout(Duration::from_millis(50)).unwrap();
    let holder = hold_write_lock(&path, Duration::from_millis(1_000));
    let before = bytes(&path);
    let start = Instant::now();
    let err = DEMO.migrate(&mut conn).unwrap_err();
    let waited = start.elapsed();
    assert!(
        matches!(&err, Error::Sqlite { error, .. } if is_busy(error)),
        "expected a busy error, got {err:?}"
    );
    assert_eq!(err.sqlite_error_code(), Some(ErrorCode::DatabaseBusy));
    assert_eq!(
        error_chain(&err),
        [
            "SQLite: database is locked",
            "SQLite result code 5 (DatabaseBusy)"
        ]
    );
    assert!(
        waited < Duration::from_millis(800),
        "waited {waited:?}, not the connection's 50 ms"
    );
    assert_eq!(busy_timeout(&conn), 50);
    drop(conn);
    assert!(bytes(&path) == before, "the failed run wrote to the file");
    holder.join().unwrap();
}

/// Processes per round in the races below.
const PROCESSES: usize = 8;

/// Starts `PROCESSES` children migrating `path` with `schema`, waits until
/// every one has opened the file, then releases them together (closing
/// their stdin) and waits for all. Every one must exit 0; returns their
/// report lines, sorted, and the time from the release to the last exit.
fn race(path: &Path, schema: &str, ctx: &str) -> (Vec<String>, Duration) {
    let mut children: Vec<Child> = (0..PROCESSES)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_migrate_schema"))
                .args(["--gate", schema])
                .arg(path)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn migrate_schema")
        })
        .collect();
    let mut stdouts: Vec<BufReader<ChildStdout>> = children
        .iter_mut()
        .map(|c| BufReader::new(c.stdout.take().unwrap()))
        .collect();
    for (child, stdout) in children.iter_mut().zip(&mut stdouts) {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        if line.trim() != "ready" {
            let stderr = stderr_of(child);
            panic!("{ctx}: a child did not get ready: {line:?} {stderr}");
        }
    }
    // The gate: every child is blocked reading its stdin.
    let stdins: Vec<_> = children.iter_mut().map(|c| c.stdin.take()).collect();
    let released = Instant::now();
    drop(stdins);
    let mut lines = Vec::new();
    for (mut child, mut stdout) in children.into_iter().zip(stdouts) {
        let mut line = String::new();
        stdout.read_to_string(&mut line).unwrap();
        let stderr = stderr_of(&mut child);
        let status = child.wait().unwrap();
        assert!(status.success(), "{ctx}: {status}: {stderr}");
        lines.push(line.trim().to_string());
    }
    let elapsed = released.elapsed();
    lines.sort();
    (lines, elapsed)
}

/// What the race must end with: what one `migrate` does to the same
/// file alone (its report line, tracking rows and objects), and the line
/// of a run that finds everything recorded.
struct Alone {
    line: String,
    up_to_date: String,
    recorded: Vec<(i64, String)>,
    objects: Vec<(String, String)>,
}

fn alone(setup: impl Fn(&Connection)) -> Alone {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    setup(&conn);
    let line = DEMO.migrate(&mut conn).unwrap().to_string();
    let up_to_date = DEMO.migrate(&mut conn).unwrap();
    assert!(up_to_date.is_noop(), "{up_to_date}");
    Alone {
        line,
        up_to_date: up_to_date.to_string(),
        recorded: recorded(&conn),
        objects: objects(&conn),
    }
}

impl Alone {
    /// One process did the work, the others found it done.
    fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.up_to_date.clone(); PROCESSES - 1];
        lines.push(self.line.clone());
        lines.sort();
        lines
    }

    fn check(&self, path: &Path, lines: &[String], ctx: &str) {
        assert_eq!(lines, self.lines(), "{ctx}");
        let conn = open(path);
        assert_every_version_recorded_once(&conn);
        assert_eq!(recorded(&conn), self.recorded, "{ctx}");
        assert!(DEMO.is_current(&conn).unwrap(), "{ctx}");
        assert_eq!(objects(&conn), self.objects, "{ctx}");
    }
}

/// Sets the file's journal mode before a race: the WAL setting persists in
/// the file. (Eight processes switching a new file to WAL at once get
/// "database is locked": SQLite's, not schemaguard's, business.)
fn journal_mode(path: &Path, mode: &str) {
    let conn = open(path);
    let set: String = conn
        .query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0))
        .unwrap();
    assert_eq!(set, mode);
}

/// Round timings for the summary line (from a round's release to its last
/// exit), and the whole test's.
fn summary(times: &[Duration], started: Instant) -> String {
    format!(
        "rounds {:.1?} to {:.1?}, {:.1?} racing, {:.1?} in all",
        times.iter().min().unwrap(),
        times.iter().max().unwrap(),
        times.iter().sum::<Duration>(),
        started.elapsed()
    )
}

#[test]
fn eight_processes_released_together_on_a_fresh_file_migrate_it_once() {
    const ROUNDS: usize = 20;
    let started = Instant::now();
    let expected = alone(|_| {});
    assert_eq!(expected.line, "schema at version 4: 5 applied");
    let mut times = Vec::new();
    for round in 0..ROUNDS {
        let mode = ["delete", "wal"][round % 2];
        let ctx = format!("round {round} (journal_mode {mode})");
        let (_dir, path) = temp_db();
        journal_mode(&path, mode);
        let (lines, time) = race(&path, "demo", &ctx);
        times.push(time);
        expected.check(&path, &lines, &ctx);
    }
    println!(
        "race (fresh file): {ROUNDS} rounds × {PROCESSES} processes released together, \
         rollback journal and WAL alternating; each round: all exit 0, one \"{}\", {} \"{}\", \
         each version recorded once, schema current and equal to a lone run; {}",
        expected.line,
        PROCESSES - 1,
        expected.up_to_date,
        summary(&times, started)
    );
}

#[test]
fn eight_processes_released_together_on_an_untracked_file_adopt_and_repair_it_once() {
    const ROUNDS: usize = 10;
    let started = Instant::now();
    let expected = alone(rc1_missing_token_indexes);
    assert_eq!(
        expected.recorded,
        [
            (0, "adopted".to_string()),
            (1, "adopted".to_string()),
            (2, "repaired".to_string()),
            (3, "applied".to_string()),
            (4, "applied".to_string()),
        ]
    );
    let mut times = Vec::new();
    for round in 0..ROUNDS {
        let mode = ["delete", "wal"][round % 2];
        let ctx = format!("round {round} (journal_mode {mode})");
        let (_dir, path) = temp_db();
        rc1_missing_token_indexes(&open(&path));
        journal_mode(&path, mode);
        let (lines, time) = race(&path, "demo", &ctx);
        times.push(time);
        expected.check(&path, &lines, &ctx);
        // The repair ran only the index statements: the rows are there.
        let tokens: i64 = open(&path)
            .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tokens, 1, "{ctx}");
    }
    println!(
        "race (untracked rc.1 file missing 002's indexes): {ROUNDS} rounds × {PROCESSES} processes \
         released together, rollback journal and WAL alternating; each round: all exit 0, one \"{}\", \
         {} \"{}\", tracking 0-1 adopted, 2 repaired, 3-4 applied, rows kept; {}",
        expected.line,
        PROCESSES - 1,
        expected.up_to_date,
        summary(&times, started)
    );
}

/// How many migrations a report line says were applied
/// (`schema at version 5: 2 applied`).
fn applied_in(line: &str) -> usize {
    line.split([':', ','])
        .filter_map(|part| part.trim().strip_suffix(" applied"))
        .map(|n| n.parse::<usize>().unwrap())
        .sum()
}

#[test]
fn eight_processes_released_together_on_a_run_that_splits_apply_each_part_once() {
    const ROUNDS: usize = 10;
    let started = Instant::now();
    let migrations = FK_REBUILDS.migrations().len();
    let mut times = Vec::new();
    let mut shared = 0;
    for round in 0..ROUNDS {
        let mode = ["delete", "wal"][round % 2];
        let ctx = format!("round {round} (journal_mode {mode})");
        let (_dir, path) = temp_db();
        journal_mode(&path, mode);
        let (lines, time) = race(&path, "fk_rebuilds", &ctx);
        times.push(time);
        // The parts may be run by different processes; each ran once.
        let applied: Vec<usize> = lines.iter().map(|l| applied_in(l)).collect();
        assert_eq!(
            applied.iter().sum::<usize>(),
            migrations,
            "{ctx}: {lines:?}"
        );
        if applied.iter().filter(|&&n| n > 0).count() > 1 {
            shared += 1;
        }
        let conn = open(&path);
        let versions: Vec<i64> = recorded(&conn).into_iter().map(|(v, _)| v).collect();
        assert_eq!(versions, [0, 1, 2, 3, 4, 5], "{ctx}");
        assert!(FK_REBUILDS.is_current(&conn).unwrap(), "{ctx}");
        // Both cascades fired, both rebuilds kept the remaining book.
        let books: Vec<String> = conn
            .prepare("SELECT title FROM books")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(books, ["Earthsea"], "{ctx}");
    }
    println!(
        "race (a fresh file, a run of four transactions): {ROUNDS} rounds × {PROCESSES} processes \
         released together, rollback journal and WAL alternating; each round: all exit 0, every \
         migration applied once ({shared} rounds shared out between processes), cascades fired, \
         rows kept; {}",
        summary(&times, started)
    );
}

#[test]
fn an_up_to_date_database_does_not_wait_for_a_writer() {
    // Every start-up checks the tracking table without the write lock, so
    // an application starting while another one writes is not held up.
    let (_dir, path) = temp_db();
    DEMO.migrate(&mut open(&path)).unwrap();
    let mut conn = open(&path);
    let holder = hold_write_lock(&path, Duration::from_millis(1_000));
    let start = Instant::now();
    let report = DEMO.migrate(&mut conn).unwrap();
    assert!(report.is_noop(), "{report}");
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "waited {:?} for a lock it does not need",
        start.elapsed()
    );
    holder.join().unwrap();
}

/// Everything a child wrote to its (piped) stderr, once it closed it.
fn stderr_of(child: &mut Child) -> String {
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_string(&mut stderr)
        .unwrap();
    stderr
}
