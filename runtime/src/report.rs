//! What a [`Schema::migrate`](crate::Schema::migrate) run did.

use std::fmt;

/// What was done with one migration in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Its SQL ran.
    Applied,
    /// The database already had its effects (an untracked database made by
    /// an older release); only the record was written.
    Adopted,
    /// The database had its effects but for some standalone indexes, views
    /// or triggers: exactly those `CREATE` statements ran, nothing else.
    Repaired {
        /// The objects created, e.g. `index idx_tokens_hash`.
        created: Vec<String>,
    },
    /// Recorded by an earlier run; nothing to do.
    AlreadyRecorded,
}

impl Action {
    /// The word for it: "applied", "adopted", "repaired", "already recorded".
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Adopted => "adopted",
            Self::Repaired { .. } => "repaired",
            Self::AlreadyRecorded => "already recorded",
        }
    }
}

/// What a run did with one migration: a line of a [`Report`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Outcome {
    /// The migration's version (0: the base schema).
    pub version: u64,
    /// The migration's name.
    pub name: &'static str,
    /// What was done.
    pub action: Action,
}

/// What a run did, per migration, in order.
///
/// `Display` gives a one-line summary for a log:
/// `schema at version 4: 2 applied, 2 adopted, 1 repaired`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// One entry per migration of the program, in order.
    pub outcomes: Vec<Outcome>,
    /// The version detection inferred for an untracked database.
    pub detected: Option<u64>,
    /// Foreign-key violations that were there before the run (reported, not
    /// fatal), e.g. `note_links rowid 7 → notes`.
    pub old_violations: Vec<String>,
    /// Another tool's history that said which versions an untracked
    /// database was at (README, "Switching from …"). The table is left as
    /// it is.
    pub history: Option<ForeignHistory>,
}

/// Another migration tool's history, read to decide between versions the
/// schema of an untracked database could not tell apart.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ForeignHistory {
    /// The tool, e.g. `sqlx`, `refinery`, `diesel`, `golang-migrate`,
    /// `goose`, `rusqlite_migration`.
    pub tool: &'static str,
    /// Its table, e.g. `_sqlx_migrations`, or `PRAGMA user_version`.
    pub table: &'static str,
}

impl Report {
    /// How many migrations the run applied.
    pub fn applied(&self) -> usize {
        self.count(|a| *a == Action::Applied)
    }

    /// How many migrations the run adopted.
    pub fn adopted(&self) -> usize {
        self.count(|a| *a == Action::Adopted)
    }

    /// How many migrations the run repaired.
    pub fn repaired(&self) -> usize {
        self.count(|a| matches!(a, Action::Repaired { .. }))
    }

    fn count(&self, which: impl Fn(&Action) -> bool) -> usize {
        self.outcomes.iter().filter(|o| which(&o.action)).count()
    }

    /// Whether the run changed nothing.
    pub fn is_noop(&self) -> bool {
        self.outcomes
            .iter()
            .all(|o| o.action == Action::AlreadyRecorded)
    }

    /// The version the schema is at after the run.
    pub fn version(&self) -> Option<u64> {
        self.outcomes.last().map(|o| o.version)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version() {
            Some(v) => write!(f, "schema at version {v}")?,
            None => write!(f, "no migrations")?,
        }
        if self.is_noop() {
            return write!(f, ": up to date");
        }
        if let Some(d) = self.detected {
            write!(f, " (untracked database detected at version {d}")?;
            if let Some(h) = &self.history {
                write!(f, ", by {}'s `{}`", h.tool, h.table)?;
            }
            write!(f, ")")?;
        }
        let mut sep = ": ";
        for (n, action) in [
            (self.applied(), "applied"),
            (self.adopted(), "adopted"),
            (self.repaired(), "repaired"),
        ] {
            if n > 0 {
                write!(f, "{sep}{n} {action}")?;
                sep = ", ";
            }
        }
        if !self.old_violations.is_empty() {
            write!(
                f,
                "; {} old foreign-key violations kept",
                self.old_violations.len()
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(version: u64, action: Action) -> Outcome {
        Outcome {
            version,
            name: "x",
            action,
        }
    }

    #[test]
    fn one_line_summaries() {
        let mut r = Report::default();
        assert_eq!(r.to_string(), "no migrations: up to date");
        r.outcomes = vec![
            step(0, Action::AlreadyRecorded),
            step(1, Action::AlreadyRecorded),
        ];
        assert_eq!(r.to_string(), "schema at version 1: up to date");
        r.outcomes = vec![
            step(0, Action::Adopted),
            step(
                1,
                Action::Repaired {
                    created: vec!["index i".into()],
                },
            ),
            step(2, Action::Applied),
        ];
        r.detected = Some(0);
        assert_eq!(
            r.to_string(),
            "schema at version 2 (untracked database detected at version 0): 1 applied, 1 adopted, 1 repaired"
        );
        r.history = Some(ForeignHistory {
            tool: "sqlx",
            table: "_sqlx_migrations",
        });
        assert_eq!(
            r.to_string(),
            "schema at version 2 (untracked database detected at version 0, by sqlx's `_sqlx_migrations`): 1 applied, 1 adopted, 1 repaired"
        );
    }
}
