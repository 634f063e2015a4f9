//! How other migration tools name their files, so `schema!` reads a
//! sqlx, refinery or diesel directory in place: which entries are
//! migrations, their version and name, and which layout a directory uses
//! when the macro call does not say.
//!
//! An *entry* is a path relative to the migrations directory, `/`-separated:
//! a file name (`001_users.sql`, `V1__users.sql`) or, for diesel, a
//! directory's `up.sql` (`2024-01-31-120000_users/up.sql`).

use crate::diagnostic::{Anchor, Diagnostic, Diagnostics};

/// A tool's way of naming migration files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// `<version>_<name>.sql`: schemaguard's own.
    Schemaguard,
    /// sqlx: `<version>_<name>.sql`, or `<version>_<name>.up.sql` with its
    /// `.down.sql` (ignored).
    Sqlx,
    /// refinery: `V<version>__<name>.sql`; `U<version>__<name>.sql`
    /// (unversioned) is refused.
    Refinery,
    /// diesel: a directory `<version>_<name>/` holding `up.sql` (read) and
    /// `down.sql` (ignored); dashes in the version are dropped.
    Diesel,
}

impl Layout {
    /// Every layout, in the order messages list them.
    pub const ALL: [Layout; 4] = [
        Layout::Schemaguard,
        Layout::Sqlx,
        Layout::Refinery,
        Layout::Diesel,
    ];

    /// The name `layout = "…"` takes.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Schemaguard => "schemaguard",
            Layout::Sqlx => "sqlx",
            Layout::Refinery => "refinery",
            Layout::Diesel => "diesel",
        }
    }

    /// The layout called `name` (exact spelling).
    pub fn from_name(name: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Whether directories with an `up.sql` are migrations.
    pub fn reads_directories(self) -> bool {
        self == Layout::Diesel
    }

    /// How a migration is named, for `help:` lines.
    fn pattern(self) -> &'static str {
        match self {
            Layout::Schemaguard => "`<version>_<name>.sql`, e.g. `003_add_tokens.sql`",
            Layout::Sqlx => {
                "`<version>_<name>.sql` or `<version>_<name>.up.sql` (with `.down.sql`, ignored), e.g. `20240131120000_add_tokens.sql`"
            }
            Layout::Refinery => "`V<version>__<name>.sql`, e.g. `V3__add_tokens.sql`",
            Layout::Diesel => {
                "a directory `<version>_<name>/` holding `up.sql`, e.g. `2024-01-31-120000_add_tokens/up.sql`"
            }
        }
    }
}

/// Which layout an entry's name suggests, when it suggests one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// `<digits>_<name>.sql`: schemaguard's and sqlx's.
    Plain,
    /// `<digits>_<name>.up.sql` / `.down.sql`: sqlx's reversible ones.
    Reversible,
    /// `V<digits>__…` / `U<digits>__…`.
    Refinery,
    /// `<dir>/up.sql`.
    Diesel,
}

impl Kind {
    fn of(entry: &str) -> Option<Kind> {
        if entry.contains('/') {
            return Some(Kind::Diesel);
        }
        if is_rust_migration(entry) {
            return Some(Kind::Refinery);
        }
        let stem = strip_sql(entry)?;
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(rest) = stem.strip_prefix(['V', 'U'])
            && digits(rest) > 0
            && rest[digits(rest)..].starts_with("__")
        {
            return Some(Kind::Refinery);
        }
        let n = digits(stem);
        if n == 0 || !stem[n..].starts_with('_') {
            return None;
        }
        let lower = stem.to_ascii_lowercase();
        if lower.ends_with(".up") || lower.ends_with(".down") {
            Some(Kind::Reversible)
        } else {
            Some(Kind::Plain)
        }
    }

