//! Where the final schema comes from: `[package.metadata.schemaguard]` of
//! the calling crate, else the defaults; the cache location `schema!`
//! uses.

use std::sync::Arc;

use schemaguard_core::files::Input;
use schemaguard_core::query::metadata;
use schemaguard_core::query::schema::{self, Final, Unusable};

use crate::analyse::{cache_dir, location, root};

/// The final schema of the calling crate, or why there is none (a
/// message and a help).
pub fn final_schema() -> Result<Arc<Final>, (String, String)> {
    let root = root().map_err(|m| (m, "build the crate with cargo".to_string()))?;
    let meta = metadata::read(&root).map_err(|m| {
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
