//! schemaguard against its peers, on one synthetic corpus, in one process.
//!
//! ```text
//! cargo run --release --manifest-path bench/peers/Cargo.toml            # the full run
//! cargo run --release --manifest-path bench/peers/Cargo.toml -- --smoke # 10 migrations, 1 run
//! cargo run --release --manifest-path bench/peers/Cargo.toml -- --only noop
//!     # one section: analysis, fresh, noop, detection or size
//! ```
//!
//! Every figure is the median of several runs, and every comparison is a
//! ratio to a contender measured in the same run (times vary from machine
//! to machine and minute to minute; ratios far less).

// The bench crate's library: this binary uses its corpus, not the rest
// (the `query!` benchmark's crate generator).
#[path = "../../src/lib.rs"]
#[allow(dead_code)]
mod corpus;

use std::path::Path;
use std::time::{Duration, Instant};

use corpus::Corpus;
use rusqlite::Connection;
use schemaguard::Schema;

static S10: Schema = schemaguard::schema!(base = "c10/schema.sql", migrations = "c10/migrations");
static S100: Schema =
    schemaguard::schema!(base = "c100/schema.sql", migrations = "c100/migrations");
static S300: Schema =
    schemaguard::schema!(base = "c300/schema.sql", migrations = "c300/migrations");
static S1000: Schema =
    schemaguard::schema!(base = "c1000/schema.sql", migrations = "c1000/migrations");
/// The demo application's schema: files of the size real projects have.
static DEMO: Schema =
    schemaguard::schema!(base = "demo/schema.sql", migrations = "demo/migrations");

/// One corpus size and everything measured on it.
struct Case {
    n: usize,
    schema: &'static Schema,
    corpus: Corpus,
    /// Base schema, then each migration: the SQL every contender runs.
    files: Vec<&'static str>,
}

impl Case {
    fn new(n: usize, schema: &'static Schema) -> Self {
        let corpus = Corpus::generate(n);
        let files = std::iter::once(corpus.base.clone())
            .chain(corpus.migrations.iter().map(|(_, s)| s.clone()))
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect();
        Case {
            n,
            schema,
            corpus,
            files,
        }
    }

    fn refinery(&self) -> Vec<refinery::Migration> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, sql)| {
                refinery::Migration::unapplied(&format!("V{}__m{i}", i + 1), sql)
                    .expect("refinery migration")
            })
            .collect()
    }

    fn rusqlite_migration(&self) -> rusqlite_migration::Migrations<'static> {
        rusqlite_migration::Migrations::new(
            self.files
                .iter()
                .map(|s| rusqlite_migration::M::up(s))
                .collect(),
        )
    }
}

fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[times.len() / 2]
}

/// The median of each contender, run in turns (one run of each, `runs`
/// times, after one untimed round), so that a machine getting slower or
/// faster during the run weighs on every contender alike.
fn medians_in_turns<const N: usize>(
    runs: usize,
    contenders: [&dyn Fn() -> Duration; N],
) -> [Duration; N] {
    for c in &contenders {
        c();
    }
    let mut times = [(); N].map(|_| Vec::with_capacity(runs));
    for _ in 0..runs {
        for (c, t) in contenders.iter().zip(&mut times) {
            t.push(c());
        }
    }
    times.map(|mut t| {
        t.sort();
        t[t.len() / 2]
    })
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64())
}

/// Times `work` on a fresh database file made by `prepare`.
fn on_file(prepare: impl Fn(&Path), work: impl Fn(&mut Connection)) -> Duration {
    on_file_after(prepare, |_| {}, work)
}

/// Times `work` on a database file made by `prepare`, after `setup` ran on
/// the same connection (not timed).
fn on_file_after(
    prepare: impl Fn(&Path),
    setup: impl Fn(&mut Connection),
    work: impl Fn(&mut Connection),
) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db.sqlite");
    prepare(&path);
    let mut conn = Connection::open(&path).expect("open");
    setup(&mut conn);
    let start = Instant::now();
    work(&mut conn);
    start.elapsed()
}

fn nothing(_: &Path) {}

fn open(path: &Path) -> Connection {
    Connection::open(path).expect("open")
}

