//! Where the final schema comes from: `[package.metadata.schemaguard]` of
//! the calling crate, else the defaults; the cache location `schema!`
//! uses.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use schemaguard_core::files::Input;
use schemaguard_core::query::metadata::{self, Metadata};
use schemaguard_core::query::schema::{self, Final, Unusable};

use crate::analyse::{cache_dir, location, root};

/// The final schema of the calling crate, or why there is none (a
/// message and a help).
pub fn final_schema() -> Result<Arc<Final>, (String, String)> {
    let root = root().map_err(|m| (m, "build the crate with cargo".to_string()))?;
    let meta = settings(&root).map_err(|m| {
        (
            format!("cannot read the schemaguard settings: {m}"),
            "fix `[package.metadata.schemaguard]` in Cargo.toml: `base = \"…\"` (or `false`), `migrations = \"…\"`, `layout = \"…\"`, `functions = [\"…\"]`".to_string(),
        )
    })?;
    let input = Input {
        root,
        base: meta.base().to_string(),
        migrations: meta.migrations().to_string(),
        no_base: meta.no_base,
        layout: meta.layout,
    };
    let dir = cache_dir();
    schema::open(&input, meta.functions(), location(&dir)).map_err(|u| match u {
        // The defaults, which are not there: `schema!(base = …)` with
        // other paths is the likely cause, and `query!` cannot see those.
        Unusable::Errors(_)
            if !meta.present
                && !input.root.join(&input.base).exists()
                && !input.root.join(&input.migrations).exists() =>
        {
            (
                format!(
                    "the query cannot be checked: it reads `{}` and `{}/` (the defaults), and neither exists",
                    input.base, input.migrations
                ),
                "`query!` reads where the SQL files are from `[package.metadata.schemaguard]` in Cargo.toml, not from `schema!`'s arguments: add it, e.g. `[package.metadata.schemaguard]` `base = \"db/schema.sql\"` `migrations = \"db/migrations\"`, and call `schema!()` without arguments".to_string(),
            )
        }
        Unusable::Errors(n) => (
            format!(
                "the query cannot be checked: the SQL files ({}`{}/`) have {n} error{}",
                if input.no_base {
                    String::new()
                } else {
                    format!("`{}`, ", input.base)
                },
                input.migrations,
                if n == 1 { "" } else { "s" }
            ),
            "`schemaguard::schema!()` reports them; fix them there (call it in this crate to see them here)".to_string(),
        ),
        Unusable::Sqlite(e) => (
            format!("cannot open the final schema in SQLite: {e}"),
            "this is a bug in schemaguard or its SQLite build: please report it".to_string(),
        ),
    })
}

/// `metadata::read`, parsed again only when `Cargo.toml` changed: every
/// `query!` of a crate asks, and parsing the manifest (TOML, in the
/// macro's unoptimised build) cost more than reading it.
fn settings(root: &Path) -> Result<Metadata, String> {
    type Parsed = (PathBuf, String, Metadata);
    static LAST: Mutex<Option<Parsed>> = Mutex::new(None);
    let path = root.join("Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return metadata::read(root);
    };
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((r, t, m)) = last.as_ref()
        && r == root
        && *t == text
    {
        return Ok(m.clone());
    }
    let parsed = metadata::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    *last = Some((root.to_path_buf(), text, parsed.clone()));
    Ok(parsed)
}
