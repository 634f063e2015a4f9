#![cfg(unix)]
//! A migrating process killed with SIGKILL at random moments leaves its
//! database exactly at a recorded state, never in between: a run is a few
//! `BEGIN IMMEDIATE` transactions (the corpus's 25 `foreign-keys-off`
//! rebuilds each run in one of their own, so a run splits around them), and
//! SQLite's journal (rollback or WAL) either has a transaction's commit or
//! rolls all of it back, its tracking rows included.
//!
//! The child (`migrate_schema corpus300 <file> <journal mode>`) migrates a
//! fresh file with the 300-migration corpus, in rollback-journal (`delete`)
//! or WAL mode, alternating. Full runs are timed first (the median of three
//! per mode): how long one takes, and how long its commit takes (from the
//! first commit's first write — the database file's first page in
//! rollback-journal mode, the WAL's first bytes in WAL mode — to the exit).
//! Then each trial kills a child:
//!
//! * *timed* trials after a random delay in `[0, 2 × the run]`: in the
//!   middle of the run about half the time, else after it finished (so
//!   that both kinds of outcome are common however slow the machine is
//!   that day);
//! * *at-commit* trials after a random delay in `[0, 2 × the commits]`
//!   counted from the moment the first commit starts writing (the test
//!   watches the files): during that commit, during a later part or its
//!   commit, or after the exit. Timed kills alone seldom hit a commit: a
//!   run's duration varies by a factor of two from one run to the next on a
//!   shared machine, and its commits are short.
//!
//! After each kill the file must pass `PRAGMA integrity_check` (exactly
//! `ok`), be untouched (no application object, no tracking table; a file
//! that does not exist or is empty is untouched), partial at the end of one
//! of the run's transactions (versions 0…k recorded once, the live schema
//! exactly snapshot k's, and k or k + 1 a `foreign-keys-off` migration) or
//! complete (301 versions recorded once, `is_current`, the objects of a
//! lone run), and a new `migrate` in this process must finish it.
//!
//! `SCHEMAGUARD_CRASH_TRIALS` sets the number of trials (default 20; the
//! long run uses 200). Trial `i` draws its delay from a SplitMix64 seeded
//! with `SEED_BASE + i`; a failure names the trial, its seed, its kind and
//! its delay.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use schemaguard_tests::*;

const DEFAULT_TRIALS: usize = 20;
/// Delays are drawn in `[0, SPAN × the calibrated duration]`.
const SPAN: f64 = 2.0;
/// Trial `i` uses the seed `SEED_BASE + i`.
const SEED_BASE: u64 = 0x5eed_c4a5_0000_0000;
/// How often the test looks at the files while it waits for a commit.
const POLL: Duration = Duration::from_micros(100);
/// A child that has not finished by then is stuck.
const DEADLINE: Duration = Duration::from_secs(60);
const MODES: [&str; 2] = ["delete", "wal"];
/// The signal `Child::kill` sends on Unix (9 everywhere; no `libc` needed).
const SIGKILL: i32 = 9;

fn trials() -> usize {
    match std::env::var("SCHEMAGUARD_CRASH_TRIALS") {
        Ok(n) => {
            n.parse().ok().filter(|&n| n > 0).unwrap_or_else(|| {
                panic!("SCHEMAGUARD_CRASH_TRIALS={n:?}: expected a positive count")
            })
        }
        Err(_) => DEFAULT_TRIALS,
    }
}

/// SplitMix64: a tiny deterministic generator, enough to place a kill.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`: the top 53 bits, exactly representable.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Starts a child migrating `path` with the corpus in journal `mode`.
fn spawn(path: &Path, mode: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_migrate_schema"))
        .arg("corpus300")
        .arg(path)
        .arg(mode)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn migrate_schema")
}

fn file_len(path: &Path, suffix: &str) -> u64 {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    std::fs::metadata(name).map_or(0, |m| m.len())
}

/// Whether the commit has started writing: in rollback-journal mode the
/// database file (0 bytes until the first commit: the page cache never
/// spills in this run) has pages; in WAL mode the WAL has bytes.
fn commit_started(path: &Path, mode: &str) -> bool {
    match mode {
        "wal" => file_len(path, "-wal") > 0,
        _ => file_len(path, "") > 0,
    }
}