    /// Whose layout this is, as a message says it.
    fn whose(self) -> &'static str {
        match self {
            Kind::Plain => "schemaguard's or sqlx's `<version>_<name>.sql`",
            Kind::Reversible => "sqlx's `<version>_<name>.up.sql`",
            Kind::Refinery => "refinery's `V<version>__<name>.sql`",
            Kind::Diesel => "diesel's `<version>_<name>/up.sql`",
        }
    }

    fn layout(self) -> Layout {
        match self {
            Kind::Plain => Layout::Schemaguard,
            Kind::Reversible => Layout::Sqlx,
            Kind::Refinery => Layout::Refinery,
            Kind::Diesel => Layout::Diesel,
        }
    }
}

/// Two entries of one directory that belong to different layouts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mixed {
    /// The first entry (by name) of one layout, and whose layout it is.
    pub first: (String, &'static str),
    /// The first entry of another layout.
    pub second: (String, &'static str),
}

/// The layout of a directory's entries (sorted by name): the one layout
/// every entry that looks like a migration fits. Entries that fit none
/// are left to [`entry`] to report; a directory with no migration at all
/// is schemaguard's.
pub fn detect<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Layout, Mixed> {
    let mut first: Vec<(Kind, &str)> = Vec::new();
    for entry in entries {
        if let Some(kind) = Kind::of(entry)
            && !first.iter().any(|(k, _)| *k == kind)
        {
            first.push((kind, entry));
        }
    }
    first.sort();
    // Plain names are also sqlx's: the two mix as sqlx.
    let clash = |(a, _): &(Kind, &str), (b, _): &(Kind, &str)| {
        !matches!((a, b), (Kind::Plain, Kind::Reversible))
    };
    for (i, a) in first.iter().enumerate() {
        if let Some(b) = first[i + 1..].iter().find(|b| clash(a, b)) {
            return Err(Mixed {
                first: (a.1.to_string(), a.0.whose()),
                second: (b.1.to_string(), b.0.whose()),
            });
        }
    }
    Ok(first
        .last()
        .map_or(Layout::Schemaguard, |(k, _)| k.layout()))
}

/// The error for a directory that mixes layouts; `dir` as shown.
pub fn mixed_error(dir: &str, mixed: &Mixed) -> Diagnostic {
    let names = Layout::ALL.map(|l| format!("\"{}\"", l.name())).join(", ");
    Diagnostic::new(
        Anchor::Migrations,
        format!(
            "the migrations directory `{dir}` mixes two tools' layouts: `{dir}/{}` is {}, `{dir}/{}` is {}",
            mixed.first.0, mixed.first.1, mixed.second.0, mixed.second.1
        ),
        format!(
            "rename the files so that one layout remains, or say which one it is (`layout = …`, one of {names}) to see every file that does not fit it"
        ),
    )
}

/// `entry` under `layout`: `Some((version, name))` for a migration,
/// `None` for an entry the layout ignores (a `.down.sql`) or one it
/// cannot read, which gets an error here. `shown` is the entry's path as
/// messages show it. Version 0 is returned with an error, so the file is
/// still replayed at its numeric position.
pub fn entry(
    layout: Layout,
    entry: &str,
    shown: &str,
    diags: &mut Diagnostics,
) -> Option<(u64, String)> {
    let bad = |why: String| {
        Diagnostic::new(
            Anchor::Migrations,
            format!("`{shown}` is not a valid migration file name: {why}"),
            format!(
                "name migrations {}; other file types (README.md, .gitkeep) are ignored",
                layout.pattern()
            ),
        )
    };
    let in_layout = |what: &str| match layout {
        Layout::Schemaguard => what.to_string(),
        other => format!("{what} in {}'s layout", other.name()),
    };
    if entry.contains('/') && layout != Layout::Diesel {
        diags.push(Diagnostic::new(
            Anchor::Migrations,
            format!(
                "`{shown}` is a diesel migration, but the layout said is {}'s",
                layout.name()
            ),
            "say `layout = \"diesel\"` if the directory is diesel's, or leave `layout` out to detect it; otherwise move the directory out of the migrations directory",
        ));
        return None;
    }
    let parsed = match layout {
        Layout::Schemaguard => plain(entry, false),
        Layout::Sqlx => {
            let lower = entry.to_ascii_lowercase();
            if lower.ends_with(".down.sql") && !entry.contains('/') {
                return None;
            }
            plain(entry, true)
        }
        Layout::Refinery if is_rust_migration(entry) => {
            diags.push(Diagnostic::new(
                Anchor::Migrations,
                format!("`{shown}` is a refinery migration written in Rust, which schemaguard cannot check or apply"),
                "schemaguard reads SQL: write the SQL it returns into a `.sql` file of the same name, or move it out of the directory",
            ));
            return None;
        }
        Layout::Refinery => refinery(entry, shown, diags)?,
        Layout::Diesel => diesel(entry),
    };
    let (digits, name) = match parsed {
        Ok(found) => found,
        Err(why) => {
            diags.push(bad(in_layout(why)));
            return None;
        }
    };
    let Ok(version) = digits
        .parse::<u64>()
        .map_err(drop)
        .and_then(|v| if v <= i64::MAX as u64 { Ok(v) } else { Err(()) })
    else {
        diags.push(bad(
            "the version number is too large for SQLite's INTEGER".into()
        ));
        return None;
    };
    if version == 0 {
        diags.push(version_zero(layout, entry, shown));
        // Still replayed, at its numeric position, so its other findings show.
    }
    Some((version, name))
}

/// The error for a migration numbered 0: the base schema's version.
fn version_zero(layout: Layout, entry: &str, shown: &str) -> Diagnostic {
    let help = if layout == Layout::Diesel
        && entry.starts_with("00000000000000_diesel_initial_setup/")
    {
        "diesel writes this directory for PostgreSQL only (its functions are PL/pgSQL, which SQLite cannot run): delete it, or, if you put this project's first tables in it, move them into a migration numbered from 1".to_string()
    } else {
        format!("renumber it from 1, or pass it as the base schema: `base = \"{shown}\"`")
    };
    Diagnostic::new(
        Anchor::Migrations,
        format!("`{shown}` has version 0, which is the base schema's"),
        help,
    )
}

/// Whether a file name is one of refinery's Rust migrations,
/// `V<digits>__<name>.rs` (or `U…`): [`crate::inputs`] lists those so that
/// they are refused rather than silently left out.
pub fn is_rust_migration(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".rs") else {
        return false;
    };
    let Some(rest) = stem.strip_prefix(['V', 'U']) else {
        return false;
    };
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    n > 0
        && rest[n..]
            .strip_prefix("__")
            .is_some_and(|name| !name.is_empty())
}

