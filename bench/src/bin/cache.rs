//! What the analysis cache saves, in-process: the cost of one `schema!`
//! expansion on synthetic corpora, cold (no cache, as before the cache
//! existed) against each case the cache serves, measured in the same run.
//!
//! `cargo run --release -p schemaguard-bench --bin cache`

use std::path::Path;
use std::time::{Duration, Instant};

use schemaguard_bench::Corpus;
use schemaguard_core::analysis::{Options, analyse};
use schemaguard_core::cache::{self, Location, Outcome};
use schemaguard_core::expansion::Expansion;

const RUNS: usize = 7;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

/// Times `step` RUNS times; `prepare` runs untimed before each.
fn time(mut prepare: impl FnMut(usize), mut step: impl FnMut() -> Outcome) -> (Duration, Outcome) {
    let mut outcome = Outcome::Memory;
    let runs = (0..RUNS)
        .map(|i| {
            prepare(i);
            let start = Instant::now();
            outcome = step();
            start.elapsed()
        })
        .collect();
    (median(runs), outcome)
}

fn main() {
    let work = tempfile_dir();
    println!("| migrations | scenario | median ms | × cold | what ran |\n|---:|---|---:|---:|---|");
    for n in [300, 1000] {
        let dir = work.join(format!("project-{n}"));
        let corpus = Corpus::generate(n);
        let input = corpus.project(&dir).expect("write corpus");
        let options = Options::default();
        let cold = median(
            (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    let e = Expansion::of(&analyse(&input, &[], options));
                    let elapsed = start.elapsed();
                    assert!(matches!(
                        e.outcome,
                        schemaguard_core::expansion::Outcome::Schema { .. }
                    ));
                    elapsed
                })
                .collect(),
        );
        let row = |scenario: &str, (d, outcome): (Duration, Outcome)| {
            println!(
                "| {n} | {scenario} | {} | {:.3} | {outcome:?} |",
                ms(d),
                d.as_secs_f64() / cold.as_secs_f64()
            );
        };
        row(
            "cold: no cache (the analysis alone)",
            (cold, Outcome::Analysed { replayed_from: 0 }),
        );
        let cache_dir = work.join(format!("cache-{n}"));
        let disk = Location::Disk(&cache_dir);
        let expand = || cache::expansion_with_outcome(&input, &[], options, disk).1;
        row(
            "cold: empty cache (analysis + writing checkpoints)",
            time(
                |_| {
                    cache::forget_memory();
                    let _ = std::fs::remove_dir_all(&cache_dir);
                },
                expand,
            ),
        );
        expand();
        row(
            "unchanged, in the same process (rust-analyzer)",
            time(|_| {}, expand),
        );
        row(
            "unchanged, new process (a Rust-only edit)",
            time(|_| cache::forget_memory(), expand),
        );
        let newest = dir.join("migrations").join(&corpus.migrations[n - 1].0);
        let middle = dir.join("migrations").join(&corpus.migrations[n / 2].0);
        let appended = dir
            .join("migrations")
            .join(format!("{:04}_appended.sql", n + 1));
        let edit = |path: &Path, original: &str, i: usize| {
            cache::forget_memory();
            std::fs::write(path, format!("{original}\nSELECT {i};\n")).unwrap();
        };
        row(
            "append a migration",
            time(
                |i| {
                    cache::forget_memory();
                    std::fs::write(&appended, format!("CREATE TABLE appended_{i} (a);")).unwrap();
                },
                expand,
            ),
        );
        std::fs::remove_file(&appended).unwrap();
        let newest_sql = &corpus.migrations[n - 1].1;
        row(
            "edit the newest migration",
            time(|i| edit(&newest, newest_sql, i), expand),
        );
        std::fs::write(&newest, newest_sql).unwrap();
        let middle_sql = &corpus.migrations[n / 2].1;
        row(
            "edit the middle migration",
            time(|i| edit(&middle, middle_sql, i), expand),
        );
        std::fs::write(&middle, middle_sql).unwrap();
        let size: u64 = std::fs::read_dir(cache_dir.join(format!("v{}", cache::key::FORMAT)))
            .map(|d| {
                d.flatten()
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0);
        eprintln!(
            "{n} migrations: the cache directory holds {:.1} MB",
            size as f64 / 1e6
        );
    }
    std::fs::remove_dir_all(&work).ok();
}

/// A scratch directory beside the build (`target/`), not in `/tmp`, so the
/// disk cache is measured on the disk a build uses.
fn tempfile_dir() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-cache")
        .join(std::process::id().to_string());
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}