fn floor(conn: &mut Connection, files: &[&str]) {
    let tx = conn.transaction().expect("begin");
    for sql in files {
        tx.execute_batch(sql).expect("floor batch");
    }
    tx.commit().expect("commit");
}

fn analysis(cases: &[Case], runs: usize) {
    println!("\n## Compile-time analysis (what `schema!` does), vs SQLite running the same SQL\n");
    println!("| migrations | analysis ms | µs per migration | floor ms | analysis / floor |");
    println!("|---:|---:|---:|---:|---:|");
    for case in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = case.corpus.project(dir.path()).expect("write corpus");
        let all = case.corpus.concatenated();
        let [a, f] = medians_in_turns(
            runs,
            [
                &|| {
                    let start = Instant::now();
                    let analysis =
                        schemaguard_core::analysis::analyse(&input, &[], Default::default());
                    let elapsed = start.elapsed();
                    assert!(analysis.diagnostics.is_empty());
                    elapsed
                },
                &|| {
                    let conn = Connection::open_in_memory().expect("memory");
                    let start = Instant::now();
                    conn.execute_batch(&all).expect("floor");
                    start.elapsed()
                },
            ],
        );
        println!(
            "| {} | {} | {:.0} | {} | {} |",
            case.n,
            ms(a),
            a.as_secs_f64() * 1e6 / case.n as f64,
            ms(f),
            ratio(a, f)
        );
    }
}

fn fresh_init(cases: &[Case], runs: usize) {
    println!("\n## Fresh database on disk: base schema and every migration\n");
    println!(
        "| migrations | floor ms | schemaguard ms | rusqlite_migration ms | refinery ms | schemaguard / floor | rusqlite_migration / floor | refinery / schemaguard | refinery grouped / schemaguard |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for case in cases {
        let migrations = case.rusqlite_migration();
        let refinery = case.refinery();
        let [f, s, r, q, qg] = medians_in_turns(
            runs,
            [
                &|| on_file(nothing, |c| floor(c, &case.files)),
                &|| {
                    on_file(nothing, |c| {
                        case.schema.migrate(c).expect("schemaguard");
                    })
                },
                &|| {
                    on_file(nothing, |c| {
                        migrations.to_latest(c).expect("rusqlite_migration")
                    })
                },
                &|| {
                    on_file(nothing, |c| {
                        refinery::Runner::new(&refinery).run(c).expect("refinery");
                    })
                },
                &|| {
                    on_file(nothing, |c| {
                        refinery::Runner::new(&refinery)
                            .set_grouped(true)
                            .run(c)
                            .expect("refinery grouped");
                    })
                },
            ],
        );
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            case.n,
            ms(f),
            ms(s),
            ms(r),
            ms(q),
            ratio(s, f),
            ratio(r, f),
            ratio(q, s),
            ratio(qg, s)
        );
    }
}

fn noop(cases: &[Case], runs: usize) {
    println!("\n## `migrate` on an up-to-date database (every start-up of an application)\n");
    println!(
        "A *cold* connection has just been opened: the first statement that reads a table makes SQLite parse the whole schema, which `PRAGMA user_version` (rusqlite_migration's bookkeeping) does not. A *warm* one has run a query already, as an application's connection soon has.\n"
    );
    println!(
        "| migrations | connection | schemaguard ms | rusqlite_migration ms | refinery ms | schemaguard / rusqlite_migration | schemaguard / refinery |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for case in cases {
        let migrations = case.rusqlite_migration();
        let refinery = case.refinery();
        for warm in [false, true] {
            let warm_up = |c: &mut Connection| {
                if warm {
                    c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                        r.get::<_, i64>(0)
                    })
                    .expect("warm up");
                }
            };
            let sg = |c: &mut Connection| {
                case.schema.migrate(c).expect("schemaguard");
            };
            let rm = |c: &mut Connection| migrations.to_latest(c).expect("rusqlite_migration");
            let rf = |c: &mut Connection| {
                refinery::Runner::new(&refinery).run(c).expect("refinery");
            };
            let time = |f: &dyn Fn(&mut Connection)| on_file_after(|p| f(&mut open(p)), warm_up, f);
            let [s, r, q] = medians_in_turns(runs, [&|| time(&sg), &|| time(&rm), &|| time(&rf)]);
            println!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                case.n,
                if warm { "warm" } else { "cold" },
                ms(s),
                ms(r),
                ms(q),
                ratio(s, r),
                ratio(s, q)
            );
        }
    }
}