/// `name` without `.sql` (any case), if it ends so.
fn strip_sql(name: &str) -> Option<&str> {
    let cut = name.len().checked_sub(4)?;
    (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(".sql")).then(|| &name[..cut])
}

type Parsed = Result<(String, String), &'static str>;

/// `<digits>_<name>.sql`; with `up`, a `.up` before `.sql` is not part of
/// the name.
fn plain(entry: &str, up: bool) -> Parsed {
    let expected = "it must start with a version number, then `_` and a name";
    let stem = strip_sql(entry)
        .filter(|_| !entry.contains('/'))
        .ok_or(expected)?;
    let stem = match stem.len().checked_sub(3) {
        Some(cut)
            if up && stem.is_char_boundary(cut) && stem[cut..].eq_ignore_ascii_case(".up") =>
        {
            &stem[..cut]
        }
        _ => stem,
    };
    let n = stem.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = stem.split_at(n);
    match rest
        .strip_prefix('_')
        .filter(|name| !name.trim().is_empty())
    {
        Some(name) if n > 0 => Ok((digits.to_string(), name.to_string())),
        _ => Err(expected),
    }
}

/// `V<digits>__<name>.sql`; a `U` file is refused with its own error
/// (then `Err` is not used: the outer `None` says "reported").
fn refinery(entry: &str, shown: &str, diags: &mut Diagnostics) -> Option<Parsed> {
    let expected = "it must be `V`, a version number, `__` and a name";
    let Some(stem) = strip_sql(entry).filter(|_| !entry.contains('/')) else {
        return Some(Err(expected));
    };
    let (prefix, rest) = stem.split_at(stem.chars().next().map_or(0, char::len_utf8));
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, tail) = rest.split_at(n);
    let Some(name) = tail.strip_prefix("__").filter(|n| !n.trim().is_empty()) else {
        return Some(Err(expected));
    };
    match prefix {
        "V" if n > 0 => Some(Ok((digits.to_string(), name.to_string()))),
        "U" if n > 0 => {
            diags.push(Diagnostic::new(
                Anchor::Migrations,
                format!("`{shown}` is an unversioned refinery migration (`U` prefix), which schemaguard cannot apply"),
                format!(
                    "schemaguard checks one linear history: every migration has a version and runs once, in version order. Give it one: rename it `V<n>__{name}.sql`, with `n` where it belongs in that order (refinery reads `V` files too), or move it out of the directory"
                ),
            ));
            None
        }
        _ => Some(Err(expected)),
    }
}

