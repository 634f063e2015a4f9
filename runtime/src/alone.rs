//! `no-transaction` migrations: run on their own, outside the run's
//! transaction, so they are not atomic. A claim row keeps two processes
//! from running one at the same time, and is left behind (naming the
//! migration) if the process dies halfway, so a human looks before anything
//! runs it again.

use std::time::{Duration, Instant};

use rusqlite::{Connection, TransactionBehavior};

use crate::execute::{self, check_foreign_keys};
use crate::foreign_keys::{ForeignKeys, violations};
use crate::report::{Action, Outcome};
use crate::tracking::{self, How};
use crate::{Error, Migration};

/// Runs `m` (already claimed by this process), records it if it succeeded,
/// with its history checksum `chain`, and releases the claim either way.
pub fn run(
    m: &Migration,
    chain: &str,
    conn: &mut ForeignKeys<'_>,
    outcome: &mut Outcome,
) -> Result<(), Error> {
    conn.turn_off(m.foreign_keys_off())?;
    let result = run_unclaimed(m, conn);
    if !conn.is_autocommit() {
        // A migration that manages its own transactions left one open.
        let _ = conn.execute_batch("ROLLBACK");
    }
    // Also undoes a `PRAGMA foreign_keys` of the migration's own.
    conn.turn_off(false)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if result.is_ok() {
        tracking::record(&tx, m, How::Applied, chain)?;
    }
    tracking::release(&tx, m)?;
    tx.commit()?;
    result?;
    log::info!(
        "schemaguard: applied {} (outside a transaction)",
        m.describe()
    );
    outcome.action = Action::Applied;
    Ok(())
}

fn run_unclaimed(m: &Migration, conn: &Connection) -> Result<(), Error> {
    let before = if m.foreign_keys_off() {
        Some(violations(conn)?)
    } else {
        None
    };
    execute::run(conn, m)?;
    if !conn.is_autocommit() {
        let last = m.sql().lines().count().max(1);
        return Err(m.error_at(
            last,
            "the migration leaves a transaction open: end it with COMMIT or ROLLBACK".to_string(),
        ));
    }
    check_foreign_keys(conn, m, before.as_deref())
}

/// Waits, outside any transaction, for another process's claim on `m` to
/// go: as long as the connection's busy timeout, like any other lock.
pub fn wait_for_claim(m: &Migration, conn: &Connection, started: Instant) -> Result<(), Error> {
    let timeout: i64 = conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
    if started.elapsed() < Duration::from_millis(u64::try_from(timeout).unwrap_or(0)) {
        std::thread::sleep(Duration::from_millis(20));
        return Ok(());
    }
    let since = tracking::claim(conn, m)?.unwrap_or_default();
    Err(Error::Claimed {
        version: m.version(),
        name: m.name().to_string(),
        migration: m.describe(),
        since,
    })
}
