#!/usr/bin/env bash
# Times `cargo check` of an application crate after one of its migrations
# was touched: schemaguard's `schema!` against refinery's
# `embed_migrations!`, on the same 300-migration corpus, in one run.
#
#   bench/scripts/check-timing.sh [runs]     (default 5; prints medians and the ratio)
#   SCHEMAGUARD_UNOPTIMISED=1 bench/scripts/check-timing.sh
#                          (without the README's recommended profile settings)
#
# Both applications live in one scratch workspace, so they share the same
# dependency builds (rusqlite 0.40 for both: refinery pins it) and only
# the application crate itself is re-checked each time.
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

corpus="$root/tests/fixtures/corpus300"
mkdir -p "$work/sg/src" "$work/rf/src" "$work/rf/migrations"
cat > "$work/Cargo.toml" <<TOML
[workspace]
members = ["sg", "rf"]
resolver = "2"
TOML
# What the README recommends an application add: the compile-time replay
# runs optimised even in debug builds.
optimised='
[profile.dev.package.schemaguard-core]
opt-level = 3
[profile.dev.package.libsqlite3-sys]
opt-level = 3'
if [ "${SCHEMAGUARD_UNOPTIMISED:-}" != 1 ]; then
    echo "$optimised" >> "$work/Cargo.toml"
fi
cat > "$work/sg/Cargo.toml" <<TOML
[package]
name = "app-schemaguard"
version = "0.0.0"
edition = "2024"
[dependencies]
schemaguard = { path = "$root/runtime" }
rusqlite = { version = "0.40", features = ["bundled"] }
TOML
cp -r "$corpus/schema.sql" "$corpus/migrations" "$work/sg/"
cat > "$work/sg/src/main.rs" <<'RS'
static SCHEMA: schemaguard::Schema = schemaguard::schema!();
fn main() {
    let mut conn = schemaguard::rusqlite::Connection::open_in_memory().unwrap();
    println!("{}", SCHEMA.migrate(&mut conn).unwrap());
}
RS
cat > "$work/rf/Cargo.toml" <<TOML
[package]
name = "app-refinery"
version = "0.0.0"
edition = "2024"
[dependencies]
refinery = { version = "0.10", features = ["rusqlite"] }
rusqlite = { version = "0.40", features = ["bundled"] }
TOML
# refinery's names: V<version>__<name>.sql; the base schema is V1.
cp "$corpus/schema.sql" "$work/rf/migrations/V1__base.sql"
for f in "$corpus"/migrations/*.sql; do
    name="$(basename "$f" .sql)"
    version="$((10#${name%%_*} + 1))"
    cp "$f" "$work/rf/migrations/V${version}__${name#*_}.sql"
done
cat > "$work/rf/src/main.rs" <<'RS'
mod embedded {
    refinery::embed_migrations!("migrations");
}
fn main() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    println!("{:?}", embedded::migrations::runner().run(&mut conn).unwrap().applied_migrations().len());
}
RS

cd "$work"
export CARGO_TARGET_DIR="$work/target"
echo "building dependencies once..." >&2
cargo check --workspace -q 2>/dev/null || cargo check --workspace
time_check() { # package file-to-touch
    local start end
    touch "$2"
    start=$(date +%s%N)
    cargo check -q -p "$1"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sg_times=(); rf_times=()
for i in $(seq "$runs"); do
    sg_times+=("$(time_check app-schemaguard sg/migrations/0150_step_0.sql)")
    rf_times+=("$(time_check app-refinery rf/migrations/V151__step_0.sql)")
done
sg=$(printf '%s\n' "${sg_times[@]}" | median)
rf=$(printf '%s\n' "${rf_times[@]}" | median)
mode="with the README's profile settings"
[ "${SCHEMAGUARD_UNOPTIMISED:-}" = 1 ] && mode="without profile settings"
echo "touch one of 300 migrations, then cargo check ($runs runs, median; $mode)"
echo "| schemaguard ms | refinery ms | schemaguard / refinery |"
echo "|---:|---:|---:|"
awk -v s="$sg" -v r="$rf" 'BEGIN { printf "| %d | %d | %.2f× |\n", s, r, s / r }'
echo "all runs: schemaguard ${sg_times[*]}; refinery ${rf_times[*]}" >&2
