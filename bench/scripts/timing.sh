# Shared by the `cargo check` timing scripts (sourced, not run): build
# each package's dependencies once, time one `cargo check`, take a median.

# Checks each package once, so that the timed runs reuse its dependencies.
# Each on its own, as the runs check them: `-p` unifies features per
# package, so a `--workspace` build would not be the one reused.
warm() { # package...
    echo "building dependencies once..." >&2
    for package in "$@"; do
        cargo check -q -p "$package" 2>/dev/null || cargo check -p "$package"
    done
}

# Milliseconds one `cargo check -p <package>` takes.
check() { # package
    local start end
    start=$(date +%s%N)
    cargo check -q -p "$1"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
