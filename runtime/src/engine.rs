//! `migrate` and `baseline`: one `BEGIN IMMEDIATE` transaction per run, and
//! nothing written unless everything worked (`no-transaction` migrations,
//! see [`crate::alone`], are the exception).

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use schemaguard_core::timeline::{Step, Timeline};

use crate::detection::{Next, detect};
use crate::error::capped;
use crate::execute::{self, check_foreign_keys};
use crate::foreign_keys::violations;
use crate::report::{Action, Outcome, Report};
use crate::tracking::{self, How};
use crate::{Error, Migration, Schema, alone};

/// A repair: the step, and the objects whose `CREATE` runs (keys and
/// descriptions).
#[derive(Debug)]
struct Repair {
    step: usize,
    keys: HashSet<String>,
    objects: Vec<String>,
}

/// What one transaction is going to do.
#[derive(Debug, Default)]
struct Plan {
    /// Steps recorded as adopted.
    adopt: Vec<usize>,
    /// A step whose missing standalone objects are created.
    repair: Option<Repair>,
    /// Steps whose SQL runs in this transaction, in order.
    apply: Vec<usize>,
    /// The first pending `no-transaction` step: claimed by this transaction,
    /// run after it commits.
    alone: Option<usize>,
    /// The step detection inferred, for an untracked database.
    detected: Option<Step>,
}

impl Plan {
    /// Splits pending steps at the first `no-transaction` migration.
    fn pending(mut self, migrations: &[Migration], steps: impl IntoIterator<Item = usize>) -> Self {
        for s in steps {
            if migrations[s].no_transaction() {
                self.alone = Some(s);
                break;
            }
            self.apply.push(s);
        }
        self
    }

    /// Steps whose SQL runs inside the transaction.
    fn runs(&self) -> impl Iterator<Item = usize> + '_ {
        self.repair
            .iter()
            .map(|r| r.step)
            .chain(self.apply.iter().copied())
    }
}

/// The outcome of one transaction of a run.
enum Pass {
    /// Everything is recorded.
    Done,
    /// A pending migration needs foreign keys off, which SQLite only allows
    /// outside a transaction: roll back (nothing was written) and start again.
    NeedForeignKeysOff,
    /// The next pending migration is `no-transaction` and now claimed by this
    /// process; everything before it is committed.
    RunAlone(usize),
    /// Another process has claimed the next pending migration.
    Claimed(usize),
}

/// Restores the connection's foreign-key setting when dropped.
struct ForeignKeys<'c> {
    conn: &'c mut Connection,
    enabled: bool,
}

impl<'c> ForeignKeys<'c> {
    fn save(conn: &'c mut Connection) -> Result<Self, Error> {
        let enabled = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        Ok(ForeignKeys { conn, enabled })
    }
}

impl Drop for ForeignKeys<'_> {
    fn drop(&mut self) {
        // Best effort: a destructor has no one to report to. The pragma only
        // takes effect outside a transaction, and the run never leaves one
        // open.
        let _ = self.conn.pragma_update(None, "foreign_keys", self.enabled);
    }
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