/// Polls `child` (and the files) until the commit starts writing or the
/// child exits, whichever comes first; `None` when it exited first.
fn wait_for_commit(child: &mut Child, path: &Path, mode: &str, ctx: &str) -> Option<Instant> {
    let start = Instant::now();
    loop {
        if commit_started(path, mode) {
            return Some(Instant::now());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        assert!(start.elapsed() < DEADLINE, "{ctx}: the child is stuck");
        thread::sleep(POLL);
    }
}

/// Waits for a child, failing on a non-zero exit.
fn finished(child: Child, ctx: &str) -> Output {
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{ctx}: the child failed: {}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A full run in one journal mode, timed.
#[derive(Clone, Copy, Debug)]
struct Calibration {
    /// From spawning the child to its exit.
    run: Duration,
    /// From the commit's first write to the exit.
    commit: Duration,
}

/// One full run, watched.
fn timed_run(mode: &str) -> Calibration {
    let ctx = format!("calibration ({mode})");
    let (_dir, path) = temp_db();
    let start = Instant::now();
    let mut child = spawn(&path, mode);
    let commit_start = wait_for_commit(&mut child, &path, mode, &ctx);
    finished(child, &ctx);
    let end = Instant::now();
    let commit_start =
        commit_start.unwrap_or_else(|| panic!("{ctx}: exited without writing anything"));
    assert!(CORPUS300.is_current(&open(&path)).unwrap(), "{ctx}");
    Calibration {
        run: end - start,
        commit: end - commit_start,
    }
}

/// The median of three watched runs (run time and commit time apart):
/// on a shared machine one run can take twice as long as the next, and a
/// single slow `fsync` can make a commit ten times longer.
fn calibrate(mode: &str) -> Calibration {
    let mut runs = [timed_run(mode), timed_run(mode), timed_run(mode)];
    runs.sort_by_key(|c| c.run);
    let run = runs[1].run;
    runs.sort_by_key(|c| c.commit);
    Calibration {
        run,
        commit: runs[1].commit,
    }
}

fn versions() -> Vec<i64> {
    CORPUS300
        .migrations()
        .iter()
        .map(|m| i64::try_from(m.version()).unwrap())
        .collect()
}

/// The objects of the corpus's last snapshot, from a file migrated alone.
fn reference_objects() -> Vec<(String, String)> {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    CORPUS300.migrate(&mut conn).unwrap();
    objects(&conn)
}

/// Where a killed run left the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// No application object, no tracking table (or no file at all).
    Untouched,
    /// Versions up to this step recorded, at the end of one of the run's
    /// transactions.
    Partial(usize),
    /// Every version recorded, the schema at the last snapshot.
    Complete,
}

/// Checks a killed run's file; `ctx` names the trial in every message.
fn check_state(path: &Path, reference: &[(String, String)], ctx: &str) -> State {
    // Opening it is what recovers it: a hot rollback journal is played
    // back, a WAL without a commit frame is ignored.
    let conn = open(path);
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(integrity, ["ok"], "{ctx}: integrity_check");
    let objects = objects(&conn);
    if objects.is_empty() {
        return State::Untouched;
    }
    // Anything else must be the complete run: all 301 versions, each once,
    // applied, and the live schema at the last snapshot.
    assert!(
        objects.contains(&("table".into(), "schemaguard_migrations".into())),
        "{ctx}: {} application objects but no tracking table: a partial run was committed",
        objects.len()
    );
    let recorded = recorded(&conn);
    let versions: Vec<i64> = recorded.iter().map(|(v, _)| *v).collect();
    let all = self::versions();
    assert!(
        recorded.iter().all(|(_, how)| how == "applied"),
        "{ctx}: {recorded:?}"
    );
    if versions.len() < all.len() {
        // A committed part: a prefix of the versions, ending where a
        // transaction ends (at or just before a rebuild), and the schema
        // exactly as that version leaves it.
        assert_eq!(versions, all[..versions.len()], "{ctx}: not a prefix");
        let last = versions.len() - 1;
        let migrations = CORPUS300.migrations();
        assert!(
            migrations[last].foreign_keys_off() || migrations[last + 1].foreign_keys_off(),
            "{ctx}: the run committed after version {}, which ends no transaction",
            migrations[last].version()
        );
        let status = CORPUS300.status(&conn).unwrap();
        assert!(!status.has_drift(), "{ctx}: {status}");
        return State::Partial(last);
    }
    assert_eq!(versions, all, "{ctx}: versions recorded");
    assert!(CORPUS300.is_current(&conn).unwrap(), "{ctx}: not current");
    assert_eq!(objects, reference, "{ctx}: objects differ from a lone run");
    State::Complete
}

/// The next run, in this process, finishes what the killed one left.
fn check_next_run(path: &Path, state: State, reference: &[(String, String)], ctx: &str) {
    let mut conn = open(path);
    let report = CORPUS300
        .migrate(&mut conn)
        .unwrap_or_else(|e| panic!("{ctx}: the next migrate failed: {e}"));
    match state {
        State::Untouched => assert_eq!(
            report.applied(),
            CORPUS300.migrations().len(),
            "{ctx}: {report}"
        ),
        State::Partial(last) => assert_eq!(
            report.applied(),
            CORPUS300.migrations().len() - 1 - last,
            "{ctx}: {report}"
        ),
        State::Complete => assert!(report.is_noop(), "{ctx}: {report}"),
    }
    assert!(CORPUS300.is_current(&conn).unwrap(), "{ctx}: not current");
    let versions: Vec<i64> = recorded(&conn).into_iter().map(|(v, _)| v).collect();
    assert_eq!(versions, self::versions(), "{ctx}: after the next run");
    assert_eq!(objects(&conn), reference, "{ctx}: after the next run");
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Timed = 0,
    AtCommit = 1,
}

/// Outcomes, by kind of trial.
#[derive(Default)]
struct Tally {
    trials: usize,
    untouched: usize,
    /// Untouched although the commit had started writing when the child
    /// died: SQLite rolled it back (hot journal, WAL without commit frame).
    untouched_mid_commit: usize,
    partial: usize,
    complete: usize,
    /// Complete and killed: the kill came after the commit.
    complete_killed: usize,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} untouched ({} killed mid-commit, rolled back), {} partial, \
             {} complete ({} killed after the last commit, {} finished first)",
            self.untouched,
            self.untouched_mid_commit,
            self.partial,
            self.complete,
            self.complete_killed,
            self.complete - self.complete_killed
        )
    }
}

