//! `migrate` and `baseline`: one `BEGIN IMMEDIATE` transaction per run, a
//! savepoint per migration, and nothing written unless everything worked.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, TransactionBehavior};
use schemaguard_core::source::SourceFile;
use schemaguard_core::sql::header::Header;
use schemaguard_core::sql::split::Script;
use schemaguard_core::timeline::{Step, Timeline};

use crate::detection::{Next, detect};
use crate::foreign_keys::{Violation, new_violations, violations};
use crate::report::{Action, Report, Step as ReportStep};
use crate::tracking::{self, How};
use crate::{Error, Migration, Schema};

/// How long `migrate` waits for another process's migration when the
/// connection has no busy timeout of its own.
pub const DEFAULT_BUSY_TIMEOUT_MS: i64 = 5_000;

/// What one transaction is going to do.
#[derive(Debug, Default)]
struct Plan {
    /// Steps recorded as adopted.
    adopt: Vec<usize>,
    /// A step whose missing standalone objects are created: (step, keys, descriptions).
    repair: Option<(usize, HashSet<String>, Vec<String>)>,
    /// Steps whose SQL runs, in order.
    apply: Vec<usize>,
    /// The step detection inferred, for an untracked database.
    detected: Option<Step>,
}

impl Plan {
    /// Steps whose SQL runs inside this transaction (up to the first
    /// `no-transaction` migration, which runs on its own).
    fn runs_in_transaction<'a>(
        &'a self,
        migrations: &'a [Migration],
    ) -> impl Iterator<Item = usize> + 'a {
        self.repair.iter().map(|r| r.0).chain(
            self.apply
                .iter()
                .copied()
                .take_while(|&s| !migrations[s].no_transaction()),
        )
    }
}

/// The outcome of one transaction of a run.
enum Pass {
    /// Everything is recorded.
    Done,
    /// A pending migration needs foreign keys off, which SQLite only allows
    /// outside a transaction: roll back (nothing was written) and start again.
    NeedForeignKeysOff,
    /// The next pending migration is `no-transaction`: everything before it
    /// is committed; run it on its own.
    NoTransaction(usize),
}

/// Runs `f` with the connection's foreign-key and busy-timeout settings
/// restored afterwards, whatever happens.
struct Settings<'c> {
    conn: &'c mut Connection,
    foreign_keys: bool,
    busy_timeout: Option<i64>,
}

impl<'c> Settings<'c> {
    fn save(conn: &'c mut Connection) -> Result<Self, Error> {
        let foreign_keys: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        let current: i64 = conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
        let busy_timeout = if current == 0 {
            conn.pragma_update(None, "busy_timeout", DEFAULT_BUSY_TIMEOUT_MS)?;
            Some(0)
        } else {
            None
        };
        Ok(Settings {
            conn,
            foreign_keys,
            busy_timeout,
        })
    }
}

impl Drop for Settings<'_> {
    fn drop(&mut self) {
        // Best effort: the connection may be in a state where this fails,
        // and a destructor has no one to report to.
        if self.conn.is_autocommit() {
            let _ = self
                .conn
                .pragma_update(None, "foreign_keys", self.foreign_keys);
        }
        if let Some(t) = self.busy_timeout {
            let _ = self.conn.pragma_update(None, "busy_timeout", t);
        }
    }
}

/// `Schema::migrate`.
pub fn migrate(schema: &Schema, conn: &mut Connection) -> Result<Report, Error> {
    let migrations = schema.migrations();
    let mut report = Report {
        steps: migrations
            .iter()
            .map(|m| ReportStep {
                version: m.version(),
                name: m.name(),
                action: Action::AlreadyRecorded,
            })
            .collect(),
        ..Report::default()
    };
    // Every start-up of an up-to-date application: one read of the
    // tracking table, no write lock. (Anything else takes the slow path,
    // which reads it again inside the transaction.)
    if tracking::up_to_date(conn, migrations)? {
        return Ok(report);
    }
    writable(conn)?;
    let timeline = schema.timeline();
    let settings = Settings::save(conn)?;
    let conn = &mut *settings.conn;
    let mut foreign_keys_off = false;
    loop {
        match run_transaction(migrations, timeline, conn, &mut report, foreign_keys_off)? {
            Pass::Done => return Ok(report),
            Pass::NeedForeignKeysOff => {
                conn.pragma_update(None, "foreign_keys", false)?;
                foreign_keys_off = true;
            }
            Pass::NoTransaction(step) => {
                run_alone(&migrations[step], conn, &mut report.steps[step])?
            }
        }
    }
}

