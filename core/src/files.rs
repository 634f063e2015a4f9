//! Finding and reading the SQL files (rule 5): the base schema and every
//! migration in the migrations directory, named `<digits>_<name>.sql` or
//! in another tool's layout (see [`crate::layout`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Anchor, Diagnostic, Diagnostics};
use crate::inputs::{Inputs, Read};
use crate::layout::{self, Layout};
use crate::source::SourceFile;

/// Where the SQL files are.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The crate directory paths are relative to.
    pub root: PathBuf,
    /// The base schema file, relative to `root` (not read when `no_base`).
    pub base: String,
    /// The migrations directory, relative to `root`.
    pub migrations: String,
    /// `base = none`: the project has no base schema (its first migration
    /// creates the tables). Version 0 is then the empty schema: an empty
    /// base file that is never read.
    pub no_base: bool,
    /// The migrations' layout; `None` detects it from the file names.
    pub layout: Option<Layout>,
}

/// The name the tracking table records for version 0 under `base = none`.
pub const NO_BASE_NAME: &str = "no_base_schema";

/// How messages and `Migration::file` show the base schema under `base = none`.
pub const NO_BASE_SHOWN: &str = "(no base schema)";

/// Which argument of `schema!` a file came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The base schema.
    Base,
    /// A numbered migration (even one misnumbered 0).
    Migration,
}

/// A SQL file that was read.
#[derive(Clone, Debug)]
pub struct SqlFile {
    /// The base schema or a migration.
    pub role: Role,
    /// 0 for the base schema, else the number in the file name.
    pub version: u64,
    /// The part after `<digits>_` without `.sql`; the base file's stem.
    pub name: String,
    /// The text and display path.
    pub source: SourceFile,
    /// Absolute path, for rebuild tracking.
    pub path: PathBuf,
    /// Whether it could be read; an unreadable file is an empty placeholder.
    pub readable: bool,
}

impl SqlFile {
    /// Whether this is the base schema.
    pub fn is_base(&self) -> bool {
        self.role == Role::Base
    }

    /// "the base schema" or "migration 002" (as the file name spells it).
    pub fn describe(&self) -> String {
        if self.is_base() {
            "the base schema".to_string()
        } else {
            // A diesel migration is its directory's `up.sql`.
            let mut parts = self.source.path.rsplit('/');
            let file = match parts.next().unwrap_or("") {
                "up.sql" => parts.next().unwrap_or(""),
                file => file,
            };
            let digits = file.split('_').next().unwrap_or("");
            format!("migration {digits}")
        }
    }

    /// The macro argument this file came from.
    pub fn anchor(&self) -> Anchor {
        if self.is_base() {
            Anchor::Base
        } else {
            Anchor::Migrations
        }
    }
}

/// The files of one project: the base schema first, then migrations in
/// version order (ties by file name, so every file is still replayed).
#[derive(Clone, Debug, Default)]
pub struct Files {
    /// The files, base first. A base schema that could not be read is an
    /// empty placeholder, so migrations still get checked.
    pub files: Vec<SqlFile>,
    /// Every path the analysis read or listed, for rebuild tracking.
    pub read: Vec<PathBuf>,
}

/// Files held in memory rather than read from disk (tests, fuzzing): the
/// base schema, then each `(version, sql)` as `migrations/<version>_m<version>.sql`.
pub fn in_memory(base: &str, migrations: &[(u64, &str)]) -> Vec<SqlFile> {
    let file = |role, version, name: String, path: String, sql: &str| SqlFile {
        role,
        version,
        name,
        source: SourceFile::new(path.clone(), sql),
        path: path.into(),
        readable: true,
    };
    let mut files = vec![file(
        Role::Base,
        0,
        "schema".into(),
        "schema.sql".into(),
        base,
    )];
    for (v, sql) in migrations {
        let path = format!("migrations/{v:03}_m{v}.sql");
        files.push(file(Role::Migration, *v, format!("m{v}"), path, sql));
    }
    files
}

/// Reads the base schema and the migrations directory.
pub fn load(input: &Input, diags: &mut Diagnostics) -> Files {
    parse(input, &Inputs::read(input), diags)
}

