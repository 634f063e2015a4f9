//! Times the compile-time analysis (`schema!` minus the macro plumbing) on
//! synthetic corpora of growing size, against the floor: SQLite alone
//! running the same SQL as one batch, measured in the same run.
//!
//! `cargo run --release -p schemaguard-bench --bin analysis`

use std::time::{Duration, Instant};

use schemaguard_bench::Corpus;
use schemaguard_core::analysis::{Options, analyse};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let root = std::env::temp_dir().join(format!("schemaguard-analysis-{}", std::process::id()));
    println!(
        "{:>6} {:>10} {:>12} {:>14} {:>12} {:>8}",
        "files", "SQL bytes", "median ms", "µs/migration", "floor ms", "ratio"
    );
    for n in [10, 100, 300, 1000] {
        let dir = root.join(n.to_string());
        let corpus = Corpus::generate(n);
        let input = corpus.project(&dir).expect("write corpus");
        let runs = (0..7)
            .map(|_| {
                let start = Instant::now();
                let analysis = analyse(&input, &[], Options::default());
                let elapsed = start.elapsed();
                assert!(analysis.diagnostics.is_empty(), "the corpus must be clean");
                elapsed
            })
            .collect();
        let m = median(runs);
        // The floor: SQLite alone executing the same SQL in one batch.
        let all = corpus.concatenated();
        let floor = median(
            (0..7)
                .map(|_| {
                    let conn = schemaguard_core::rusqlite::Connection::open_in_memory().unwrap();
                    let start = Instant::now();
                    conn.execute_batch(&all).expect("the corpus runs");
                    start.elapsed()
                })
                .collect(),
        );
        println!(
            "{n:>6} {:>10} {:>12.1} {:>14.0} {:>12.1} {:>8.2}",
            corpus.sql_len(),
            m.as_secs_f64() * 1e3,
            m.as_secs_f64() * 1e6 / n as f64,
            floor.as_secs_f64() * 1e3,
            m.as_secs_f64() / floor.as_secs_f64()
        );
    }
    std::fs::remove_dir_all(&root).ok();
}
