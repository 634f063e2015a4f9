//! What one `query!` costs the macro after the first, in-process: the
//! final schema from the process's memo, then the statement's analysis
//! (`describe`), for each of the benchmark's 200 queries over the
//! 300-migration corpus (median of 7 rounds), with what it reads of the
//! schema's tables kept from query to query as in one compilation, and
//! read afresh for each query, the baseline; and, once, what the first
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
use schemaguard_core::query::catalog::{Catalog, Schema};
use schemaguard_core::query::{describe, describe_in, schema};

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
    let (mut kept, mut alone) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        // One compilation: one catalog, kept from statement to statement.
        let catalog = Catalog::default();
        let start = Instant::now();
        for sql in &statements {
            let f = schema::open(&input, &[], location).expect("the final schema");
            let conn = f.conn.lock().expect("the connection");
            let schema = Schema {
                conn: &conn,
                catalog: &catalog,
            };
            describe_in(schema, sql, None).expect("the query checks");
        }
        kept.push(start.elapsed() / statements.len() as u32);
        // The baseline: every statement reads the tables it uses afresh.
        let start = Instant::now();
        for sql in &statements {
            let f = schema::open(&input, &[], location).expect("the final schema");
            let conn = f.conn.lock().expect("the connection");
            describe(&conn, sql, None).expect("the query checks");
        }
        alone.push(start.elapsed() / statements.len() as u32);
    }
    let (kept, alone) = (median(kept), median(alone));
    println!(
        "first query (the final schema from the cache's checkpoint): {first_ms:.2} ms; \
         each later one: {:.3} ms with the catalog kept across the {n} queries, \
         {:.3} ms reading each query's tables afresh ({:.2}×; median of {ROUNDS} rounds of {n} queries)",
        kept.as_secs_f64() * 1e3,
        alone.as_secs_f64() * 1e3,
        kept.as_secs_f64() / alone.as_secs_f64(),
        n = statements.len()
    );
    std::fs::remove_dir_all(&work).ok();
}