/// Turns the bytes [`Inputs::read`] found into files, reporting rule 5.
pub fn parse(input: &Input, inputs: &Inputs, diags: &mut Diagnostics) -> Files {
    let mut out = Files::default();
    if input.no_base {
        out.files.push(SqlFile {
            role: Role::Base,
            version: 0,
            name: NO_BASE_NAME.to_string(),
            source: SourceFile::new(NO_BASE_SHOWN, ""),
            path: PathBuf::new(),
            readable: true,
        });
    } else {
        let stem = Path::new(&input.base).file_stem().map_or_else(
            || "schema".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        out.push(0, stem, display(&input.base), &inputs.base, diags);
    }

    let dir_display = display(&input.migrations);
    let entries = match &inputs.migrations {
        Ok(entries) => entries,
        Err(reason) => {
            diags.push(Diagnostic::new(
                Anchor::Migrations,
                format!("cannot read the migrations directory `{dir_display}`: {reason}"),
                format!(
                    "the path is relative to the crate's directory (where Cargo.toml is); create `{dir_display}/` (it may be empty) or point `migrations = \"…\"` at the right place"
                ),
            ));
            return out;
        }
    };
    let layout = match input.layout {
        Some(layout) => layout,
        None => match layout::detect(entries.iter().map(|(name, _)| name.as_str())) {
            Ok(layout) => layout,
            Err(mixed) => {
                diags.push(layout::mixed_error(&dir_display, &mixed));
                out.read.push(input.root.join(&input.migrations));
                return out;
            }
        },
    };
    let mut found: BTreeMap<(u64, String), (String, &Read)> = BTreeMap::new();
    let mut versions: BTreeMap<u64, String> = BTreeMap::new();
    for (file_name, read) in entries {
        let shown = format!("{dir_display}/{file_name}");
        let Some((version, name)) = layout::entry(layout, file_name, &shown, diags) else {
            continue;
        };
        if let Some(first) = versions.get(&version) {
            diags.push(Diagnostic::new(
                Anchor::Migrations,
                format!("two migrations have version {version}: `{first}` and `{shown}`"),
                "versions must be unique: renumber one of them (both are still checked below)",
            ));
        } else {
            versions.insert(version, shown.clone());
        }
        found.insert((version, file_name.clone()), (name, read));
    }
    for ((version, file_name), (name, read)) in found {
        out.push(
            version,
            name,
            format!("{dir_display}/{file_name}"),
            read,
            diags,
        );
    }
    out.read.push(input.root.join(&input.migrations));
    out
}

impl Files {
    /// Appends one SQL file as [`Inputs::read`] found it; a file that
    /// could not be read or is not UTF-8 is appended as an unreadable
    /// placeholder, with an error.
    fn push(
        &mut self,
        version: u64,
        name: String,
        shown: String,
        read: &Read,
        diags: &mut Diagnostics,
    ) {
        let id = self.files.len();
        let mut file = SqlFile {
            role: if id == 0 { Role::Base } else { Role::Migration },
            version,
            name,
            source: SourceFile::new(shown, ""),
            path: read.path.clone(),
            readable: false,
        };
        let what = if file.is_base() {
            "base schema"
        } else {
            "migration"
        };
        let anchor = file.anchor();
        match &read.bytes {
            Err(reason) => {
                let help = if anchor != Anchor::Base {
                    "check the file's permissions"
                } else if file.source.path == "none" {
                    "to say that the project has no base schema, write `base = none`, without quotes"
                } else {
                    "the path is relative to the crate's directory (where Cargo.toml is); create the file or point `base = \"…\"` at it; a project whose first migration creates its tables says `base = none`"
                };
                diags.push(Diagnostic::new(
                    anchor,
                    format!("cannot read {what} `{}`: {reason}", file.source.path),
                    help,
                ));
            }
            Ok(bytes) => {
                self.read.push(file.path.clone());
                match std::str::from_utf8(bytes) {
                    Ok(text) => {
                        file.source = SourceFile::new(file.source.path, text);
                        file.readable = true;
                    }
                    Err(e) => {
                        let valid = e.valid_up_to();
                        let lossy = String::from_utf8_lossy(bytes).into_owned();
                        file.source = SourceFile::new(file.source.path, &lossy);
                        // A BOM shifts offsets by its three bytes.
                        let offset = valid.saturating_sub(lossy.len() - file.source.text.len());
                        diags.push(
                            Diagnostic::new(
                                anchor,
                                format!("{what} `{}` is not valid UTF-8", file.source.path),
                                "save the file as UTF-8: SQLite reads SQL text as UTF-8",
                            )
                            .label(
                                id,
                                offset..offset + 1,
                                "this byte is not UTF-8",
                            ),
                        );
                    }
                }
            }
        }
        self.files.push(file);
    }
}

/// An I/O error's reason without the platform's error code.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        std::io::ErrorKind::NotADirectory => "it is not a directory".to_string(),
        _ => e.to_string(),
    }
}

