//! The value `schema!` expands to.

use std::sync::OnceLock;

use rusqlite::Connection;
use schemaguard_core::history::History;
use schemaguard_core::timeline::Timeline;

use crate::{Error, Migration, Previous, Report, Status, engine, inspect};

/// The checked base schema and migrations of an application, with the
/// schema snapshot after each of them. Built at compile time by
/// [`schema!`](crate::schema).
///
/// ```
/// // schema.sql and migrations/ next to Cargo.toml
/// pub static SCHEMA: schemaguard::Schema = schemaguard::schema!();
///
/// let versions: Vec<u64> = SCHEMA.migrations().iter().map(|m| m.version()).collect();
/// assert_eq!(versions, [0, 1, 2, 3, 4]); // the base schema, then each migration
/// ```
#[derive(Debug)]
pub struct Schema {
    migrations: &'static [Migration],
    snapshots: u32,
    /// The snapshots, as [`History::encode`] wrote them.
    history: &'static str,
    /// The history checksum of the whole list: all an up-to-date start-up
    /// compares.
    chain: &'static str,
    timeline: OnceLock<Timeline>,
    chains: OnceLock<Vec<String>>,
}

impl Schema {
    #[doc(hidden)]
    pub const fn __new(
        migrations: &'static [Migration],
        snapshots: u32,
        history: &'static str,
        chain: &'static str,
    ) -> Self {
        Schema {
            migrations,
            snapshots,
            history,
            chain,
            timeline: OnceLock::new(),
            chains: OnceLock::new(),
        }
    }

    /// What a failed `schema!` expands to, next to its `compile_error!`s,
    /// so the only errors shown are the real ones.
    #[doc(hidden)]
    pub const fn __invalid() -> Self {
        Self::__new(&[], 0, "", "")
    }

    /// The base schema (version 0) followed by every migration, in the
    /// order they run.
    pub fn migrations(&self) -> &'static [Migration] {
        self.migrations
    }

    /// Brings the database up to date. Ordinary migrations (and what
    /// detection adopts or repairs) run in one transaction, all or nothing;
    /// each `foreign-keys-off` migration in a transaction of its own, with
    /// enforcement off for it alone; each `no-transaction` migration on its
    /// own, outside any. On error, what had committed stays committed and
    /// recorded, and nothing of the failing transaction is written. See the
    /// crate's README for what happens to empty, tracked and untracked
    /// databases.
    pub fn migrate(&self, conn: &mut Connection) -> Result<Report, Error> {
        engine::migrate(self, conn, None)
    }

    /// [`migrate`](Self::migrate), for an application whose databases
    /// were migrated by `previous` before: on an untracked database, what
    /// that tool recorded counts as evidence of which versions ran. For
    /// [`Previous::RusqliteMigration`], `PRAGMA user_version = k` means the
    /// first `k` migration files ran (the base schema not counted); it is
    /// read, never written. The tables of sqlx, refinery, diesel,
    /// golang-migrate and goose, which name their tool, are read by
    /// `migrate` itself. On a tracked database this is `migrate`.
    ///
    /// ```
    /// # static SCHEMA: schemaguard::Schema = schemaguard::schema!();
    /// # let mut conn = schemaguard::rusqlite::Connection::open_in_memory()?;
    /// use schemaguard::Previous;
    /// let report = SCHEMA.migrate_from(&mut conn, Previous::RusqliteMigration)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn migrate_from(&self, conn: &mut Connection, previous: Previous) -> Result<Report, Error> {
        engine::migrate(self, conn, Some(previous))
    }

    /// Whether every migration is recorded with its current checksum, no
    /// unknown version is recorded, and every known object has the form the
    /// last migration gives it. Reads only.
    pub fn is_current(&self, conn: &Connection) -> Result<bool, Error> {
        inspect::is_current(self, conn)
    }

    /// Per migration: applied, adopted, repaired, pending or modified; plus
    /// drift (unknown objects and columns, objects in an unexpected form).
    /// Reads only.
    pub fn status(&self, conn: &Connection) -> Result<Status, Error> {
        inspect::status(self, conn)
    }

    /// Records an untracked database as being at `version` (and every
    /// version before it) when detection cannot decide, after checking that
    /// its schema matches that version. Runs nothing else; call
    /// [`migrate`](Self::migrate) afterwards.
    pub fn baseline(&self, conn: &mut Connection, version: u64) -> Result<Report, Error> {
        engine::baseline(self, conn, version)
    }

    /// Records a `no-transaction` migration that stopped halfway (the
    /// run's error was [`Error::HalfApplied`]) as done, after you finished
    /// its remaining statements by hand. It is recorded with its own `how`
    /// (`marked done`, [`State::MarkedDone`](crate::State::MarkedDone)), its
    /// claim is released, and the next [`migrate`](Self::migrate) goes on
    /// with the migrations after it.
    ///
    /// Refused with [`Error::NotClaimed`] when `version` is not claimed (it
    /// did not stop halfway), and [`Error::NoSuchVersion`] when it is not
    /// one of this program's migrations.
    pub fn mark_done(&self, conn: &mut Connection, version: u64) -> Result<(), Error> {
        crate::alone::mark_done(self, conn, version)
    }

    /// Releases the claim of a `no-transaction` migration that stopped
    /// halfway (the run's error was [`Error::HalfApplied`]), after you undid
    /// what its committed statements did: the next
    /// [`migrate`](Self::migrate) runs it again **from its first
    /// statement**.
    ///
    /// Refused with [`Error::NotClaimed`] when `version` is not claimed,
    /// and [`Error::NoSuchVersion`] when it is not one of this program's
    /// migrations.
    pub fn release(&self, conn: &mut Connection, version: u64) -> Result<(), Error> {
        crate::alone::release(self, conn, version)
    }

    /// The snapshots' encoded text, as the macro embedded it: its size is
    /// what the benchmarks report. Not a stable interface.
    #[doc(hidden)]
    pub fn __encoded_snapshots(&self) -> &'static str {
        self.history
    }

    /// The history checksum of the whole list, as the macro computed it.
    pub(crate) fn chain(&self) -> &'static str {
        self.chain
    }

    /// Per migration, the history checksum up to and including it: what a
    /// tracking row stores, so that a start-up checks every recorded
    /// checksum by reading the last row. Computed once per process, when
    /// something is recorded (embedding them would cost 80 bytes a
    /// migration; hashing them costs about 5 ms per 300 migrations in an
    /// unoptimised build, next to running at least one migration).
    pub(crate) fn chains(&self) -> &[String] {
        self.chains.get_or_init(|| {
            let mut previous = schemaguard_core::checksum::CHAIN_START.to_string();
            let chains: Vec<String> = self
                .migrations
                .iter()
                .map(|m| {
                    previous =
                        schemaguard_core::checksum::chain(&previous, m.version(), m.checksum());
                    previous.clone()
                })
                .collect();
            // Were they to differ, every start-up would take the slow path.
            debug_assert_eq!(chains.last().map_or("", String::as_str), self.chain);
            chains
        })
    }

    /// The snapshots, decoded and indexed once per process.
    pub(crate) fn timeline(&self) -> &Timeline {
        self.timeline
            .get_or_init(|| Timeline::new(&History::decode(self.snapshots, self.history)))
    }
}
