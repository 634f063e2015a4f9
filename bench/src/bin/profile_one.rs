//! One analysis (or, with `FLOOR=1`, one plain batch of the same SQL) of a
//! corpus: a fixed workload for profilers that count instructions.
//!
//! `valgrind --tool=callgrind target/release/profile_one 300`

use schemaguard_bench::Corpus;
use schemaguard_core::analysis::{Options, analyse};
use schemaguard_core::rusqlite::Connection;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let corpus = Corpus::generate(n);
    if std::env::var_os("FLOOR").is_some() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(&corpus.concatenated())
            .expect("the corpus runs");
        return;
    }
    let dir = std::env::temp_dir().join(format!("schemaguard-profile-{}", std::process::id()));
    let input = corpus.project(&dir).expect("write corpus");
    let analysis = analyse(&input, &[], Options::default());
    std::fs::remove_dir_all(&dir).ok();
    assert!(analysis.diagnostics.is_empty(), "the corpus must be clean");
}
