//! What SQLite said about a statement that failed: its message and where
//! in the statement. The compile-time replay and the runtime both name the
//! failing line from it.

/// What SQLite said about a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// SQLite's message.
    pub message: String,
    /// Byte offset of the failing token in the statement, when SQLite knows it.
    pub offset: Option<usize>,
}

impl Failure {
    /// SQLite's message and, for errors found while preparing, the byte
    /// offset of the failing token in the statement.
    pub fn of(error: &rusqlite::Error) -> Self {
        match error {
            rusqlite::Error::SqlInputError { msg, offset, .. } => Failure {
                message: msg.clone(),
                offset: usize::try_from(*offset).ok(),
            },
            rusqlite::Error::SqliteFailure(_, Some(msg)) => Failure {
                message: msg.clone(),
                offset: None,
            },
            other => Failure {
                message: other.to_string(),
                offset: None,
            },
        }
    }

    /// The name in "no such table: x" / "no such column: t.x" / "table t
    /// has no column named x" (an INSERT's column list), if it is one.
    pub fn missing_name(&self) -> Option<&str> {
        if let Some(rest) = self.message.strip_prefix("table ")
            && let Some((_, column)) = rest.split_once(" has no column named ")
        {
            return Some(column);
        }
        [
            "no such table: ",
            "no such column: ",
            "no such index: ",
            "no such view: ",
        ]
        .iter()
        .find_map(|p| self.message.strip_prefix(p))
        .map(|name| name.rsplit('.').next().unwrap_or(name))
    }
}
