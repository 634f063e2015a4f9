#!/usr/bin/env bash
# Runs one fuzz target on the stable toolchain.
#
#   fuzz/run.sh <split|directives|analysis> [seconds=300] [workers=1] [-- extra libFuzzer flags]
#
# New inputs go to fuzz/corpus/<target>/ (ignored by git), read together with
# the tracked seeds in fuzz/seeds/<target>/; crashes go to
# fuzz/artifacts/<target>/; the whole output goes to fuzz/logs/<target>.log.
# With workers > 1 it uses libFuzzer's fork mode (-fork=N).
set -euo pipefail

target=${1:?usage: fuzz/run.sh <split|directives|analysis> [seconds] [workers] [-- flags]}
seconds=${2:-300}
workers=${3:-1}
shift $(($# < 3 ? $# : 3))
[[ ${1:-} == -- ]] && shift

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p "fuzz/corpus/$target" fuzz/logs
[[ $target == analysis ]] && rm -rf fuzz/scratch

flags=(
    -dict="$root/fuzz/dict/sql.dict"
    -max_total_time="$seconds"
    -print_final_stats=1
)
case $target in
    # Every statement gets 200 ms in the replay; a whole input well under 30 s.
    analysis) flags+=(-timeout=30 -max_len=8192) ;;
    *) flags+=(-timeout=10 -max_len=4096) ;;
esac
if ((workers > 1)); then
    flags+=(-fork="$workers")
fi

# `--sanitizer none`: the default (address) needs `-Zsanitizer`, a nightly
# flag; the libFuzzer instrumentation itself works on stable.
cargo fuzz run --sanitizer none "$target" \
    "$root/fuzz/corpus/$target" "$root/fuzz/seeds/$target" \
    -- "${flags[@]}" "$@" 2>&1 | tee "fuzz/logs/$target.log"