#[test]
fn a_migration_killed_at_random_moments_leaves_the_database_at_a_recorded_version() {
    let started = Instant::now();
    let n = trials();
    // An untimed run first: the first fsync after a build can take seconds.
    timed_run("delete");
    let calibration = MODES.map(calibrate);
    let reference = reference_objects();
    let mut tallies = [Tally::default(), Tally::default()];
    for trial in 0..n {
        let seed = SEED_BASE + u64::try_from(trial).unwrap();
        let mode = MODES[trial % 2];
        let kind = if trial / 2 % 2 == 0 {
            Kind::Timed
        } else {
            Kind::AtCommit
        };
        let calibrated = calibration[trial % 2];
        let fraction = SPAN * SplitMix64(seed).unit();
        let delay = match kind {
            Kind::Timed => calibrated.run.mul_f64(fraction),
            Kind::AtCommit => calibrated.commit.mul_f64(fraction),
        };
        let ctx = match kind {
            Kind::Timed => format!(
                "trial {trial} (seed {seed:#x}, journal_mode {mode}): killed {delay:?} after the start \
                 ({fraction:.3} × a full run, {:?})",
                calibrated.run
            ),
            Kind::AtCommit => format!(
                "trial {trial} (seed {seed:#x}, journal_mode {mode}): killed {delay:?} after the commit's \
                 first write ({fraction:.3} × a commit, {:?})",
                calibrated.commit
            ),
        };

        let tally = &mut tallies[kind as usize];
        tally.trials += 1;
        let (_dir, path) = temp_db();
        let mut child = spawn(&path, mode);
        match kind {
            Kind::Timed => thread::sleep(delay),
            Kind::AtCommit => {
                // `None`: the child exited first (and was reaped).
                if let Some(at) = wait_for_commit(&mut child, &path, mode, &ctx) {
                    thread::sleep(delay.saturating_sub(at.elapsed()));
                }
            }
        }
        let mid_commit = commit_started(&path, mode);
        // A child that already exited is a zombie until waited for (or was
        // reaped): the kill is harmless, and its status says it finished.
        child.kill().unwrap();
        let out = child.wait_with_output().unwrap();
        let killed = out.status.signal() == Some(SIGKILL);
        assert!(
            killed || out.status.success(),
            "{ctx}: the child failed on its own: {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let state = check_state(&path, &reference, &ctx);
        match state {
            State::Untouched => {
                tally.untouched += 1;
                if killed && mid_commit {
                    tally.untouched_mid_commit += 1;
                }
            }
            State::Partial(_) => tally.partial += 1,
            State::Complete => {
                tally.complete += 1;
                if killed {
                    tally.complete_killed += 1;
                }
            }
        }
        check_next_run(&path, state, &reference, &ctx);
    }
    let [delete, wal] = calibration;
    let [timed, at_commit] = &tallies;
    println!(
        "crash: {n} SIGKILL trials, rollback journal and WAL alternating (full run {:?}/{:?}, \
         commit {:?}/{:?}); {} timed: {timed}; {} at the commit: {at_commit}; \
         integrity ok and the next migrate finished each; {:.1?}",
        delete.run,
        wal.run,
        delete.commit,
        wal.commit,
        timed.trials,
        at_commit.trials,
        started.elapsed()
    );
    // Not a check of the library but of this test: the kills straddled
    // commits, without which the assertions above prove little.
    let unfinished = timed.untouched + at_commit.untouched + timed.partial + at_commit.partial;
    let complete = timed.complete + at_commit.complete;
    if n >= DEFAULT_TRIALS {
        assert!(
            unfinished >= 2 && complete >= 2,
            "the kills did not straddle the commits ({unfinished} untouched or partial, \
             {complete} complete): the delays need adjusting for this machine"
        );
    }
}
