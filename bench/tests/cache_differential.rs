//! The cached analysis equals a cold one after every edit a project goes
//! through: random sequences of edits over a generated history, each step
//! compared with a cold analysis — from a resumed replay, from memory and
//! from disk.

use std::path::Path;

use proptest::prelude::*;
use schemaguard_bench::Corpus;
use schemaguard_core::analysis::{Options, analyse};
use schemaguard_core::cache::{self, Location, Outcome};
use schemaguard_core::expansion::Expansion;
use schemaguard_core::files::Input;
use tempfile::TempDir;

/// Statements an edit appends: valid ones, and ones that break the build.
const SNIPPETS: &[&str] = &[
    "SELECT 1;",
    "CREATE TABLE added_{n} (a INTEGER);",
    "CREATE INDEX idx_added_{n} ON base_1(title);",
    "-- a comment {n}",
    "CREATE TABLE base_0 (a);",
    "SELEC {n};",
    "CREATE VIEW v_added_{n} AS SELECT missing_column FROM base_2;",
    "SELECT my_function({n});",
];

#[derive(Clone, Debug)]
enum Edit {
    Append(usize),
    Newest(usize),
    At(usize, usize),
    Delete(usize),
    Rename(usize),
    Renumber(usize),
    Base(usize),
    LineEndings(usize),
    Whitespace(usize),
    Functions(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let s = 0..SNIPPETS.len();
    prop_oneof![
        3 => s.clone().prop_map(Edit::Append),
        3 => s.clone().prop_map(Edit::Newest),
        2 => (any::<usize>(), s.clone()).prop_map(|(k, s)| Edit::At(k, s)),
        1 => any::<usize>().prop_map(Edit::Delete),
        1 => any::<usize>().prop_map(Edit::Rename),
        1 => any::<usize>().prop_map(Edit::Renumber),
        1 => s.prop_map(Edit::Base),
        1 => any::<usize>().prop_map(Edit::LineEndings),
        1 => any::<usize>().prop_map(Edit::Whitespace),
        1 => (0..3usize).prop_map(Edit::Functions),
    ]
}

struct Project {
    corpus: Corpus,
    functions: Vec<String>,
    counter: usize,
}

impl Project {
    /// A generated history of `n` migrations, the directory it is written
    /// to, a cache directory, and the input that reads it.
    fn new(n: usize) -> (TempDir, TempDir, Project, Input) {
        let project_dir = tempfile::tempdir().unwrap();
        let input = Input {
            root: project_dir.path().to_path_buf(),
            base: "schema.sql".into(),
            migrations: "migrations".into(),
            ..Default::default()
        };
        let project = Project {
            corpus: Corpus::generate(n),
            functions: Vec::new(),
            counter: 0,
        };
        (project_dir, tempfile::tempdir().unwrap(), project, input)
    }

    fn snippet(&mut self, s: usize) -> String {
        self.counter += 1;
        format!(
            "\n{}\n",
            SNIPPETS[s].replace("{n}", &self.counter.to_string())
        )
    }

    fn apply(&mut self, edit: &Edit) {
        let n = self.corpus.migrations.len();
        let at = |k: usize| if n == 0 { None } else { Some(k % n) };
        match *edit {
            Edit::Append(s) => {
                let version = self
                    .corpus
                    .migrations
                    .last()
                    .map_or(1, |(name, _)| version_of(name) + 1);
                let sql = self.snippet(s);
                let name = format!("{version:04}_appended_{}.sql", self.counter);
                self.corpus.migrations.push((name, sql));
            }
            Edit::Newest(s) => {
                if let Some(k) = n.checked_sub(1) {
                    let sql = self.snippet(s);
                    self.corpus.migrations[k].1.push_str(&sql);
                }
            }
            Edit::At(k, s) => {
                if let Some(k) = at(k) {
                    let sql = self.snippet(s);
                    self.corpus.migrations[k].1.push_str(&sql);
                }
            }
            Edit::Delete(k) => {
                if let Some(k) = at(k) {
                    self.corpus.migrations.remove(k);
                }
            }
            Edit::Rename(k) => {
                if let Some(k) = at(k) {
                    let name = &mut self.corpus.migrations[k].0;
                    *name = format!("{:04}_renamed.sql", version_of(name));
                }
            }
            Edit::Renumber(k) => {
                if let Some(k) = at(k) {
                    // Moves it behind its successor (or onto its version,
                    // a duplicate, which is an error the cache must repeat).
                    let name = &mut self.corpus.migrations[k].0;
                    let rest = name.split_once('_').map_or("", |(_, r)| r).to_string();
                    *name = format!("{:04}_{rest}", version_of(name) + 1);
                    self.corpus.migrations.sort();
                }
            }
            Edit::Base(s) => {
                let sql = self.snippet(s);
                self.corpus.base.push_str(&sql);
            }
            Edit::LineEndings(k) => {
                if let Some(k) = at(k) {
                    let sql = &mut self.corpus.migrations[k].1;
                    *sql = sql.replace("\r\n", "\n").replace('\n', "\r\n");
                }
            }
            Edit::Whitespace(k) => {
                if let Some(k) = at(k) {
                    self.corpus.migrations[k].1.push_str("  \n\t\n");
                }
            }
            Edit::Functions(f) => {
                self.functions = match f {
                    0 => vec![],
                    1 => vec!["my_function".into()],
                    _ => vec!["my_function".into(), "other".into()],
                };
            }
        }
    }