/// `Schema::migrate`.
pub fn migrate(schema: &Schema, conn: &mut Connection) -> Result<Report, Error> {
    let migrations = schema.migrations();
    let mut report = Report {
        outcomes: migrations
            .iter()
            .map(|m| Outcome {
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
    if tracking::up_to_date(conn, migrations, schema.chain())? {
        return Ok(report);
    }
    writable(conn)?;
    let guard = ForeignKeys::save(conn)?;
    let conn = &mut *guard.conn;
    let mut foreign_keys_off = false;
    let mut waiting: Option<Instant> = None;
    loop {
        match run_transaction(schema, conn, &mut report, foreign_keys_off)? {
            Pass::Done => return Ok(report),
            Pass::NeedForeignKeysOff => {
                conn.pragma_update(None, "foreign_keys", false)?;
                foreign_keys_off = true;
            }
            Pass::RunAlone(step) => {
                let chain = &schema.chains()[step];
                alone::run(&migrations[step], chain, conn, &mut report.outcomes[step])?;
            }
            Pass::Claimed(step) => {
                let started = *waiting.get_or_insert_with(Instant::now);
                alone::wait_for_claim(&migrations[step], conn, started)?;
            }
        }
    }
}

fn run_transaction(
    schema: &Schema,
    conn: &mut Connection,
    report: &mut Report,
    foreign_keys_off: bool,
) -> Result<Pass, Error> {
    let (migrations, timeline) = (schema.migrations(), schema.timeline());
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let plan = plan(migrations, timeline, &tx)?;
    if let Some(s) = plan.alone
        && plan.runs().next().is_none()
        && tracking::claim(&tx, &migrations[s])?.is_some()
    {
        return Ok(Pass::Claimed(s));
    }
    if plan.runs().any(|s| migrations[s].foreign_keys_off()) && !foreign_keys_off {
        return Ok(Pass::NeedForeignKeysOff);
    }
    if report.detected.is_none() {
        report.detected = plan
            .detected
            .and_then(|k| usize::try_from(k).ok())
            .map(|k| migrations[k].version());
    }
    // With enforcement off, each migration is checked for the violations
    // it introduced, so the error names the one to blame.
    let before = if foreign_keys_off {
        Some(violations(&tx)?)
    } else {
        None
    };
    tracking::ensure(&tx)?;
    for &s in &plan.adopt {
        tracking::record(&tx, &migrations[s], How::Adopted, &schema.chains()[s])?;
        report.outcomes[s].action = Action::Adopted;
        log::info!(
            "schemaguard: adopted {} (the database already has it)",
            migrations[s].describe()
        );
    }
    if let Some(repair) = &plan.repair {
        let m = &migrations[repair.step];
        run_repair(&tx, m, repair, timeline)?;
        check_foreign_keys(&tx, m, before.as_deref())?;
        tracking::record(&tx, m, How::Repaired, &schema.chains()[repair.step])?;
        log::info!(
            "schemaguard: repaired {}: created {}; its other statements were not run",
            m.describe(),
            repair.objects.join(", ")
        );
        report.outcomes[repair.step].action = Action::Repaired {
            created: repair.objects.clone(),
        };
    }
    for &s in &plan.apply {
        // No savepoint: a failure rolls the whole run back, and a savepoint
        // would make SQLite copy every page it changes to a statement journal.
        let m = &migrations[s];
        execute::run(&tx, m)?;
        check_foreign_keys(&tx, m, before.as_deref())?;
        log::info!("schemaguard: applied {}", m.describe());
        report.outcomes[s].action = Action::Applied;
    }
    // Recorded after the SQL ran: between two schema changes SQLite would
    // prepare the INSERT (and the tracking table's triggers) again each time.
    for &s in &plan.apply {
        tracking::record(&tx, &migrations[s], How::Applied, &schema.chains()[s])?;
    }
    if let Some(before) = before {
        report.old_violations = capped(before.into_iter().map(|v| v.description).collect());
    }
    match plan.alone {
        Some(s) => tracking::claim_for_this_run(&tx, &migrations[s])?,
        // Every migration is recorded now, and every row was checked.
        None => {
            if let Some(newest) = migrations.last() {
                tracking::seal(&tx, newest, schema.chain())?;
            }
        }
    }
    tx.commit()?;
    Ok(plan.alone.map_or(Pass::Done, Pass::RunAlone))
}

/// Creates the missing objects of a partly present migration, and checks
/// they came out as that version has them.
fn run_repair(
    tx: &Transaction<'_>,
    m: &Migration,
    repair: &Repair,
    timeline: &Timeline,
) -> Result<(), Error> {
    execute::run_creates(tx, m, &repair.keys)?;
    let live = timeline.live(tx)?;
    let step = Step::try_from(repair.step).unwrap_or(Step::MAX);
    let wrong: Vec<String> = crate::inspect::differences(timeline, &live, step)
        .into_iter()
        .filter(|d| {
            repair
                .objects
                .iter()
                .any(|o| d.starts_with(&format!("{o}:")))
        })
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    Err(Error::Partial {
        version: m.version(),
        name: m.name().to_string(),
        migration: m.describe(),
        present: Vec::new(),
        missing: wrong,
    })
}

/// What this transaction will do, from the tracking table or detection.
fn plan(migrations: &[Migration], timeline: &Timeline, conn: &Connection) -> Result<Plan, Error> {
    let records = tracking::read(conn)?;
    if !records.is_empty() {
        return Ok(Plan::default().pending(migrations, pending(migrations, &records)?));
    }
    let live = timeline.live(conn)?;
    let empty = live.known.iter().all(Option::is_none) && live.unknown_objects.is_empty();
    if empty {
        return Ok(Plan::default().pending(migrations, 0..migrations.len()));
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
            let (keys, objects) = objects.into_iter().unzip();
            plan.repair = Some(Repair {
                step: adopted,
                keys,
                objects,
            });
            adopted + 1
        }
    };
    Ok(plan.pending(migrations, rest..migrations.len()))
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

/// `Schema::baseline`.
pub fn baseline(schema: &Schema, conn: &mut Connection, version: u64) -> Result<Report, Error> {
    let migrations = schema.migrations();
    let timeline = schema.timeline();
    let step = migrations
        .iter()
        .position(|m| m.version() == version)
        .ok_or(Error::NoSuchVersion { version })?;
    writable(conn)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
            mismatches: capped(mismatches),
        });
    }
    tracking::ensure(&tx)?;
    let mut report = Report::default();
    for (m, chain) in migrations[..=step].iter().zip(schema.chains()) {
        tracking::record(&tx, m, How::Adopted, chain)?;
        log::info!("schemaguard: adopted {} (baseline)", m.describe());
        report.outcomes.push(Outcome {
            version: m.version(),
            name: m.name(),
            action: Action::Adopted,
        });
    }
    tx.commit()?;
    Ok(report)
}
