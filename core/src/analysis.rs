//! The whole compile-time analysis: load the files, read directives,
//! replay, and collect every finding.

use std::path::PathBuf;
use std::time::Duration;

use crate::checkpoint::{Checkpoints, NoCheckpoints};
use crate::checksum::{chain, checksum};
use crate::diagnostic::{Anchor, Diagnostic, Diagnostics};
use crate::directive::{Context, Directives};
use crate::files::{Input, SqlFile, parse};
use crate::history::History;
use crate::inputs::Inputs;
use crate::replay::{Replay, STATEMENT_TIMEOUT};
use crate::source::SourceFile;
use crate::sql::header::{AlterAction, Header};
use crate::sql::split::Script;

/// Knobs of the analysis.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// How long one statement may run in the replay.
    pub statement_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            statement_timeout: STATEMENT_TIMEOUT,
        }
    }
}

/// What kinds of statements a file holds: detection needs to know whether
/// running a migration again could change data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Contents {
    /// Only `CREATE`, `DROP` and `ALTER` statements: every effect shows in
    /// the schema.
    pub schema_only: bool,
    /// Drops a table or a column: running it again would lose rows.
    pub drops_data: bool,
}

impl Contents {
    /// Classifies the statements of `script`.
    pub fn of(script: &Script, text: &str) -> Self {
        let mut contents = Contents {
            schema_only: true,
            drops_data: false,
        };
        for statement in &script.statements {
            match Header::parse(script.tokens_of(statement), text) {
                Header::Create(_) => {}
                Header::Drop(d) => {
                    contents.drops_data |= matches!(
                        d.kind,
                        crate::object::ObjectKind::Table | crate::object::ObjectKind::VirtualTable
                    );
                }
                Header::AlterTable(a) => {
                    contents.drops_data |= matches!(a.action, AlterAction::DropColumn(_));
                }
                _ => contents.schema_only = false,
            }
        }
        contents
    }
}

/// One analysed file.
#[derive(Clone, Debug)]
pub struct AnalysedFile {
    /// The file.
    pub file: SqlFile,
    /// Its directives.
    pub directives: Directives,
    /// Its checksum.
    pub checksum: String,
    /// The history checksum up to and including it ([`chain`]).
    pub chain: String,
    /// What kinds of statements it holds.
    pub contents: Contents,
}

/// The result of analysing a project.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The base schema, then each migration in version order.
    pub files: Vec<AnalysedFile>,
    /// Snapshots S0 … Sn.
    pub history: History,
    /// Every error found; empty when the project is sound.
    pub diagnostics: Vec<Diagnostic>,
    /// Every path read or listed, for rebuild tracking.
    pub read: Vec<PathBuf>,
}

impl Analysis {
    /// The sources, indexed like the files, for rendering diagnostics.
    pub fn sources(&self) -> Vec<SourceFile> {
        self.files.iter().map(|f| f.file.source.clone()).collect()
    }
}

/// Loads and analyses the project described by `input`.
pub fn analyse(input: &Input, functions: &[String], options: Options) -> Analysis {
    analyse_inputs(
        input,
        &Inputs::read(input),
        functions,
        options,
        &mut NoCheckpoints,
    )
}

/// Analyses the files `inputs` holds, as read for `input`.
pub fn analyse_inputs(
    input: &Input,
    inputs: &Inputs,
    functions: &[String],
    options: Options,
    points: &mut dyn Checkpoints,
) -> Analysis {
    let mut diags = Diagnostics::default();
    let loaded = parse(input, inputs, &mut diags);
    let mut analysis = analyse_files_with(loaded.files, functions, options, points);
    let mut all = diags.into_vec();
    all.append(&mut analysis.diagnostics);
    analysis.diagnostics = all;
    analysis.read = loaded.read;
    analysis
}

/// Analyses files already in memory (the base schema first).
pub fn analyse_files(files: Vec<SqlFile>, functions: &[String], options: Options) -> Analysis {
    analyse_files_with(files, functions, options, &mut NoCheckpoints)
}

/// [`analyse_files`], with the replay resuming from and leaving checkpoints.
pub fn analyse_files_with(
    files: Vec<SqlFile>,
    functions: &[String],
    options: Options,
    points: &mut dyn Checkpoints,
) -> Analysis {
    let mut diags = Diagnostics::default();
    let scripts: Vec<Script> = files
        .iter()
        .map(|f| Script::parse(&f.source.text))
        .collect();
    let directives: Vec<Directives> = files
        .iter()
        .enumerate()
        .map(|(id, f)| {
            let cx = Context {
                file: id,
                is_base: f.is_base(),
                anchor: f.anchor(),
            };
            Directives::parse(&f.source, cx, &mut diags)
        })
        .collect();
    // A migration with nothing in it was most likely never saved; one with
    // only comments is a deliberate no-op (e.g. keeping versions aligned
    // with another database's migrations).
    for (f, script) in files.iter().zip(&scripts) {
        let blank = f.source.text.chars().all(char::is_whitespace);
        if f.readable && !f.is_base() && script.statements.is_empty() && blank {
            diags.push(Diagnostic::new(
                Anchor::Migrations,
                format!("{} (`{}`) is empty", f.describe(), f.source.path),
                "write its SQL; if it is meant to do nothing, say why in a `--` comment",
            ));
        }
    }
    let history = match Replay::new(&files, functions, options.statement_timeout, &mut diags) {
        Ok(replay) => replay.run_with(&scripts, &directives, &mut diags, points),
        Err(e) => {
            diags.push(Diagnostic::new(
                Anchor::Base,
                format!("cannot open an in-memory SQLite database for the replay: {e}"),
                "this is a bug in schemaguard or its SQLite build: please report it",
            ));
            History {
                snapshots: 0,
                entries: Vec::new(),
            }
        }
    };
    let mut previous = crate::checksum::CHAIN_START.to_string();
    let files = files
        .into_iter()
        .zip(directives)
        .zip(&scripts)
        .map(|((file, directives), script)| {
            let checksum = checksum(&file.source.text);
            previous = chain(&previous, file.version, &checksum);
            AnalysedFile {
                chain: previous.clone(),
                checksum,
                contents: Contents::of(script, &file.source.text),
                file,
                directives,
            }
        })
        .collect();
    Analysis {
        files,
        history,
        diagnostics: diags.into_vec(),
        read: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{run, titles};

    #[test]
    fn a_blank_migration_is_an_error_but_a_comment_only_one_is_not() {
        let a = run(
            "CREATE TABLE t (a);",
            &[
                (1, "-- Kept so versions line up with the other database.\n"),
                (2, "  \r\n\t\n"),
            ],
        );
        assert_eq!(
            titles(&a),
            ["migration 002 (`migrations/002_m2.sql`) is empty"]
        );
    }

    #[test]
    fn an_empty_base_schema_and_no_migrations_are_accepted() {
        let a = run("", &[]);
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
        let a = run("-- nothing yet\n", &[(1, "CREATE TABLE t (a);")]);
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }
}
