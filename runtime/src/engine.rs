//! `migrate` and `baseline`. A run is as few `BEGIN IMMEDIATE`
//! transactions as correctness allows (README, "At run time"): ordinary migrations
//! (with adoptions and repairs) together, with the connection's foreign-key
//! setting; each `foreign-keys-off` migration alone, with enforcement off;
//! `no-transaction` migrations outside any (see [`crate::alone`]). Each
//! transaction re-reads the tracking table, and commits only if everything
//! in it worked.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use schemaguard_core::timeline::{Step, Timeline};

use crate::detection::{Next, detect};
use crate::error::capped;
use crate::evidence::{self, Previous};
use crate::execute::{self, check_foreign_keys};
use crate::foreign_keys::ForeignKeys;
use crate::foreign_keys::violations;
use crate::report::{Action, ForeignHistory, Outcome, Report};
use crate::tracking::{self, Claim, How};
use crate::{Difference, Error, Migration, Schema, alone};

/// A repair: the step, and the objects whose `CREATE` runs (keys and
/// descriptions).
#[derive(Debug)]
struct Repair {
    step: usize,
    keys: HashSet<String>,
    objects: Vec<String>,
}

/// What a run has to do, as one transaction reads it: detection's
/// verdict on an untracked database, then the pending steps.
#[derive(Debug, Default)]
struct Plan {
    /// Steps recorded as adopted.
    adopt: Vec<usize>,
    /// A step whose missing standalone objects are created.
    repair: Option<Repair>,
    /// Every pending step, in order.
    pending: Vec<usize>,
    /// The step detection inferred, for an untracked database.
    detected: Option<Step>,
    /// Another tool's history that detection followed.
    history: Option<ForeignHistory>,
}

/// The foreign-key setting a transaction runs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The connection's own setting: adoptions, repairs and ordinary
    /// migrations.
    Connection,
    /// Enforcement off, for one `foreign-keys-off` migration.
    ForeignKeysOff,
}

impl Mode {
    /// The mode step `s` runs in.
    fn of(m: &Migration) -> Mode {
        if m.foreign_keys_off() {
            Mode::ForeignKeysOff
        } else {
            Mode::Connection
        }
    }
}

/// The steps one transaction runs, and the step after them.
struct Part<'p> {
    /// Steps whose SQL runs in this transaction, in order.
    apply: &'p [usize],
    /// The first pending step after them.
    next: Option<usize>,
}

impl Plan {
    /// The part of the pending steps a transaction in `mode` runs
    /// (README, "At run time"): in the connection's mode, ordinary
    /// migrations up to the first `foreign-keys-off` or `no-transaction`
    /// one; with enforcement off, one `foreign-keys-off` migration. `None`
    /// when this transaction cannot start the work: the first pending step
    /// needs the other mode.
    fn part(&self, migrations: &[Migration], mode: Mode) -> Option<Part<'_>> {
        let ordinary = |s: usize| {
            let m = &migrations[s];
            !m.no_transaction() && !m.foreign_keys_off()
        };
        let n = match mode {
            Mode::Connection => self.pending.iter().take_while(|&&s| ordinary(s)).count(),
            Mode::ForeignKeysOff => {
                let first = self.pending.first().map(|&s| &migrations[s]);
                if !self.adopt.is_empty()
                    || self.repair.is_some()
                    || !first.is_some_and(|m| m.foreign_keys_off() && !m.no_transaction())
                {
                    return None;
                }
                1
            }
        };
        let idle = n == 0 && self.adopt.is_empty() && self.repair.is_none();
        let next = self.pending.get(n).copied();
        if idle
            && next.is_some_and(|s| {
                Mode::of(&migrations[s]) != mode && !migrations[s].no_transaction()
            })
        {
            return None;
        }
        Some(Part {
            apply: &self.pending[..n],
            next,
        })
    }
}

