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

/// The kind of a schema object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ObjectKind {
    /// `CREATE TABLE`.
    Table,
    /// `CREATE VIRTUAL TABLE` (FTS5, R*Tree, …).
    VirtualTable,
    /// `CREATE INDEX`.
    Index,
    /// `CREATE VIEW`.
    View,
    /// `CREATE TRIGGER`.
    Trigger,
}

impl ObjectKind {
    /// The words for it: "table", "virtual table", "index", "view", "trigger".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::VirtualTable => "virtual table",
            Self::Index => "index",
            Self::View => "view",
            Self::Trigger => "trigger",
        }
    }
}

impl From<schemaguard_core::object::ObjectKind> for ObjectKind {
    fn from(kind: schemaguard_core::object::ObjectKind) -> Self {
        use schemaguard_core::object::ObjectKind as Core;
        match kind {
            Core::Table => Self::Table,
            Core::VirtualTable => Self::VirtualTable,
            Core::Index => Self::Index,
            Core::View => Self::View,
            Core::Trigger => Self::Trigger,
        }
    }
}

/// A table, index, view or trigger, by kind and name. `Display`:
/// `table audit_log`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct SchemaObject {
    /// Its kind.
    pub kind: ObjectKind,
    /// Its name, as the database spells it.
    pub name: String,
}

impl SchemaObject {
    pub(crate) fn new(kind: impl Into<ObjectKind>, name: impl Into<String>) -> Self {
        SchemaObject {
            kind: kind.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for SchemaObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.as_str(), self.name)
    }
}

/// A column of a table. `Display`: `notes.legacy_flag`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct SchemaColumn {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
}

impl fmt::Display for SchemaColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.table, self.column)
    }
}

/// A known object whose live form is not the one a version gives it.
/// `Display`: `index idx_x: live ON t(b, a), expected ON t(a, b)`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Difference {
    /// The object (its expected kind, or its live one where the version
    /// lacks it).
    pub object: SchemaObject,
    /// Its live form (`ON t(b, a)`, a table's columns, …); `None`: missing.
    pub live: Option<String>,
    /// The form the version gives it; `None`: the version does not have it.
    pub expected: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.object)?;
        match &self.live {
            Some(live) => write!(f, "live {live}")?,
            None => write!(f, "missing")?,
        }
        match &self.expected {
            Some(expected) => write!(f, ", expected {expected}"),
            None => write!(f, ", expected absent"),
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
    pub unknown_objects: Vec<SchemaObject>,
    /// Columns no snapshot gives their table, e.g. `notes.legacy_flag`.
    pub unknown_columns: Vec<SchemaColumn>,
    /// Known names in a form no version has, where the newest recorded
    /// version lacks them (e.g. a v0.9 `tokens` table no migration dropped).
    pub stale_objects: Vec<SchemaObject>,
    /// Known objects not in the form the newest recorded migration leaves
    /// them in, each with its live and expected form.
    pub differences: Vec<Difference>,
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
        // Versions may be timestamps (sqlx, diesel): the column is as wide
        // as the widest one, five at least.
        let width = (self.migrations.iter().map(|m| m.version))
            .chain(self.unknown_versions.iter().map(|(v, _)| *v))
            .map(|v| v.to_string().len())
            .fold(5, usize::max);
        for m in &self.migrations {
            let (version, state) = (m.version, m.state.as_str());
            write!(f, "{version:>width$}  {state:<9} {}", m.name)?;
            if let Some(at) = &m.recorded_at {
                write!(f, "  ({at})")?;
            }
            writeln!(f)?;
        }
        for (v, name) in &self.unknown_versions {
            writeln!(
                f,
                "{v:>width$}  unknown   {name}  (recorded by a newer release)"
            )?;
        }
        let lines = (self.unknown_objects.iter())
            .map(|o| ("unknown object", o.to_string()))
            .chain(
                self.unknown_columns
                    .iter()
                    .map(|c| ("unknown column", c.to_string())),
            )
            .chain(
                self.stale_objects
                    .iter()
                    .map(|o| ("stale object", o.to_string())),
            )
            .chain(self.differences.iter().map(|d| ("differs", d.to_string())));
        for (what, item) in lines {
            writeln!(f, "drift: {what}: {item}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(version: u64, name: &'static str) -> MigrationStatus {
        MigrationStatus {
            version,
            name,
            state: State::Pending,
            recorded_at: None,
        }
    }

    #[test]
    fn timestamp_versions_line_up_with_short_ones() {
        let status = Status {
            tracked: true,
            migrations: vec![row(7, "short"), row(20240101120000, "stamped")],
            unknown_versions: vec![(20250101000000, "newer".to_string())],
            ..Status::default()
        };
        let text = status.to_string();
        let starts: Vec<usize> = (text.lines())
            .map(|line| line.find(|c: char| c.is_ascii_alphabetic()).unwrap())
            .collect();
        assert_eq!(starts, [16, 16, 16], "{text}");
    }
}