fn run_transaction(
    migrations: &'static [Migration],
    timeline: &Timeline,
    conn: &mut Connection,
    report: &mut Report,
    foreign_keys_off: bool,
) -> Result<Pass, Error> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let plan = plan(migrations, timeline, &tx)?;
    let fk_migration = plan
        .runs_in_transaction(migrations)
        .find(|&s| migrations[s].foreign_keys_off());
    if fk_migration.is_some() && !foreign_keys_off {
        return Ok(Pass::NeedForeignKeysOff);
    }
    if report.detected.is_none() {
        report.detected = plan
            .detected
            .and_then(|k| usize::try_from(k).ok())
            .map(|k| migrations[k].version());
    }
    let before = if foreign_keys_off {
        Some(violations(&tx)?)
    } else {
        None
    };
    tracking::ensure(&tx)?;
    for &s in &plan.adopt {
        tracking::record(&tx, &migrations[s], How::Adopted)?;
        report.steps[s].action = Action::Adopted;
        log::info!(
            "schemaguard: adopted {} (the database already has it)",
            migrations[s].describe()
        );
    }
    // With enforcement off, each migration is checked for violations it
    // introduced, so the error names the one to blame.
    let check = |conn: &Connection, m: &Migration| -> Result<(), Error> {
        match &before {
            Some(before) => no_new_violations(conn, m, before),
            None => Ok(()),
        }
    };
    if let Some((s, keys, created)) = &plan.repair {
        let m = &migrations[*s];
        run_sql(&tx, m, Some(keys))?;
        check(&tx, m)?;
        tracking::record(&tx, m, How::Repaired)?;
        log::info!(
            "schemaguard: repaired {}: created {}; its other statements were not run",
            m.describe(),
            created.join(", ")
        );
        report.steps[*s].action = Action::Repaired {
            created: created.clone(),
        };
    }
    let mut stopped = None;
    for &s in &plan.apply {
        let m = &migrations[s];
        if m.no_transaction() {
            stopped = Some(s);
            break;
        }
        let savepoint = tx.savepoint()?;
        run_sql(&savepoint, m, None)?;
        check(&savepoint, m)?;
        tracking::record(&savepoint, m, How::Applied)?;
        savepoint.commit()?;
        log::info!("schemaguard: applied {}", m.describe());
        report.steps[s].action = Action::Applied;
    }
    if let Some(before) = &before {
        report.old_violations = before.iter().map(|v| v.description.clone()).collect();
    }
    tx.commit()?;
    Ok(stopped.map_or(Pass::Done, Pass::NoTransaction))
}

/// What this transaction will do, from the tracking table or detection.
fn plan(migrations: &[Migration], timeline: &Timeline, conn: &Connection) -> Result<Plan, Error> {
    let records = tracking::read(conn)?;
    if !records.is_empty() {
        return Ok(Plan {
            apply: pending(migrations, &records)?,
            ..Plan::default()
        });
    }
    let live = timeline.live(conn)?;
    let all: Vec<usize> = (0..migrations.len()).collect();
    let empty = live.known.iter().all(Option::is_none) && live.unknown_objects.is_empty();
    if empty {
        return Ok(Plan {
            apply: all,
            ..Plan::default()
        });
    }
    let decision = detect(migrations, timeline, &live)?;
    let adopted = usize::try_from(decision.adopt_through + 1).unwrap_or(0);
    let mut plan = Plan {
        adopt: (0..adopted).collect(),
        detected: Some(decision.detected),
        ..Plan::default()
    };
    let rest = match decision.next {
        Next::Apply => adopted,
        Next::Adopt => {
            if adopted < migrations.len() {
                plan.adopt.push(adopted);
            }
            adopted + 1
        }
        Next::Repair(objects) => {
            let (keys, created) = objects.into_iter().unzip();
            plan.repair = Some((adopted, keys, created));
            adopted + 1
        }
    };
    plan.apply = (rest..migrations.len()).collect();
    Ok(plan)
}

/// A tracked database: check what is recorded, return the pending steps.
fn pending(migrations: &[Migration], records: &[tracking::Record]) -> Result<Vec<usize>, Error> {
    let by_version: HashMap<u64, usize> = migrations
        .iter()
        .enumerate()
        .map(|(i, m)| (m.version(), i))
        .collect();
    for r in records {
        if let Some(&s) = by_version.get(&r.version) {
            let m = &migrations[s];
            if r.checksum != m.checksum() {
                return Err(Error::Modified {
                    version: m.version(),
                    name: m.name().to_string(),
                    migration: m.describe(),
                    recorded: r.checksum.clone(),
                    expected: m.checksum().to_string(),
                });
            }
        }
    }
    if let Some(r) = records
        .iter()
        .find(|r| !by_version.contains_key(&r.version))
    {
        return Err(Error::UnknownVersion {
            version: r.version,
            name: r.name.clone(),
        });
    }
    let recorded: HashSet<u64> = records.iter().map(|r| r.version).collect();
    let newest = records.iter().map(|r| r.version).max().unwrap_or(0);
    let pending: Vec<usize> = (0..migrations.len())
        .filter(|&s| !recorded.contains(&migrations[s].version()))
        .collect();
    if let Some(&s) = pending.iter().find(|&&s| migrations[s].version() < newest) {
        return Err(Error::OutOfOrder {
            version: migrations[s].version(),
            name: migrations[s].name().to_string(),
            newest,
        });
    }
    Ok(pending)
}

