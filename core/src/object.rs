//! What kinds of schema objects there are, and which names collide.

use std::fmt;

use crate::sql::lexer::tokenize;

/// The kind of a schema object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// Tables, views and indexes share one namespace; triggers have their own.
    pub fn namespace(self) -> Namespace {
        match self {
            Self::Trigger => Namespace::Triggers,
            _ => Namespace::Relations,
        }
    }

    /// The kind as `sqlite_schema.type` spells it, refined for virtual tables.
    pub fn from_schema_row(kind: &str, sql: Option<&str>) -> Option<Self> {
        Some(match kind {
            "table" => {
                let is_virtual = sql.is_some_and(|s| {
                    let mut words = tokenize(s).filter(|t| !t.kind.is_trivia()).skip(1);
                    words
                        .next()
                        .is_some_and(|w| w.text(s).eq_ignore_ascii_case("virtual"))
                });
                if is_virtual {
                    Self::VirtualTable
                } else {
                    Self::Table
                }
            }
            "index" => Self::Index,
            "view" => Self::View,
            "trigger" => Self::Trigger,
            _ => return None,
        })
    }

    /// The lower-case word used in messages ("index", "virtual table").
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

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of names in which two objects cannot share a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Namespace {
    /// Tables, virtual tables, views and indexes.
    Relations,
    /// Triggers.
    Triggers,
}
