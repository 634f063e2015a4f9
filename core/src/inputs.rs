//! The bytes of every input file, read once: the cache key is computed
//! from exactly what the analysis then parses, so a file edited between
//! the two can never be cached under the other's key.

use std::path::{Path, PathBuf};

use crate::files::{Input, io_reason};

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
/// migrations directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// The base schema.
    pub base: Read,
    /// `(file name, file)` of each `.sql` file in the migrations directory
    /// other than the base schema, sorted by name; or why the directory
    /// could not be listed. Other files (README.md, .gitkeep) are not read.
    pub migrations: Result<Vec<(String, Read)>, String>,
}

impl Inputs {
    /// Reads the files `input` names.
    pub fn read(input: &Input) -> Inputs {
        let base_path = input.root.join(&input.base);
        let dir = input.root.join(&input.migrations);
        let migrations = std::fs::read_dir(&dir)
            .map_err(|e| io_reason(&e))
            .map(|entries| {
                let mut names: Vec<(String, PathBuf)> = entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
                    .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                    .filter(|(name, _)| is_sql(name))
                    .collect();
                names.sort();
                // The base schema may live among the migrations
                // (`migrations/schema.sql`).
                let base = std::fs::canonicalize(&base_path).ok();
                let is_base = |p: &Path| base.is_some() && std::fs::canonicalize(p).ok() == base;
                names
                    .into_iter()
                    .filter(|(_, path)| !is_base(path))
                    .map(|(name, path)| (name, Read::of(path)))
                    .collect()
            });
        Inputs {
            base: Read::of(base_path),
            migrations,
        }
    }

    /// Every file in the order the analysis reads them: the base schema,
    /// then the migrations directory's `.sql` files by name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Read)> {
        let migrations = self.migrations.as_ref().map_or(&[][..], Vec::as_slice);
        std::iter::once(("", &self.base)).chain(migrations.iter().map(|(n, r)| (n.as_str(), r)))
    }
}

fn is_sql(file_name: &str) -> bool {
    Path::new(file_name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("sql"))
}
