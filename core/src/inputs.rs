//! The bytes of every input file, read once: the cache key is computed
//! from exactly what the analysis then parses, so a file edited between
//! the two can never be cached under the other's key.

use std::path::{Path, PathBuf};

use crate::files::{Input, io_reason};
use crate::layout::{Layout, is_rust_migration};

/// One file as read from disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// Absolute path, for rebuild tracking.
    pub path: PathBuf,
    /// Its bytes, or why they could not be read (as shown to the user).
    pub bytes: Result<Vec<u8>, String>,
}

impl Read {
    fn of(path: PathBuf) -> Read {
        let bytes = std::fs::read(&path).map_err(|e| io_reason(&e));
        Read { path, bytes }
    }
}

/// Everything `schema!` reads: the base schema and every `.sql` file of the
/// migrations directory, and, when the layout may be diesel's, each
/// subdirectory's `up.sql`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// The base schema.
    pub base: Read,
    /// `(entry, file)` of each `.sql` file in the migrations directory
    /// (and of each refinery Rust migration, `V<n>__<name>.rs`, to refuse it)
    /// other than the base schema, sorted by entry; or why the directory
    /// could not be listed. Other files (README.md, .gitkeep) are not read.
    /// The entry is the file name, or `<subdirectory>/up.sql` for diesel's
    /// layout (see [`crate::layout`]).
    pub migrations: Result<Vec<(String, Read)>, String>,
}

impl Inputs {
    /// Reads the files `input` names.
    pub fn read(input: &Input) -> Inputs {
        let base_path = input.root.join(&input.base);
        let dir = input.root.join(&input.migrations);
        // Diesel's migrations are directories: read each one's `up.sql`.
        // When the call says diesel, a directory without one is an error;
        // otherwise it is not a migration, and an `up.sql` under another
        // layout is refused (rather than the history silently empty).
        // refinery's Rust migrations are listed, to be refused.
        let rust = matches!(input.layout, None | Some(Layout::Refinery));
        let required = input.layout.is_some_and(Layout::reads_directories);
        let migrations = std::fs::read_dir(&dir)
            .map_err(|e| io_reason(&e))
            .map(|entries| {
                let mut names: Vec<(String, PathBuf)> = Vec::new();
                for e in entries.filter_map(Result::ok) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                    if !is_dir && (is_sql(&name) || rust && is_rust_migration(&name)) {
                        names.push((name, e.path()));
                    } else if is_dir {
                        let up = e.path().join("up.sql");
                        if required || up.is_file() {
                            names.push((format!("{name}/up.sql"), up));
                        }
                    }
                }
                names.sort();
                // The base schema may live among the migrations
                // (`migrations/schema.sql`). Only a file of its name is
                // resolved: resolving every path costs a system call per
                // path component, on every expansion.
                let base = (!input.no_base)
                    .then(|| std::fs::canonicalize(&base_path).ok())
                    .flatten();
                let base_name = base_path.file_name();
                let is_base = |p: &Path| {
                    base.is_some()
                        && p.file_name() == base_name
                        && std::fs::canonicalize(p).ok() == base
                };
                let names: Vec<(String, PathBuf)> = names
                    .into_iter()
                    .filter(|(_, path)| !is_base(path))
                    .collect();
                read_all(names)
            });
        let base = if input.no_base {
            // `base = none`: nothing to read, and nothing to track.
            Read {
                path: PathBuf::new(),
                bytes: Ok(Vec::new()),
            }
        } else {
            Read::of(base_path)
        };
        Inputs { base, migrations }
    }

    /// Every file in the order the analysis reads them: the base schema,
    /// then the migrations directory's `.sql` files by name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Read)> {
        let migrations = self.migrations.as_ref().map_or(&[][..], Vec::as_slice);
        std::iter::once(("", &self.base)).chain(migrations.iter().map(|(n, r)| (n.as_str(), r)))
    }
}

/// Reads every file, on one thread per 128 files up to the machine's
/// cores: a thousand small files cost about 5 ms of system calls on one
/// thread, paid on every expansion, even when the cache has the answer.
fn read_all(names: Vec<(String, PathBuf)>) -> Vec<(String, Read)> {
    const PER_THREAD: usize = 128;
    let threads = names
        .len()
        .div_ceil(PER_THREAD)
        .min(std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let chunk = names.len().div_ceil(threads).max(1);
    let read = |part: &[(String, PathBuf)]| -> Vec<Read> {
        part.iter()
            .map(|(_, path)| Read::of(path.clone()))
            .collect()
    };
    // This thread reads the first part; one more thread per other part.
    let reads: Vec<Read> = std::thread::scope(|scope| {
        let others: Vec<_> = names
            .chunks(chunk)
            .skip(1)
            .map(|part| {
                let spawned = std::thread::Builder::new().spawn_scoped(scope, move || read(part));
                (part, spawned)
            })
            .collect();
        let mut reads = read(&names[..chunk.min(names.len())]);
        for (part, spawned) in others {
            // No thread to be had, or it failed: read the part here.
            reads.extend(
                spawned
                    .ok()
                    .and_then(|handle| handle.join().ok())
                    .unwrap_or_else(|| read(part)),
            );
        }
        reads
    });
    names.into_iter().map(|(name, _)| name).zip(reads).collect()
}

fn is_sql(file_name: &str) -> bool {
    Path::new(file_name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("sql"))
}
