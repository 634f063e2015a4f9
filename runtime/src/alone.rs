//! `no-transaction` migrations: run on their own, outside the run's
//! transaction, so they are not atomic. A claim row keeps two processes
//! from running one at the same time. Once any of its statements may have
//! committed, a failure keeps the claim, with where it failed: every later
//! run refuses until a human marks it done or releases it
//! ([`mark_done`], [`release`]). A process that dies inside one leaves the
//! claim too.

use std::time::{Duration, Instant};

use rusqlite::{Connection, TransactionBehavior};

use crate::execute::{self, check_foreign_keys};
use crate::foreign_keys::{ForeignKeys, violations};
use crate::report::{Action, Outcome};
use crate::tracking::{self, Claim, Failure, How};
use crate::{Error, Migration, Schema};

/// Runs `m` (already claimed by this process) and records it if it
/// succeeded, with its history checksum `chain`. The claim is released
/// unless it failed after a statement may have committed.
pub fn run(
    m: &Migration,
    chain: &str,
    conn: &mut ForeignKeys<'_>,
    outcome: &mut Outcome,
) -> Result<(), Error> {
    conn.turn_off(m.foreign_keys_off())?;
    let mut committed = false;
    let result = run_unclaimed(m, conn, &mut committed);
    if !conn.is_autocommit() {
        // A migration that manages its own transactions left one open.
        let _ = conn.execute_batch("ROLLBACK");
    }
    // Also undoes a `PRAGMA foreign_keys` of the migration's own.
    conn.turn_off(false)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let result = match result {
        Ok(()) => {
            tracking::record(&tx, m, How::Applied, chain)?;
            tracking::release(&tx, m)?;
            Ok(())
        }
        Err(e) if committed => {
            let failure = where_it_failed(m, e);
            tracking::keep_failed_claim(&tx, m, &failure)?;
            Err(half_applied(m, failure))
        }
        Err(e) => {
            tracking::release(&tx, m)?;
            Err(e)
        }
    };
    tx.commit()?;
    result?;
    log::info!(
        "schemaguard: applied {} (outside a transaction)",
        m.describe()
    );
    outcome.action = Action::Applied;
    Ok(())
}

fn run_unclaimed(m: &Migration, conn: &Connection, committed: &mut bool) -> Result<(), Error> {
    let before = if m.foreign_keys_off() {
        Some(violations(conn)?)
    } else {
        None
    };
    execute::run_outside(conn, m, committed)?;
    if !conn.is_autocommit() {
        let last = m.sql().lines().count().max(1);
        return Err(m.error_at(
            last,
            "the migration leaves a transaction open: end it with COMMIT or ROLLBACK".to_string(),
            None,
        ));
    }
    check_foreign_keys(conn, m, before.as_deref())
}

/// What a failure of `m` is remembered by.
fn where_it_failed(m: &Migration, e: Error) -> Failure {
    match e {
        Error::Migration {
            line,
            message,
            code,
            ..
        } => Failure {
            line,
            message,
            code,
        },
        // A violation found after the last statement, or SQLite failing
        // outside one: blame the end of the file.
        other => Failure {
            line: m.sql().lines().count().max(1),
            code: None,
            message: other.to_string(),
        },
    }
}

/// The refusal a half-applied `m` gets.
fn half_applied(m: &Migration, failure: Failure) -> Error {
    Error::HalfApplied {
        version: m.version(),
        name: m.name().to_string(),
        file: m.file().to_string(),
        line: failure.line,
        message: failure.message,
        code: failure.code,
    }
}

/// What a run does on finding a claim on `m`, the next pending migration:
/// refuse at once if it failed halfway, else wait for the other process.
pub fn claimed(m: &Migration, claim: Claim) -> Result<Claim, Error> {
    match claim.failure {
        Some(failure) => Err(half_applied(m, failure)),
        None => Ok(claim),
    }
}

/// Waits, outside any transaction, for another process's claim on `m` to
/// go: as long as the connection's busy timeout, like any other lock.
pub fn wait_for_claim(
    m: &Migration,
    conn: &Connection,
    started: Instant,
    claim: &Claim,
) -> Result<(), Error> {
    let timeout: i64 = conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
    if started.elapsed() < Duration::from_millis(u64::try_from(timeout).unwrap_or(0)) {
        std::thread::sleep(Duration::from_millis(20));
        return Ok(());
    }
    Err(Error::Claimed {
        version: m.version(),
        name: m.name().to_string(),
        since: claim.claimed_at.clone(),
    })
}

/// The `no-transaction` migration `version`, with a claim on it, in an
/// open `BEGIN IMMEDIATE` transaction; refuses anything else.
fn claimed_migration<'s>(
    schema: &'s Schema,
    tx: &Connection,
    version: u64,
) -> Result<(usize, &'s Migration), Error> {
    let migrations = schema.migrations();
    let step = migrations
        .iter()
        .position(|m| m.version() == version)
        .ok_or(Error::NoSuchVersion { version })?;
    let m = &migrations[step];
    if tracking::claim(tx, m)?.is_none() {
        return Err(Error::NotClaimed {
            version,
            name: m.name().to_string(),
        });
    }
    Ok((step, m))
}

/// `Schema::mark_done`.
pub fn mark_done(schema: &Schema, conn: &mut Connection, version: u64) -> Result<(), Error> {
    crate::engine::writable(conn)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tracking::ensure(&tx)?;
    let (step, m) = claimed_migration(schema, &tx, version)?;
    tracking::record(&tx, m, How::MarkedDone, &schema.chains()[step])?;
    tracking::release(&tx, m)?;
    tx.commit()?;
    log::info!(
        "schemaguard: {} marked done (finished by hand)",
        m.describe()
    );
    Ok(())
}

/// `Schema::release`.
pub fn release(schema: &Schema, conn: &mut Connection, version: u64) -> Result<(), Error> {
    crate::engine::writable(conn)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tracking::ensure(&tx)?;
    let (_, m) = claimed_migration(schema, &tx, version)?;
    tracking::release(&tx, m)?;
    tx.commit()?;
    log::info!(
        "schemaguard: released {}: the next run runs it again from its first statement",
        m.describe()
    );
    Ok(())
}