/// `<version>_<name>/up.sql`, dashes in the version dropped.
fn diesel(entry: &str) -> Parsed {
    let expected = "it must be a directory `<version>_<name>/` holding `up.sql`";
    let dir = entry.strip_suffix("/up.sql").ok_or(expected)?;
    let (version, name) = dir.split_once('_').ok_or(expected)?;
    let digits: String = version.chars().filter(|c| *c != '-').collect();
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || name.trim().is_empty()
        || !version.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(expected);
    }
    Ok((digits, name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detected(entries: &[&str]) -> Result<Layout, Mixed> {
        detect(entries.iter().copied())
    }

    fn one(layout: Layout, e: &str) -> (Option<(u64, String)>, Vec<String>) {
        let mut diags = Diagnostics::default();
        let shown = format!("m/{e}");
        let found = entry(layout, e, &shown, &mut diags);
        let titles = diags.into_vec().into_iter().map(|d| d.title).collect();
        (found, titles)
    }

    fn ok(layout: Layout, e: &str) -> (u64, String) {
        let (found, errors) = one(layout, e);
        assert!(errors.is_empty(), "{e}: {errors:?}");
        found.unwrap_or_else(|| panic!("{e} was ignored"))
    }

    #[test]
    fn each_tool_is_detected_from_its_own_names() {
        assert_eq!(
            detected(&["001_a.sql", "002_b.sql"]),
            Ok(Layout::Schemaguard)
        );
        assert_eq!(
            detected(&["20240101000000_a.up.sql", "20240101000000_a.down.sql"]),
            Ok(Layout::Sqlx)
        );
        // sqlx allows simple and reversible migrations side by side.
        assert_eq!(
            detected(&["1_a.sql", "2_b.up.sql", "2_b.down.sql"]),
            Ok(Layout::Sqlx)
        );
        assert_eq!(detected(&["V1__a.sql", "V2__b.sql"]), Ok(Layout::Refinery));
        assert_eq!(detected(&["U1__a.sql"]), Ok(Layout::Refinery));
        assert_eq!(
            detected(&["2024-01-01-000000_a/up.sql"]),
            Ok(Layout::Diesel)
        );
        // Nothing that looks like a migration: schemaguard's rules report it.
        assert_eq!(detected(&["add_users.sql"]), Ok(Layout::Schemaguard));
        assert_eq!(detected(&[]), Ok(Layout::Schemaguard));
    }

    #[test]
    fn a_mixed_directory_names_one_entry_of_each_layout() {
        let mixed = detected(&["001_a.sql", "002_b.sql", "V3__c.sql", "V4__d.sql"]).unwrap_err();
        assert_eq!(mixed.first.0, "001_a.sql");
        assert_eq!(mixed.second.0, "V3__c.sql");
        assert!(mixed.second.1.starts_with("refinery's"));
        let mixed = detected(&["2024-01-01-000000_a/up.sql", "2_b.up.sql"]).unwrap_err();
        assert_eq!(mixed.first.0, "2_b.up.sql");
        assert_eq!(mixed.second.0, "2024-01-01-000000_a/up.sql");
        let e = mixed_error("migrations", &mixed);
        assert_eq!(
            e.title,
            "the migrations directory `migrations` mixes two tools' layouts: `migrations/2_b.up.sql` is sqlx's `<version>_<name>.up.sql`, `migrations/2024-01-01-000000_a/up.sql` is diesel's `<version>_<name>/up.sql`"
        );
    }

    #[test]
    fn layout_names_round_trip() {
        for l in Layout::ALL {
            assert_eq!(Layout::from_name(l.name()), Some(l));
        }
        assert_eq!(Layout::from_name("Sqlx"), None);
    }

    #[test]
    fn sqlx_names() {
        assert_eq!(
            ok(Layout::Sqlx, "20240131120000_add_users.sql"),
            (20240131120000, "add_users".into())
        );
        assert_eq!(
            ok(Layout::Sqlx, "20240131120000_add_users.up.sql"),
            (20240131120000, "add_users".into())
        );
        assert_eq!(
            one(Layout::Sqlx, "20240131120000_add_users.down.sql"),
            (None, vec![])
        );
        let (_, errors) = one(Layout::Sqlx, "add_users.up.sql");
        assert_eq!(
            errors,
            [
                "`m/add_users.up.sql` is not a valid migration file name: it must start with a version number, then `_` and a name in sqlx's layout"
            ]
        );
        // schemaguard's own layout keeps `.up` as part of the name.
        assert_eq!(ok(Layout::Schemaguard, "1_a.up.sql"), (1, "a.up".into()));
    }

    #[test]
    fn refinery_names() {
        assert_eq!(
            ok(Layout::Refinery, "V1__initial.sql"),
            (1, "initial".into())
        );
        assert_eq!(
            ok(Layout::Refinery, "V20__add_users.sql"),
            (20, "add_users".into())
        );
        let (found, errors) = one(Layout::Refinery, "U3__seed.sql");
        assert_eq!(found, None);
        assert_eq!(
            errors,
            [
                "`m/U3__seed.sql` is an unversioned refinery migration (`U` prefix), which schemaguard cannot apply"
            ]
        );
        for bad in [
            "V1_single.sql",
            "v1__lower.sql",
            "V__noversion.sql",
            "001_plain.sql",
            "V1__.sql",
        ] {
            let (found, errors) = one(Layout::Refinery, bad);
            assert_eq!(found, None, "{bad}");
            assert_eq!(errors.len(), 1, "{bad}");
            assert!(errors[0].contains("in refinery's layout"), "{errors:?}");
        }
    }

    #[test]
    fn refinerys_rust_migrations_are_refused_not_skipped() {
        assert!(is_rust_migration("V2__backfill.rs"));
        assert!(!is_rust_migration("mod.rs") && !is_rust_migration("V2_x.rs"));
        assert_eq!(detected(&["V1__a.sql", "V2__b.rs"]), Ok(Layout::Refinery));
        let (found, errors) = one(Layout::Refinery, "V2__backfill.rs");
        assert_eq!(found, None);
        assert_eq!(
            errors,
            [
                "`m/V2__backfill.rs` is a refinery migration written in Rust, which schemaguard cannot check or apply"
            ]
        );
    }

    #[test]
    fn a_diesel_directory_under_another_layout_is_refused() {
        for layout in [Layout::Schemaguard, Layout::Sqlx, Layout::Refinery] {
            let (found, errors) = one(layout, "2024-01-01-000000_users/up.sql");
            assert_eq!(found, None);
            assert_eq!(
                errors,
                [format!(
                    "`m/2024-01-01-000000_users/up.sql` is a diesel migration, but the layout said is {}'s",
                    layout.name()
                )]
            );
        }
    }

    #[test]
    fn diesel_names() {
        assert_eq!(
            ok(Layout::Diesel, "2024-01-31-120000_create_users/up.sql"),
            (20240131120000, "create_users".into())
        );
        assert_eq!(
            ok(Layout::Diesel, "20240131120000_create_users/up.sql"),
            (20240131120000, "create_users".into())
        );
        for bad in [
            "001_top_level.sql",
            "create_users/up.sql",
            "2024-01-31_/up.sql",
            "-1_x/up.sql",
        ] {
            let (found, errors) = one(Layout::Diesel, bad);
            assert_eq!(found, None, "{bad}");
            assert_eq!(errors.len(), 1, "{bad}");
        }
    }

    #[test]
    fn diesels_postgres_setup_directory_is_version_zero_with_its_own_help() {
        let mut diags = Diagnostics::default();
        let e = "00000000000000_diesel_initial_setup/up.sql";
        let found = entry(Layout::Diesel, e, &format!("migrations/{e}"), &mut diags);
        assert_eq!(found, Some((0, "diesel_initial_setup".into())));
        let d = &diags.as_slice()[0];
        assert_eq!(
            d.title,
            "`migrations/00000000000000_diesel_initial_setup/up.sql` has version 0, which is the base schema's"
        );
        assert!(
            d.help
                .starts_with("diesel writes this directory for PostgreSQL only")
        );
    }

    #[test]
    fn timestamps_fit_sqlite_integers_and_larger_ones_are_refused() {
        assert_eq!(
            ok(Layout::Sqlx, "9223372036854775807_max.sql").0,
            i64::MAX as u64
        );
        let (found, errors) = one(Layout::Diesel, "9223-37203-6854775808_over/up.sql");
        assert_eq!(found, None);
        assert!(errors[0].ends_with("the version number is too large for SQLite's INTEGER"));
    }

    /// The analysis cache sees diesel's `up.sql` files and `base = none`:
    /// an edit, a new directory, or another layout said is never answered
    /// from a stale entry.
    #[test]
    fn the_cache_covers_diesel_directories() {
        use crate::analysis::{Options, analyse};
        use crate::cache::{Location, Outcome, expansion_with_outcome};
        use crate::expansion::{Expansion, Outcome as Expanded};
        use crate::files::Input;

        let project = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let write = |entry: &str, sql: &str| {
            let path = project.path().join("migrations").join(entry);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, sql).unwrap();
        };
        write("2024-01-01-000000_users/up.sql", "CREATE TABLE users (id);");
        write("2024-01-01-000000_users/down.sql", "DROP TABLE users;");
        write("2024-02-01-000000_notes/up.sql", "CREATE TABLE notes (id);");
        let input = Input {
            root: project.path().to_path_buf(),
            migrations: "migrations".into(),
            no_base: true,
            ..Input::default()
        };
        let run = |input: &Input| {
            expansion_with_outcome(input, &[], Options::default(), Location::Disk(cache.path()))
        };
        let cold = |input: &Input| Expansion::of(&analyse(input, &[], Options::default()));
        let count = |e: &Expansion| match &e.outcome {
            Expanded::Schema { migrations, .. } => Ok(migrations.len()),
            Expanded::Errors(errors) => Err(errors.len()),
        };

        let (first, how) = run(&input);
        assert!(matches!(how, Outcome::Analysed { .. }), "{how:?}");
        assert_eq!(first, cold(&input));
        assert_eq!(count(&first), Ok(3));
        assert_eq!(run(&input), (first.clone(), Outcome::Memory));

        // Editing an `up.sql` (not a `down.sql`) changes the answer.
        write(
            "2024-01-01-000000_users/down.sql",
            "DROP TABLE users; -- edited",
        );
        assert_eq!(run(&input).0, first);
        write("2024-02-01-000000_notes/up.sql", "CREATE TABLE notes (id;");
        let (edited, how) = run(&input);
        assert!(matches!(how, Outcome::Analysed { .. }), "{how:?}");
        assert_eq!(count(&edited), Err(1));
        assert_eq!(edited, cold(&input));

        // A new directory, then the layout said otherwise.
        write("2024-02-01-000000_notes/up.sql", "CREATE TABLE notes (id);");
        write("2024-03-01-000000_tags/up.sql", "CREATE TABLE tags (id);");
        assert_eq!(count(&run(&input).0), Ok(4));
        let refinery = Input {
            layout: Some(Layout::Refinery),
            ..input.clone()
        };
        let (said, how) = run(&refinery);
        assert!(matches!(how, Outcome::Analysed { .. }), "{how:?}");
        assert_eq!(count(&said), Err(3));
    }
}
