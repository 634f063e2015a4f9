//! The compile-time rules. Each file holds one rule and its tests; the
//! replay ([`crate::replay`]) calls them statement by statement.
//!
//! | rule | file |
//! |---|---|
//! | 1. ownership | [`ownership`] |
//! | 2. column ownership | [`column_ownership`] |
//! | 3. no double definition | [`double_definition`] |
//! | 4. replay | [`sql_error`]: statements, commits, and views queried once every migration ran (the engine: [`crate::replay`]) |
//! | 5. files | [`crate::files`], [`crate::directive`] |
//! | 6. transactions | [`transaction`], including a `no-transaction` file that leaves one open |
//! | 7. functions | [`functions`] |

use std::ops::Range;

use crate::diagnostic::{Anchor, Diagnostic};
use crate::directive::Directives;
use crate::files::SqlFile;
use crate::source::FileId;

pub mod column_ownership;
pub mod double_definition;
pub mod functions;
pub mod ownership;
pub mod sql_error;
pub mod transaction;

/// The statement a rule is looking at, and the file it is in.
#[derive(Clone, Copy, Debug)]
pub struct Site<'a> {
    /// Every file of the project (for naming other places).
    pub files: &'a [SqlFile],
    /// The file of the statement.
    pub file: FileId,
    /// That file's directives.
    pub directives: &'a Directives,
    /// Bytes of the statement.
    pub statement: &'a Range<usize>,
}

impl Site<'_> {
    /// The statement's file.
    pub fn current(&self) -> &SqlFile {
        &self.files[self.file]
    }

    /// "the base schema" / "migration 002" for any file.
    pub fn describe(&self, file: FileId) -> String {
        self.files
            .get(file)
            .map_or_else(|| "an earlier file".to_string(), SqlFile::describe)
    }

    /// Whether the statement is in the base schema.
    pub fn in_base(&self) -> bool {
        self.current().is_base()
    }

    /// A new error about this statement, on its file's macro argument.
    pub fn error(&self, title: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.anchor(), title, help)
    }

    fn anchor(&self) -> Anchor {
        self.current().anchor()
    }
}

/// A name in backquotes for a message.
pub(crate) fn quoted(name: &str) -> String {
    format!("`{name}`")
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs the whole analysis on in-memory files, for the rules' tests.

    use crate::analysis::{Analysis, analyse_files};
    use crate::diagnostic::Diagnostic;

    /// Analyses a base schema and migrations given as `(version, sql)`.
    pub fn run(base: &str, migrations: &[(u64, &str)]) -> Analysis {
        run_with(base, migrations, &[])
    }

    /// Like [`run`], with stand-in functions.
    pub fn run_with(base: &str, migrations: &[(u64, &str)], functions: &[&str]) -> Analysis {
        let files = crate::files::in_memory(base, migrations);
        let functions: Vec<String> = functions.iter().map(|s| s.to_string()).collect();
        analyse_files(files, &functions, Default::default())
    }

    /// The titles of every error, in order.
    pub fn titles(analysis: &Analysis) -> Vec<String> {
        analysis
            .diagnostics
            .iter()
            .map(|d| d.title.clone())
            .collect()
    }

    /// The only error, rendered.
    pub fn only(analysis: &Analysis) -> (&Diagnostic, String) {
        assert_eq!(analysis.diagnostics.len(), 1, "{:#?}", titles(analysis));
        let d = &analysis.diagnostics[0];
        (d, d.render(&analysis.sources()))
    }
}