/// The outcome of one transaction of a run.
enum Pass {
    /// Everything is recorded.
    Done,
    /// A part is committed, or this transaction could not start the work
    /// and was rolled back (nothing written): the next transaction runs in
    /// this mode.
    Next(Mode),
    /// The next pending migration is `no-transaction` and now claimed by this
    /// process; everything before it is committed.
    RunAlone(usize),
    /// Another process has claimed the next pending migration, and is
    /// running it (or died while it did).
    Claimed(usize, Claim),
}

/// Refuses a connection that cannot run a migration transaction, with a
/// clear reason rather than SQLite's message from the first write.
pub(crate) fn writable(conn: &Connection) -> Result<(), Error> {
    if !conn.is_autocommit() {
        return Err(Error::InTransaction);
    }
    let query_only: bool = conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
    if query_only || conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(Error::ReadOnly);
    }
    Ok(())
}

/// `Schema::migrate`, and `Schema::migrate_from` (`previous`: the tool
/// whose counter is evidence on an untracked database).
pub fn migrate(
    schema: &Schema,
    conn: &mut Connection,
    previous: Option<Previous>,
) -> Result<Report, Error> {
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
    // Before `writable`: a read-only connection to a database of a newer
    // release learns the real reason.
    tracking::check_format(conn)?;
    writable(conn)?;
    let mut conn = ForeignKeys::save(conn)?;
    let mut mode = Mode::Connection;
    let mut waiting: Option<Instant> = None;
    // The newest step this run recorded, once a transaction has read and
    // checked every row: later transactions of the run check that it is
    // still the newest row, with its history checksum, instead of reading
    // every row again (the triggers clear that checksum on any other edit).
    let mut recorded: Option<usize> = None;
    loop {
        conn.turn_off(mode == Mode::ForeignKeysOff)?;
        match run_transaction(
            schema,
            &mut conn,
            &mut report,
            mode,
            &mut recorded,
            previous,
        )? {
            Pass::Done => return Ok(report),
            Pass::Next(next) => mode = next,
            Pass::RunAlone(step) => {
                let chain = &schema.chains()[step];
                alone::run(
                    &migrations[step],
                    chain,
                    &mut conn,
                    &mut report.outcomes[step],
                )?;
                recorded = Some(step);
                mode = Mode::Connection;
            }
            Pass::Claimed(step, claim) => {
                let started = *waiting.get_or_insert_with(Instant::now);
                alone::wait_for_claim(&migrations[step], &conn, started, &claim)?;
                mode = Mode::Connection;
            }
        }
    }
}

