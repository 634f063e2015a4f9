#!/usr/bin/env bash
# Times `cargo check` of an application crate after each kind of edit a
# developer makes: schemaguard's `schema!` against refinery's
# `embed_migrations!`, on the same generated corpus, in one run.
#
#   bench/scripts/check-timing.sh [runs] [migrations]
#                          (defaults 5 and 300; prints medians and ratios)
#   SCHEMAGUARD_UNOPTIMISED=1 bench/scripts/check-timing.sh
#                          (without the README's recommended profile settings)
#
# Scenarios: a Rust-only edit (touch src/main.rs); a new migration (both
# crates have a build.rs that watches the directory); an edit of the
# newest and of the middle migration (each run writes a different
# statement, so no run finds the previous one's result in the cache);
# and schemaguard with its cache off (SCHEMAGUARD_CACHE_DIR=off), which is
# what every one of these cost before the cache.
#
# Both applications live in one scratch workspace, so they share the same
# dependency builds (rusqlite 0.40 for both: refinery pins it) and only
# the application crate itself is re-checked each time.
set -euo pipefail
runs="${1:-5}"
count="${2:-300}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

corpus="$work/corpus"
cargo run -q --release --manifest-path "$root/Cargo.toml" -p schemaguard-bench --bin write_corpus -- "$count" "$corpus"
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
opt-level = 3
[profile.dev.package.sha2]
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
[build-dependencies]
schemaguard = { path = "$root/runtime" }
TOML
cp -r "$corpus/schema.sql" "$corpus/migrations" "$work/sg/"
cat > "$work/sg/build.rs" <<'RS'
fn main() {
    schemaguard::build::watch_migrations("migrations");
}
RS
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
cat > "$work/rf/build.rs" <<'RS'
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
RS
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
source "$root/bench/scripts/timing.sh"
# The first schemaguard check also fills its cache.
warm app-schemaguard app-refinery
last=$(printf '%04d' "$count")
middle=$(printf '%04d' $((count / 2)))
sg_last=$(ls sg/migrations/"$last"_*.sql)
sg_middle=$(ls sg/migrations/"$middle"_*.sql)
rf_last=$(ls rf/migrations/V$((10#$last + 1))__*.sql)
rf_middle=$(ls rf/migrations/V$((10#$middle + 1))__*.sql)
sg_append="sg/migrations/$(printf '%04d' $((count + 1)))_appended.sql"
rf_append="rf/migrations/V$((count + 2))__appended.sql"
# One timed run: edit, check, then put the file back and check again,
# untimed, so that every run starts from the same state.
scenario() { # <package> <crate dir> <kind> <file> <run>
    local package="$1" crate="$2" kind="$3" file="$4" i="$5" t saved
    case "$kind" in
        rust) touch "$crate/src/main.rs"; t=$(check "$package") ;;
        append)
            echo "CREATE TABLE appended_${i}_$$ (a);" > "$file"
            t=$(check "$package"); rm "$file"; check "$package" > /dev/null ;;
        edit)
            saved="$(cat "$file")"
            printf '%s\nSELECT %s;\n' "$saved" "$i$$" > "$file"
            t=$(check "$package"); printf '%s\n' "$saved" > "$file"; check "$package" > /dev/null ;;
    esac
    echo "$t"
}
rows=()
measure() { # <label> <kind> <schemaguard file> <refinery file> [SCHEMAGUARD_CACHE_DIR]
    local label="$1" kind="$2" sgs=() rfs=() sg rf
    export SCHEMAGUARD_CACHE_DIR="${5:-}"
    for i in $(seq "$runs"); do
        sgs+=("$(scenario app-schemaguard sg "$kind" "$3" "$i")")
        rfs+=("$(scenario app-refinery rf "$kind" "$4" "$i")")
    done
    unset SCHEMAGUARD_CACHE_DIR
    sg=$(printf '%s\n' "${sgs[@]}" | median)
    rf=$(printf '%s\n' "${rfs[@]}" | median)
    rows+=("$(awk -v l="$label" -v s="$sg" -v r="$rf" 'BEGIN { printf "| %s | %d | %d | %.2f× |", l, s, r, s / r }')")
    echo "$label: schemaguard ${sgs[*]}; refinery ${rfs[*]}" >&2
}
measure "touch a .rs file only" rust - -
measure "append a migration" append "$sg_append" "$rf_append"
measure "edit the newest migration" edit "$sg_last" "$rf_last"
measure "edit the middle migration" edit "$sg_middle" "$rf_middle"
measure "cache off (SCHEMAGUARD_CACHE_DIR=off), touch a .rs file: the cost of every scenario before the cache" rust - - off
mode="with the README's profile settings"
[ "${SCHEMAGUARD_UNOPTIMISED:-}" = 1 ] && mode="without profile settings"
echo "cargo check of the app crate, $count migrations ($runs runs, median ms; $mode)"
echo "| scenario | schemaguard | refinery | schemaguard / refinery |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
