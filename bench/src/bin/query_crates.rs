//! Writes the `query!` benchmark's scratch workspace: the corpus, and one
//! application crate with `query` queries written with schemaguard's macros
//! (`app-macros`) and the same written with plain rusqlite (`app-plain`),
//! both with `schema!()` over the corpus.
//!
//! `cargo run --release -p schemaguard-bench --bin query_crates -- <dir> [queries] [migrations]`
//! (defaults 200 and 300); `bench/scripts/query-timing.sh` times them.

use std::path::{Path, PathBuf};

use schemaguard_bench::{Corpus, queries};
use schemaguard_core::cache::Location;
use schemaguard_core::query::schema;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: query_crates <directory> [queries] [migrations]");
        std::process::exit(2);
    };
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    let migrations: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(300);
    let corpus = Corpus::generate(migrations);
    let input = corpus
        .project(&dir.join("corpus"))
        .expect("write the corpus");
    let fin = schema::open(&input, &[], Location::Off)
        .unwrap_or_else(|e| panic!("the corpus's final schema: {e:?}"));
    let crates = {
        let conn = fin.conn.lock().expect("the final schema");
        queries::generate(&conn, count).unwrap_or_else(|e| panic!("{e}"))
    };
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.canonicalize().expect("the schemaguard crate");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"macros\", \"plain\"]\nresolver = \"2\"\n\n\
         # The README's recommended profile settings.\n\
         [profile.dev.package.schemaguard-core]\nopt-level = 3\n\
         [profile.dev.package.libsqlite3-sys]\nopt-level = 3\n\
         [profile.dev.package.sha2]\nopt-level = 3\n",
    )
    .expect("write the workspace");
    for (name, lib) in [("macros", &crates.macros), ("plain", &crates.plain)] {
        let krate = dir.join(name);
        corpus.write(&krate).expect("write the corpus");
        std::fs::create_dir_all(krate.join("src")).expect("create src");
        std::fs::write(
            krate.join("Cargo.toml"),
            format!(
                "[package]\nname = \"app-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
                 [dependencies]\nschemaguard = {{ path = {:?} }}\n",
                runtime.display().to_string()
            ),
        )
        .expect("write Cargo.toml");
        std::fs::write(krate.join("src/lib.rs"), lib).expect("write lib.rs");
    }
}
