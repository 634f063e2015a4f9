//! What one `query!` costs the macro after the first, in-process: the
//! final schema from the process's memo, then the statement's analysis
//! (`describe`), for each of the benchmark's 200 queries over the
//! 300-migration corpus (median of 7 rounds); and, once, what the first
//! one costs (the final schema restored from the analysis cache's last
//! checkpoint).
//!
//! `cargo run --release -p schemaguard-bench --bin query_cost`
//!
//! This is the analysis alone; the `cargo check` of a crate with the
//! 200 calls is `bench/scripts/query-timing.sh`.

use std::time::{Duration, Instant};

use schemaguard_bench::{Corpus, queries};
use schemaguard_core::cache::{self, Location};
use schemaguard_core::query::{describe, schema};

const ROUNDS: usize = 7;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let work = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-query-cost")
        .join(std::process::id().to_string());
    let input = Corpus::generate(300)
        .project(&work.join("project"))
        .expect("write the corpus");
    let cache_dir = work.join("cache");
    let location = Location::Disk(&cache_dir);
    // Fills the cache, as `schema!` and the first build do.
    let _ = cache::expansion(&input, &[], Default::default(), location);
    // The first query of a process: the final schema from the cache's
    // checkpoint (this process's memory holds only the expansion).
    cache::forget_memory();
    let start = Instant::now();
    let first = schema::open(&input, &[], location).expect("the final schema");
    let first_ms = start.elapsed().as_secs_f64() * 1e3;
    drop(first);
    let statements = {
        let f = schema::open(&input, &[], location).expect("the final schema");
        let conn = f.conn.lock().expect("the connection");
        queries::statements(&conn, 200).expect("the queries")
    };
    let mut each = Vec::new();
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for sql in &statements {
            let f = schema::open(&input, &[], location).expect("the final schema");
            let conn = f.conn.lock().expect("the connection");
            describe(&conn, sql, None).expect("the query checks");
        }
        each.push(start.elapsed() / statements.len() as u32);
    }
    println!(
        "first query (the final schema from the cache's checkpoint): {:.2} ms; each later one: {:.3} ms (median of {ROUNDS} rounds of {} queries)",
        first_ms,
        median(each).as_secs_f64() * 1e3,
        statements.len()
    );
    std::fs::remove_dir_all(&work).ok();
}