/// Runs a migration's statements one by one, so a failure has a line.
/// With `only`, runs just the `CREATE` statements of those names (a repair).
fn run_sql(conn: &Connection, m: &Migration, only: Option<&HashSet<String>>) -> Result<(), Error> {
    let sql = m.sql();
    let script = Script::parse(sql);
    for statement in &script.statements {
        if let Some(only) = only {
            match Header::parse(script.tokens_of(statement), sql) {
                Header::Create(c) if only.contains(&c.name.key()) => {}
                _ => continue,
            }
        }
        if let Err(e) = conn.execute_batch(&sql[statement.span.clone()]) {
            let (offset, message) = match &e {
                rusqlite::Error::SqlInputError { msg, offset, .. } => (
                    statement.span.start + usize::try_from(*offset).unwrap_or(0),
                    msg.clone(),
                ),
                rusqlite::Error::SqliteFailure(_, Some(msg)) => (statement.span.start, msg.clone()),
                other => (statement.span.start, other.to_string()),
            };
            let (line, _) = SourceFile::new(m.file(), sql).line_col(offset);
            return Err(Error::Migration {
                version: m.version(),
                name: m.name().to_string(),
                migration: m.describe(),
                file: m.file().to_string(),
                line,
                message,
            });
        }
    }
    Ok(())
}

/// A `no-transaction` migration: on its own, recorded once it succeeded.
fn run_alone(m: &Migration, conn: &mut Connection, step: &mut ReportStep) -> Result<(), Error> {
    let restore: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    if m.foreign_keys_off() {
        conn.pragma_update(None, "foreign_keys", false)?;
    }
    let before = violations(conn)?;
    let result = run_sql(conn, m, None).and_then(|()| {
        if m.foreign_keys_off() {
            no_new_violations(conn, m, &before)
        } else {
            Ok(())
        }
    });
    conn.pragma_update(None, "foreign_keys", restore)?;
    result?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tracking::ensure(&tx)?;
    tracking::record(&tx, m, How::Applied)?;
    tx.commit()?;
    log::info!(
        "schemaguard: applied {} (outside a transaction)",
        m.describe()
    );
    step.action = Action::Applied;
    Ok(())
}

/// Fails if `m` left violations beyond those in `before`.
fn no_new_violations(conn: &Connection, m: &Migration, before: &[Violation]) -> Result<(), Error> {
    let new = new_violations(before, &violations(conn)?);
    if new.is_empty() {
        return Ok(());
    }
    Err(Error::ForeignKeyViolation {
        version: m.version(),
        name: m.name().to_string(),
        migration: m.describe(),
        violations: new,
    })
}

/// Refuses a connection that cannot run a migration transaction, with a
/// clear reason rather than SQLite's message from the first write.
fn writable(conn: &Connection) -> Result<(), Error> {
    if !conn.is_autocommit() {
        return Err(Error::InTransaction);
    }
    let query_only: bool = conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
    if query_only || conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(Error::ReadOnly);
    }
    Ok(())
}

/// `Schema::baseline`.
pub fn baseline(schema: &Schema, conn: &mut Connection, version: u64) -> Result<Report, Error> {
    let migrations = schema.migrations();
    let timeline = schema.timeline();
    let step = migrations
        .iter()
        .position(|m| m.version() == version)
        .ok_or(Error::NoSuchVersion { version })?;
    writable(conn)?;
    let settings = Settings::save(conn)?;
    let tx = settings
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !tracking::read(&tx)?.is_empty() {
        return Err(Error::AlreadyTracked);
    }
    let live = timeline.live(&tx)?;
    let k = Step::try_from(step).unwrap_or(Step::MAX);
    let mismatches = crate::inspect::differences(timeline, &live, k);
    if !mismatches.is_empty() {
        return Err(Error::BaselineMismatch {
            version,
            name: migrations[step].name().to_string(),
            mismatches,
        });
    }
    tracking::ensure(&tx)?;
    let mut report = Report::default();
    for m in &migrations[..=step] {
        tracking::record(&tx, m, How::Adopted)?;
        log::info!("schemaguard: adopted {} (baseline)", m.describe());
        report.steps.push(ReportStep {
            version: m.version(),
            name: m.name(),
            action: Action::Adopted,
        });
    }
    tx.commit()?;
    Ok(report)
}