/// A relative path as shown in messages: `/`-separated, no `./`.
fn display(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./").trim_end_matches('/');
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &[u8])]) -> tempfile_lite::Dir {
        let dir = tempfile_lite::Dir::new();
        for (name, bytes) in files {
            let path = dir.0.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        std::fs::create_dir_all(dir.0.join("migrations")).unwrap();
        dir
    }

    /// A throwaway directory, removed on drop.
    mod tempfile_lite {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                use std::sync::atomic::{AtomicUsize, Ordering};
                static N: AtomicUsize = AtomicUsize::new(0);
                let p = std::env::temp_dir().join(format!(
                    "schemaguard-files-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::SeqCst)
                ));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn run(dir: &tempfile_lite::Dir) -> (Files, Vec<Diagnostic>) {
        run_with(dir, false, None)
    }

    #[test]
    fn orders_by_version_and_ignores_other_files() {
        let dir = project(&[
            ("schema.sql", b"\xEF\xBB\xBFCREATE TABLE a(x);"),
            ("migrations/10_ten.sql", b"SELECT 10;"),
            ("migrations/002_two.sql", b"SELECT 2;"),
            ("migrations/README.md", b"docs"),
            ("migrations/.gitkeep", b""),
        ]);
        let (files, errors) = run(&dir);
        assert!(errors.is_empty(), "{errors:?}");
        let v: Vec<_> = files
            .files
            .iter()
            .map(|f| (f.version, f.name.as_str()))
            .collect();
        assert_eq!(v, [(0, "schema"), (2, "two"), (10, "ten")]);
        assert_eq!(files.files[0].source.text, "CREATE TABLE a(x);");
        assert_eq!(files.files[1].describe(), "migration 002");
    }

    #[test]
    fn the_base_schema_may_sit_among_the_migrations() {
        let dir = project(&[
            ("migrations/schema.sql", b"CREATE TABLE a(x);"),
            ("migrations/001_b.sql", b"SELECT 1;"),
        ]);
        let input = Input {
            root: dir.0.clone(),
            base: "migrations/schema.sql".into(),
            migrations: "migrations".into(),
            ..Default::default()
        };
        let mut diags = Diagnostics::default();
        let files = load(&input, &mut diags);
        assert!(diags.is_empty(), "{:?}", diags.as_slice());
        assert_eq!(files.files.len(), 2);
    }

    #[test]
    fn bad_names_and_duplicates_are_errors() {
        let dir = project(&[
            ("schema.sql", b""),
            ("migrations/add_users.sql", b""),
            ("migrations/3-x.sql", b""),
            ("migrations/004_.sql", b""),
            ("migrations/005_a.sql", b"SELECT 1;"),
            ("migrations/5_b.SQL", b"SELECT 2;"),
            ("migrations/0000_init.sql", b"SELECT 0;"),
        ]);
        let (files, errors) = run(&dir);
        let titles: Vec<_> = errors.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles.len(), 5, "{titles:#?}");
        assert!(
            titles
                .iter()
                .any(|t| t.contains("`migrations/add_users.sql` is not a valid"))
        );
        assert!(titles.iter().any(|t| t.contains("`migrations/3-x.sql`")));
        assert!(titles.iter().any(|t| t.contains("`migrations/004_.sql`")));
        assert!(
            titles
                .iter()
                .any(|t| t.contains("two migrations have version 5"))
        );
        assert!(titles.iter().any(|t| t.contains("has version 0")));
        // Both version-5 files and the version-0 file are still replayed.
        assert_eq!(files.files.len(), 4);
    }

    #[test]
    fn missing_paths_name_the_path() {
        let dir = tempfile_lite::Dir::new();
        let (_, errors) = run(&dir);
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors[0].title,
            "cannot read base schema `schema.sql`: no such file or directory"
        );
        assert_eq!(
            errors[1].title,
            "cannot read the migrations directory `migrations`: no such file or directory"
        );
    }

    #[test]
    fn invalid_utf8_reports_line_and_column() {
        let dir = project(&[
            ("schema.sql", b""),
            ("migrations/001_a.sql", b"SELECT 1;\nSELECT '\xff';"),
        ]);
        let (files, errors) = run(&dir);
        assert_eq!(
            errors[0].title,
            "migration `migrations/001_a.sql` is not valid UTF-8"
        );
        let label = &errors[0].labels[0];
        assert_eq!(
            files.files[label.file].source.location(label.span.start),
            "migrations/001_a.sql:2:9"
        );
        assert!(!files.files[1].readable);
    }

    #[test]
    fn a_directory_as_base_and_a_file_as_migrations_name_the_path() {
        let dir = project(&[("schema.sql", b""), ("not_a_dir.sql", b"SELECT 1;")]);
        let input = Input {
            root: dir.0.clone(),
            base: "migrations".into(),
            migrations: "not_a_dir.sql".into(),
            ..Default::default()
        };
        let mut diags = Diagnostics::default();
        load(&input, &mut diags);
        let titles: Vec<_> = diags.as_slice().iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "cannot read base schema `migrations`: it is a directory",
                "cannot read the migrations directory `not_a_dir.sql`: it is not a directory",
            ]
        );
    }

    #[test]
    fn a_version_too_large_for_sqlite_is_an_error() {
        let dir = project(&[
            ("schema.sql", b""),
            ("migrations/9223372036854775807_max.sql", b"SELECT 1;"),
            ("migrations/9223372036854775808_over.sql", b"SELECT 2;"),
            ("migrations/99999999999999999999999_huge.sql", b"SELECT 3;"),
        ]);
        let (files, errors) = run(&dir);
        let titles: Vec<_> = errors.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles.len(), 2, "{titles:#?}");
        assert!(
            titles
                .iter()
                .all(|t| t.ends_with("the version number is too large for SQLite's INTEGER")),
            "{titles:#?}"
        );
        // i64::MAX itself is a valid version.
        assert_eq!(files.files.last().unwrap().version, i64::MAX as u64);
    }

    #[test]
    fn subdirectories_are_not_read() {
        let dir = project(&[
            ("schema.sql", b""),
            ("migrations/001_a.sql", b"SELECT 1;"),
            ("migrations/old/001_a.sql", b"SELECT 'old';"),
            ("migrations/002_dir.sql/x.sql", b"SELECT 2;"),
        ]);
        let (files, errors) = run(&dir);
        assert!(errors.is_empty(), "{errors:?}");
        let v: Vec<_> = files.files.iter().map(|f| f.version).collect();
        assert_eq!(v, [0, 1]);
    }

    #[test]
    fn a_base_schema_that_is_not_utf8_is_an_error() {
        let dir = project(&[("schema.sql", b"CREATE TABLE t (a);\n-- caf\xe9\n")]);
        let (files, errors) = run(&dir);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].title,
            "base schema `schema.sql` is not valid UTF-8"
        );
        let label = &errors[0].labels[0];
        assert_eq!(
            files.files[label.file].source.location(label.span.start),
            "schema.sql:2:7"
        );
    }

    fn run_with(
        dir: &tempfile_lite::Dir,
        no_base: bool,
        layout: Option<Layout>,
    ) -> (Files, Vec<Diagnostic>) {
        let input = Input {
            root: dir.0.clone(),
            base: "schema.sql".into(),
            migrations: "migrations".into(),
            no_base,
            layout,
        };
        let mut diags = Diagnostics::default();
        let files = load(&input, &mut diags);
        (files, diags.into_vec())
    }

    fn versions(files: &Files) -> Vec<(u64, &str, &str)> {
        files
            .files
            .iter()
            .map(|f| (f.version, f.name.as_str(), f.source.path.as_str()))
            .collect()
    }

    #[test]
    fn base_none_is_an_empty_version_0_that_reads_no_file() {
        // A `schema.sql` exists but is not read: `none` means none.
        let dir = project(&[
            ("schema.sql", b"CREATE TABLE ignored (x);"),
            ("migrations/001_users.sql", b"CREATE TABLE users (id);"),
        ]);
        let (files, errors) = run_with(&dir, true, None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            versions(&files),
            [
                (0, NO_BASE_NAME, NO_BASE_SHOWN),
                (1, "users", "migrations/001_users.sql")
            ]
        );
        assert!(files.files[0].is_base() && files.files[0].readable);
        assert_eq!(files.files[0].source.text, "");
        // Nothing to track but the migration and the directory.
        assert!(!files.read.contains(&dir.0.join("schema.sql")));
        assert_eq!(files.read.len(), 2, "{:?}", files.read);
    }

    #[test]
    fn a_missing_base_file_stays_an_error_and_its_help_mentions_none() {
        let dir = project(&[("migrations/001_users.sql", b"CREATE TABLE users (id);")]);
        let (_, errors) = run_with(&dir, false, None);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].help.ends_with("says `base = none`"),
            "{}",
            errors[0].help
        );
        let input = Input {
            root: dir.0.clone(),
            base: "none".into(),
            migrations: "migrations".into(),
            ..Default::default()
        };
        let mut diags = Diagnostics::default();
        load(&input, &mut diags);
        assert_eq!(
            diags.as_slice()[0].help,
            "to say that the project has no base schema, write `base = none`, without quotes"
        );
    }

    #[test]
    fn each_tools_layout_is_read_in_place_and_detected() {
        let sqlx = project(&[
            (
                "migrations/20240101000000_users.up.sql",
                b"CREATE TABLE users (id);",
            ),
            (
                "migrations/20240101000000_users.down.sql",
                b"DROP TABLE users;",
            ),
            (
                "migrations/20240202000000_notes.sql",
                b"CREATE TABLE notes (id);",
            ),
        ]);
        let refinery = project(&[
            ("migrations/V1__users.sql", b"CREATE TABLE users (id);"),
            ("migrations/V2__notes.sql", b"CREATE TABLE notes (id);"),
        ]);
        let diesel = project(&[
            ("migrations/.keep", b""),
            (
                "migrations/2024-01-01-000000_users/up.sql",
                b"CREATE TABLE users (id);",
            ),
            (
                "migrations/2024-01-01-000000_users/down.sql",
                b"DROP TABLE users;",
            ),
            (
                "migrations/2024-02-02-000000_notes/up.sql",
                b"CREATE TABLE notes (id);",
            ),
            (
                "migrations/2024-02-02-000000_notes/down.sql",
                b"DROP TABLE notes;",
            ),
        ]);
        let expected: [(&tempfile_lite::Dir, Layout, [&str; 2], u64); 3] = [
            (
                &sqlx,
                Layout::Sqlx,
                ["20240101000000_users.up.sql", "20240202000000_notes.sql"],
                20240101000000,
            ),
            (
                &refinery,
                Layout::Refinery,
                ["V1__users.sql", "V2__notes.sql"],
                1,
            ),
            (
                &diesel,
                Layout::Diesel,
                [
                    "2024-01-01-000000_users/up.sql",
                    "2024-02-02-000000_notes/up.sql",
                ],
                20240101000000,
            ),
        ];
        for (dir, layout, paths, first) in expected {
            for said in [None, Some(layout)] {
                let (files, errors) = run_with(dir, true, said);
                assert!(errors.is_empty(), "{layout:?} {said:?}: {errors:?}");
                let got = versions(&files);
                assert_eq!(got.len(), 3, "{got:?}");
                assert_eq!(got[1].0, first);
                assert_eq!((got[1].1, got[2].1), ("users", "notes"));
                assert_eq!(got[1].2, format!("migrations/{}", paths[0]));
                assert_eq!(got[2].2, format!("migrations/{}", paths[1]));
                assert_eq!(
                    files.files[1].describe(),
                    format!("migration {}", paths[0].split('_').next().unwrap())
                );
                // Tracked for rebuilds: the two migrations and the directory.
                assert_eq!(files.read.len(), 3, "{:?}", files.read);
            }
        }
    }

    #[test]
    fn a_mixed_directory_is_one_error_naming_a_file_of_each() {
        let dir = project(&[
            ("migrations/001_users.sql", b"CREATE TABLE users (id);"),
            ("migrations/V2__notes.sql", b"CREATE TABLE notes (id);"),
        ]);
        let (files, errors) = run_with(&dir, true, None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .title
                .contains("`migrations/001_users.sql` is schemaguard's or sqlx's")
        );
        assert!(
            errors[0]
                .title
                .contains("`migrations/V2__notes.sql` is refinery's")
        );
        assert_eq!(files.files.len(), 1);
        // Said explicitly, each file that does not fit is named instead.
        let (files, errors) = run_with(&dir, true, Some(Layout::Refinery));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .title
                .starts_with("`migrations/001_users.sql` is not a valid migration file name")
        );
        assert_eq!(files.files.len(), 2);
    }

    #[test]
    fn a_diesel_directory_without_up_sql() {
        let dir = project(&[
            (
                "migrations/2024-01-01-000000_users/up.sql",
                b"CREATE TABLE users (id);",
            ),
            (
                "migrations/2024-02-02-000000_notes/down.sql",
                b"DROP TABLE notes;",
            ),
        ]);
        // Detected: a directory without `up.sql` is not a migration.
        let (files, errors) = run_with(&dir, true, None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files.files.len(), 2);
        // Said: it is one that cannot be read.
        let (_, errors) = run_with(&dir, true, Some(Layout::Diesel));
        assert_eq!(
            errors[0].title,
            "cannot read migration `migrations/2024-02-02-000000_notes/up.sql`: no such file or directory"
        );
    }

    #[test]
    fn a_diesel_directory_under_another_layout_said_is_refused() {
        let dir = project(&[
            ("migrations/001_a.sql", b"SELECT 1;"),
            ("migrations/old/001_a.sql", b"SELECT 'old';"),
            (
                "migrations/2024-01-01-000000_users/up.sql",
                b"CREATE TABLE users (id);",
            ),
        ]);
        let (files, errors) = run_with(&dir, true, Some(Layout::Schemaguard));
        let titles: Vec<_> = errors.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "`migrations/2024-01-01-000000_users/up.sql` is a diesel migration, but the layout said is schemaguard's"
            ]
        );
        // A directory without `up.sql` is still not looked into.
        assert_eq!(files.files.len(), 2);
    }

    #[test]
    fn refinerys_rust_migrations_are_refused_not_skipped() {
        let dir = project(&[
            ("migrations/V1__users.sql", b"CREATE TABLE users (id);"),
            (
                "migrations/V2__backfill.rs",
                b"pub fn migration() -> String { String::new() }",
            ),
            ("migrations/mod.rs", b"mod x;"),
        ]);
        for said in [None, Some(Layout::Refinery)] {
            let (files, errors) = run_with(&dir, true, said);
            let titles: Vec<_> = errors.iter().map(|e| e.title.as_str()).collect();
            assert_eq!(
                titles,
                [
                    "`migrations/V2__backfill.rs` is a refinery migration written in Rust, which schemaguard cannot check or apply"
                ]
            );
            assert_eq!(files.files.len(), 2);
        }
        // Other layouts do not list `.rs` files at all.
        let (_, errors) = run_with(&dir, true, Some(Layout::Schemaguard));
        assert_eq!(errors.len(), 1, "{errors:?}"); // `V1__users.sql` is not schemaguard's
    }
}