    fn write(&self, dir: &Path) {
        let _ = std::fs::remove_dir_all(dir.join("migrations"));
        self.corpus.write(dir).unwrap();
    }
}

/// Both tests clear the process's memory cache: one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn version_of(file_name: &str) -> u64 {
    file_name
        .split('_')
        .next()
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn cached_analysis_equals_cold_analysis_after_every_edit(
        edits in proptest::collection::vec(edit(), 1..8)
    ) {
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let (project_dir, cache_dir, mut project, input) = Project::new(40);
        let options = Options::default();
        let disk = Location::Disk(cache_dir.path());
        // A state the project was in before is served from disk.
        let mut seen = Vec::new();
        // The first step fills the cache; every later step is an edit.
        for edit in std::iter::once(None).chain(edits.iter().map(Some)) {
            if let Some(edit) = edit {
                project.apply(edit);
            }
            project.write(project_dir.path());
            let state = (project.corpus.base.clone(), project.corpus.migrations.clone(), project.functions.clone());
            let known = seen.contains(&state);
            seen.push(state);
            let f = &project.functions;
            let cold = Expansion::of(&analyse(&input, f, options));

            cache::forget_memory();
            let (resumed, how) = cache::expansion_with_outcome(&input, f, options, disk);
            prop_assert_eq!(&resumed, &cold, "after {:?}, analysed ({:?})", edit, how);
            prop_assert_eq!(known, how == Outcome::Disk, "{:?}", how);

            let (again, how) = cache::expansion_with_outcome(&input, f, options, disk);
            prop_assert_eq!(how, Outcome::Memory);
            prop_assert_eq!(&again, &cold);

            cache::forget_memory();
            let (stored, how) = cache::expansion_with_outcome(&input, f, options, disk);
            prop_assert_eq!(how, Outcome::Disk);
            prop_assert_eq!(&stored, &cold);
        }
    }
}

/// The edits the cache exists for replay only what changed.
#[test]
fn appending_or_editing_the_newest_migration_replays_only_that_file() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (project_dir, cache_dir, mut project, input) = Project::new(60);
    let run = |project: &Project| {
        project.write(project_dir.path());
        cache::forget_memory();
        let (expansion, how) = cache::expansion_with_outcome(
            &input,
            &[],
            Options::default(),
            Location::Disk(cache_dir.path()),
        );
        let cold = Expansion::of(&analyse(&input, &[], Options::default()));
        assert_eq!(expansion, cold);
        how
    };
    // Files: the base schema (0) and 60 migrations (1..=60).
    assert_eq!(run(&project), Outcome::Analysed { replayed_from: 0 });
    project.apply(&Edit::Append(1));
    assert_eq!(run(&project), Outcome::Analysed { replayed_from: 61 });
    project.apply(&Edit::Newest(0));
    assert_eq!(run(&project), Outcome::Analysed { replayed_from: 61 });
    // Migration 50: the nearest checkpoint below it is after file 48.
    project.apply(&Edit::At(49, 0));
    assert_eq!(run(&project), Outcome::Analysed { replayed_from: 49 });
    // A Rust-only edit: nothing changed, nothing replayed.
    assert_eq!(run(&project), Outcome::Disk);
}