/// One `BEGIN IMMEDIATE` transaction: reads the tracking table (or runs
/// detection), then adopts, repairs and applies the part of the pending
/// steps that `mode` allows, records them and commits.
fn run_transaction(
    schema: &Schema,
    conn: &mut Connection,
    report: &mut Report,
    mode: Mode,
    recorded: &mut Option<usize>,
    previous: Option<Previous>,
) -> Result<Pass, Error> {
    let (migrations, timeline) = (schema.migrations(), schema.timeline());
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tracking::check_format(&tx)?;
    let plan = match recorded
        .filter(|&s| tracking::newest_is(&tx, &migrations[s], &schema.chains()[s]).unwrap_or(false))
    {
        Some(s) => Plan {
            pending: (s + 1..migrations.len()).collect(),
            ..Plan::default()
        },
        None => plan(migrations, timeline, &tx, previous)?,
    };
    let Some(part) = plan.part(migrations, mode) else {
        // Nothing was written: the rollback costs nothing.
        let other = match mode {
            Mode::Connection => Mode::ForeignKeysOff,
            Mode::ForeignKeysOff => Mode::Connection,
        };
        return Ok(Pass::Next(other));
    };
    tracking::ensure(&tx)?;
    let mut alone = part.next.filter(|&s| migrations[s].no_transaction());
    if let Some(s) = alone
        && let Some(claim) = tracking::claim(&tx, &migrations[s])?
    {
        // Half-applied: refused. Else another process runs it: wait for
        // it, after this part.
        let claim = alone::claimed(&migrations[s], claim)?;
        if part.apply.is_empty() && plan.adopt.is_empty() && plan.repair.is_none() {
            return Ok(Pass::Claimed(s, claim));
        }
        alone = None;
    }
    if report.detected.is_none() {
        report.detected = plan
            .detected
            .and_then(Step::file)
            .map(|k| migrations[k].version());
    }
    if plan.history.is_some() {
        report.history = plan.history.clone();
    }
    // With enforcement off, the migration is checked for the violations
    // it introduced; the ones already there are reported.
    let before = match mode {
        Mode::ForeignKeysOff => Some(violations(&tx)?),
        Mode::Connection => None,
    };
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
        check_foreign_keys(&tx, m, None)?;
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
    for &s in part.apply {
        // No savepoint: a failure rolls the whole part back, and a savepoint
        // would make SQLite copy every page it changes to a statement journal.
        let m = &migrations[s];
        execute::run(&tx, m)?;
        check_foreign_keys(&tx, m, before.as_deref())?;
        log::info!("schemaguard: applied {}", m.describe());
    }
    // Recorded after the SQL ran: between two schema changes SQLite would
    // prepare the INSERT (and the tracking table's triggers) again each time.
    for &s in part.apply {
        tracking::record(&tx, &migrations[s], How::Applied, &schema.chains()[s])?;
    }
    match (alone, part.next) {
        (Some(s), _) => tracking::claim_for_this_run(&tx, &migrations[s])?,
        (None, Some(_)) => {}
        // Every migration is recorded now, and every row was checked.
        (None, None) => {
            if let Some(newest) = migrations.last() {
                tracking::seal(&tx, newest, schema.chain())?;
            }
        }
    }
    tx.commit()?;
    for &s in part.apply {
        report.outcomes[s].action = Action::Applied;
    }
    let newest = part
        .apply
        .last()
        .copied()
        .or(plan.repair.as_ref().map(|r| r.step))
        .or(plan.adopt.last().copied());
    if newest.is_some() {
        *recorded = newest;
    }
    if let Some(before) = before
        && report.old_violations.is_empty()
    {
        report.old_violations = capped(before.into_iter().map(|v| v.description).collect());
    }
    Ok(match (alone, part.next) {
        (Some(s), _) => Pass::RunAlone(s),
        (None, Some(s)) if migrations[s].no_transaction() => Pass::Next(Mode::Connection),
        (None, Some(s)) => Pass::Next(Mode::of(&migrations[s])),
        (None, None) => Pass::Done,
    })
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
    let step = Step::After(repair.step);
    let wrong: Vec<Difference> = crate::inspect::differences(timeline, &live, step)
        .into_iter()
        .filter(|d| repair.objects.contains(&d.object.to_string()))
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    Err(Error::Partial {
        version: m.version(),
        name: m.name().to_string(),
        present: Vec::new(),
        missing: wrong,
    })
}

/// What this transaction will do, from the tracking table or detection.
fn plan(
    migrations: &[Migration],
    timeline: &Timeline,
    conn: &Connection,
    previous: Option<Previous>,
) -> Result<Plan, Error> {
    let records = tracking::read(conn)?;
    if !records.is_empty() {
        return Ok(Plan {
            pending: pending(migrations, &records)?,
            ..Plan::default()
        });
    }
    let live = timeline.live(conn)?;
    let empty = live.known.iter().all(Option::is_none) && live.unknown_objects.is_empty();
    if empty {
        return Ok(Plan {
            pending: (0..migrations.len()).collect(),
            ..Plan::default()
        });
    }
    let history = evidence::read(conn, migrations, previous)?;
    let decision = detect(migrations, timeline, &live, history.as_ref())?;
    let adopted = decision.adopt_through.next_file();
    let mut plan = Plan {
        adopt: (0..adopted).collect(),
        detected: Some(decision.detected),
        history: history.map(|h| h.report()),
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
    plan.pending = (rest..migrations.len()).collect();
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
    let mismatches = crate::inspect::differences(timeline, &live, Step::After(step));
    if !mismatches.is_empty() {
        return Err(Error::BaselineMismatch {
            version,
            name: migrations[step].name().to_string(),
            mismatches,
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
