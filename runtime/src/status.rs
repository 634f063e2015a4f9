//! Where a database stands, without changing it.

use std::fmt;

/// The state of one migration in a database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum State {
    /// Recorded as applied (its SQL ran).
    Applied,
    /// Recorded as adopted (the database already had its effects).
    Adopted,
    /// Recorded as repaired (missing indexes, views or triggers were created).
    Repaired,
    /// A `no-transaction` migration that stopped halfway, finished by hand
    /// and recorded with [`Schema::mark_done`](crate::Schema::mark_done).
    MarkedDone,
    /// Not recorded yet.
    Pending,
    /// Recorded, but the file changed since: its checksum differs.
    Modified,
}

impl State {
    /// The lower-case word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Adopted => "adopted",
            Self::Repaired => "repaired",
            Self::MarkedDone => "marked done",
            Self::Pending => "pending",
            Self::Modified => "modified",
        }
    }
}

/// One migration's row in a [`Status`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrationStatus {
    /// The version (0: the base schema).
    pub version: u64,
    /// The name.
    pub name: &'static str,
    /// Its state.
    pub state: State,
    /// When it was recorded (UTC, RFC 3339), if it was.
    pub recorded_at: Option<String>,
}

/// Where a database stands: per migration, plus what does not belong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Status {
    /// Whether the database has a tracking table.
    pub tracked: bool,
    /// One row per migration of the program, in order.
    pub migrations: Vec<MigrationStatus>,
    /// Versions recorded in the database that this program does not know.
    pub unknown_versions: Vec<(u64, String)>,
    /// Objects no snapshot has, e.g. `table audit_log`.
    pub unknown_objects: Vec<String>,
    /// Columns no snapshot gives their table, e.g. `notes.legacy_flag`.
    pub unknown_columns: Vec<String>,
    /// Known names in a form no version has, where the newest recorded
    /// version lacks them (e.g. a v0.9 `tokens` table no migration dropped).
    pub stale_objects: Vec<String>,
    /// Known objects not in the form the newest recorded migration leaves
    /// them in, each with its live and expected form.
    pub differences: Vec<String>,
}

impl Status {
    /// Whether the database has drift: unknown objects or columns, stale
    /// objects, or known objects in a form the newest recorded version does
    /// not give them.
    pub fn has_drift(&self) -> bool {
        !(self.unknown_objects.is_empty()
            && self.unknown_columns.is_empty()
            && self.stale_objects.is_empty()
            && self.differences.is_empty())
    }
}

impl fmt::Display for Status {
    /// A table for humans: one line per migration, then drift.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.tracked {
            writeln!(f, "untracked database: `migrate` will detect its version")?;
        }
        for m in &self.migrations {
            write!(f, "{:>5}  {:<9} {}", m.version, m.state.as_str(), m.name)?;
            if let Some(at) = &m.recorded_at {
                write!(f, "  ({at})")?;
            }
            writeln!(f)?;
        }
        for (v, name) in &self.unknown_versions {
            writeln!(f, "{v:>5}  unknown   {name}  (recorded by a newer release)")?;
        }
        for (what, items) in [
            ("unknown object", &self.unknown_objects),
            ("unknown column", &self.unknown_columns),
            ("stale object", &self.stale_objects),
            ("differs", &self.differences),
        ] {
            for item in items {
                writeln!(f, "drift: {what}: {item}")?;
            }
        }
        Ok(())
    }
}
