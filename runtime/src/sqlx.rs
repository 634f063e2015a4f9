//! The commands on a sqlx connection (feature `sqlx`): the same engine, run
//! on the SQLite handle sqlx's connection wraps.
//!
//! sqlx runs each SQLite connection on a worker thread of its own.
//! `SqliteConnection::lock_handle` takes the handle away from that thread
//! (it makes no call on it until the lock is dropped), and
//! `rusqlite::Connection::from_handle` wraps the handle without owning it:
//! dropping the wrapper finalizes the statements rusqlite prepared and
//! leaves the handle open. So a migration runs exactly as it does on a
//! rusqlite connection, on the connection's SQLite and with its settings
//! (busy timeout, foreign keys), and sqlx's connection goes on afterwards.
//!
//! The shape, `SCHEMA.sqlx().migrate(&mut conn).await`: `Schema`'s own
//! `migrate` takes a `rusqlite::Connection`, and an inherent method always
//! wins over a trait's method of the same name, so an extension trait on
//! `Schema` could not reuse the names; a trait on sqlx's connection would
//! turn the call around (`conn.migrate(&SCHEMA)`). A view of the schema
//! keeps the names, the arguments and their order, and needs no import.

use rusqlite::Connection;
use sqlx_core::connection::Connection as _;
use sqlx_sqlite::SqliteConnection;

use crate::{Error, Report, Schema, Status};

impl Schema {
    /// This schema's commands on a sqlx [`SqliteConnection`] (feature
    /// `sqlx`), async: `SCHEMA.sqlx().migrate(&mut conn).await`, or on a
    /// pool's connection, `SCHEMA.sqlx().migrate(&mut *pool.acquire().await?)`.
    /// Same semantics and errors as the rusqlite commands; see
    /// [`SqlxSchema`] for what runs on which thread.
    pub fn sqlx(&self) -> SqlxSchema<'_> {
        SqlxSchema { schema: self }
    }
}

/// A [`Schema`]'s commands on a sqlx [`SqliteConnection`] (feature `sqlx`),
/// from [`Schema::sqlx`]. Each is the rusqlite command of the same name,
/// run on the SQLite handle inside sqlx's connection: same semantics, same
/// [`Error`]s, one more ([`Error::Sqlx`]) when sqlx cannot hand the handle
/// over.
///
/// **Blocking.** Each command awaits sqlx's handle, then makes its SQLite
/// calls on the thread that polls it, to the end, without yielding: an
/// async executor's thread is blocked for the whole run, which includes
/// the SQL of pending migrations and the wait for a database another
/// connection is writing to (up to the connection's busy timeout, 5 s by
/// default in sqlx). Run it at start-up, before serving, or off the
/// executor:
/// `tokio::task::spawn_blocking(move || handle.block_on(SCHEMA.sqlx().migrate(&mut conn)))`
/// with a connection it owns (`pool.acquire().await?`) and the runtime's
/// `Handle`. A command whose future is dropped while it waits for the
/// handle has run nothing.
///
/// **Other connections.** A migration is committed to the database file
/// before the command returns, so every connection of a pool sees it at
/// its next statement, and SQLite prepares their cached statements again
/// on the new schema. But sqlx also keeps each cached statement's result
/// columns: on another connection that had cached a statement whose
/// columns the migration changed (`SELECT *` from a table it altered),
/// sqlx 0.9.1 fails. Migrate before the pool's other connections run
/// queries (at start-up); `migrate` empties the cache of the connection
/// it ran on.
#[derive(Clone, Copy, Debug)]
pub struct SqlxSchema<'s> {
    schema: &'s Schema,
}

impl SqlxSchema<'_> {
    /// [`Schema::migrate`] on a sqlx connection. Unless the run changed
    /// nothing, it then empties the connection's sqlx statement cache: sqlx
    /// keeps each cached statement's result columns, which a migration can
    /// change (`SELECT *` on an altered table).
    pub async fn migrate(&self, conn: &mut SqliteConnection) -> Result<Report, Error> {
        let result = on_handle(conn, |c| self.schema.migrate(c)).await;
        if !matches!(&result, Ok(report) if report.is_noop()) {
            // It fails only when sqlx's worker thread has stopped: then the
            // connection has no cache left to use, and the run's own
            // result is what the caller needs.
            let _ = conn.clear_cached_statements().await;
        }
        result
    }

    /// [`Schema::is_current`] on a sqlx connection. Reads only.
    pub async fn is_current(&self, conn: &mut SqliteConnection) -> Result<bool, Error> {
        on_handle(conn, |c| self.schema.is_current(c)).await
    }

    /// [`Schema::status`] on a sqlx connection. Reads only.
    pub async fn status(&self, conn: &mut SqliteConnection) -> Result<Status, Error> {
        on_handle(conn, |c| self.schema.status(c)).await
    }

    /// [`Schema::baseline`] on a sqlx connection.
    pub async fn baseline(
        &self,
        conn: &mut SqliteConnection,
        version: u64,
    ) -> Result<Report, Error> {
        on_handle(conn, |c| self.schema.baseline(c, version)).await
    }

    /// [`Schema::mark_done`] on a sqlx connection.
    pub async fn mark_done(&self, conn: &mut SqliteConnection, version: u64) -> Result<(), Error> {
        on_handle(conn, |c| self.schema.mark_done(c, version)).await
    }

    /// [`Schema::release`] on a sqlx connection.
    pub async fn release(&self, conn: &mut SqliteConnection, version: u64) -> Result<(), Error> {
        on_handle(conn, |c| self.schema.release(c, version)).await
    }
}

/// Runs `command` on a rusqlite connection borrowing `conn`'s SQLite
/// handle, while sqlx's worker thread is locked out of it.
async fn on_handle<T>(
    conn: &mut SqliteConnection,
    command: impl FnOnce(&mut Connection) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut locked = conn
        .lock_handle()
        .await
        .map_err(|error| Error::Sqlx { error })?;
    // SAFETY: the handle is an open SQLite connection, and sqlx's worker
    // thread makes no call on it while `locked` lives, which outlives
    // `borrowed`. `from_handle` does not own the handle: dropping
    // `borrowed` finalizes the statements rusqlite prepared on it and
    // leaves it open for sqlx. Both crates link the same SQLite (one
    // `libsqlite3-sys` in a build), so the handle's type is the same.
    let mut borrowed = unsafe { Connection::from_handle(locked.as_raw_handle().as_ptr()) }?;
    let result = command(&mut borrowed);
    drop(borrowed);
    result
}