fn detection(cases: &[Case], runs: usize) {
    println!("\n## Untracked database (made without schemaguard), detected from its schema\n");
    println!(
        "| migrations | detect at n ms | detect at n/2 + apply the rest ms | apply the same rest on a tracked database ms | untracked / tracked |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for case in cases {
        let raw = |k: usize| {
            move |path: &Path| {
                let c = Connection::open(path).expect("open");
                for sql in &case.files[..=k] {
                    c.execute_batch(sql).expect("raw");
                }
            }
        };
        let half = case.n / 2;
        let migrate = |c: &mut Connection| {
            case.schema.migrate(c).expect("detection");
        };
        let at_n = median(runs, || on_file(raw(case.n), migrate));
        // The same second half, on a database that records the first half.
        let tracked_half = |path: &Path| {
            raw(half)(path);
            let mut c = Connection::open(path).expect("open");
            case.schema
                .baseline(&mut c, case.schema.migrations()[half].version())
                .expect("baseline");
        };
        let [at_half, rest] = medians_in_turns(
            runs,
            [&|| on_file(raw(half), migrate), &|| {
                on_file(tracked_half, migrate)
            }],
        );
        println!(
            "| {} | {} | {} | {} | {} |",
            case.n,
            ms(at_n),
            ms(at_half),
            ms(rest),
            ratio(at_half, rest)
        );
    }
}

fn static_size(cases: &[Case]) {
    println!("\n## Size of the generated static vs the SQL it embeds\n");
    println!("| migrations | SQL bytes | static bytes | of which snapshots | static / SQL |");
    println!("|---:|---:|---:|---:|---:|");
    for case in cases {
        size_row(&case.n.to_string(), case.schema, case.corpus.sql_len());
    }
    let demo_sql = DEMO.migrations().iter().map(|m| m.sql().len()).sum();
    size_row("4 (the demo, `migrations/`)", &DEMO, demo_sql);
}

/// What `schema` embeds: each migration's descriptor and strings, the
/// encoded snapshots and the history checksum.
fn size_row(label: &str, schema: &Schema, sql: usize) {
    let migrations: usize = schema
        .migrations()
        .iter()
        .map(|m| {
            std::mem::size_of::<schemaguard::Migration>()
                + m.name().len()
                + m.file().len()
                + m.sql().len()
                + m.checksum().len()
                + m.replaces().iter().map(|r| r.len() + 16).sum::<usize>()
        })
        .sum();
    let forms = schema.__encoded_snapshots().len();
    // The history checksum of the whole list: 64 hex digits.
    let total = std::mem::size_of::<Schema>() + migrations + forms + 64;
    println!(
        "| {label} | {sql} | {total} | {forms} | {:.2}× |",
        total as f64 / sql as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let (runs, sizes): (usize, &[usize]) = if smoke {
        (1, &[10])
    } else {
        (7, &[10, 100, 300, 1000])
    };
    let all = [(10, &S10), (100, &S100), (300, &S300), (1000, &S1000)];
    let cases: Vec<Case> = all
        .iter()
        .filter(|(n, _)| sizes.contains(n))
        .map(|(n, s)| Case::new(*n, s))
        .collect();
    println!(
        "# schemaguard benchmarks ({} run{}, median; SQLite {})",
        runs,
        if runs == 1 { "" } else { "s" },
        rusqlite::version()
    );
    // `--only noop` (or any section's name) runs that section alone.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    type Section = fn(&[Case], usize);
    let sections: [(&str, Section); 5] = [
        ("analysis", analysis),
        ("fresh", fresh_init),
        ("noop", noop),
        ("detection", detection),
        ("size", |cases, _| static_size(cases)),
    ];
    for (name, section) in sections {
        if only.is_none_or(|o| o == name) {
            section(&cases, runs);
        }
    }
}
