#!/usr/bin/env bash
# Fuzzes every target in fuzz/ with AFL++ (through `cargo afl`, on stable
# Rust) for SECONDS each, one target after another, and reports the
# executions, crashes and hangs of each.
#
#   scripts/fuzz.sh SECONDS [TARGET...]
#
# Installs cargo-afl (crates.io) when it is missing; it builds AFL++ for
# the toolchain in use as it installs, or `cargo afl config --build` does.
# Findings go to $FUZZ_OUT (default: /tmp/cairn-fuzz, outside the
# repository), a folder per run of each target in AFL's own layout:
# <target>/run-<time>/default/{crashes,hangs,queue,fuzzer_stats}, with
# <target>/latest naming the last. A run starts from fuzz/seeds/<target>/,
# fuzz/regressions/<target>/ and the queue of the target's previous run.
#
# Exits 1 if any target found a crash or a hang. To look at one:
#   fuzz/target/release/<target> < FILE       (the panic and backtrace)
#   cargo afl tmin -i FILE -o SMALLER -- fuzz/target/release/<target>
# then save the minimised input in fuzz/regressions/<target>/ and fix it;
# tests/it/fuzz_replay.rs replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
all_targets=(frontmatter page live config request_path search_index site_tree)
targets=("${@:-${all_targets[@]}}")
out=${FUZZ_OUT:-/tmp/cairn-fuzz}
mkdir -p "$out"

if ! cargo afl --version >/dev/null 2>&1; then
    echo "== installing cargo-afl"
    cargo install cargo-afl --locked
fi
# AFL++ for this toolchain: the install builds it; a toolchain changed
# since needs it built again.
afl_help=$(cargo afl fuzz -h 2>&1 || true)
if [[ $afl_help != *"afl-fuzz"* ]]; then
    echo "== building AFL++ for this toolchain"
    cargo afl config --build
fi

echo "== building the fuzz targets"
(cd fuzz && cargo afl build --release --locked)

# AFL++ refuses to start when core dumps are piped to a handler (it could
# miss crashes that way); the machine's setting is left alone and AFL is
# told to go on: a crash is still seen, only a little later.
if [[ $(cat /proc/sys/kernel/core_pattern 2>/dev/null) == \|* ]]; then
    export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
fi
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1

# Targets that build a whole site take milliseconds an input; a hang is
# an input taking longer than this many milliseconds.
timeout_of() {
    case $1 in
        page | live | config | site_tree) echo 5000 ;;
        *) echo 1000 ;;
    esac
}

found=0
summary=()
for target in "${targets[@]}"; do
    if [[ ! -d fuzz/seeds/$target ]]; then
        echo "no such target: $target (no fuzz/seeds/$target)" >&2
        exit 2
    fi
    # Each run has a folder of its own; it starts from the seeds, the saved
    # regressions and the queue the previous run grew.
    previous=$(readlink -f "$out/$target/latest" 2>/dev/null || true)
    dir=$out/$target/run-$(date +%Y%m%d-%H%M%S)
    input=$dir/input
    mkdir -p "$input"
    cp fuzz/seeds/"$target"/* "$input"/
    if [[ -d fuzz/regressions/$target ]]; then
        find fuzz/regressions/"$target" -maxdepth 1 -type f -exec cp {} "$input"/ \;
    fi
    if [[ -n $previous && -d $previous/default/queue ]]; then
        find "$previous"/default/queue -maxdepth 1 -type f -exec cp {} "$input"/ \;
    fi
    ln -sfn "$dir" "$out/$target/latest"
    # The targets' scratch folders go here, so that those of a run AFL
    # killed (a timeout) are removed with it.
    scratch=$dir/tmp
    mkdir -p "$scratch"
    echo "== fuzzing $target for ${seconds}s (findings in $dir)"
    TMPDIR=$scratch AFL_TMPDIR=$scratch nice -n 10 cargo afl fuzz \
        -V "$seconds" -t "$(timeout_of "$target")" -m none \
        -i "$input" -o "$dir" -- "$repo/fuzz/target/release/$target" \
        >"$dir/afl.log" 2>&1 || {
        echo "afl-fuzz failed for $target; the end of its log:" >&2
        tail -n 30 "$dir/afl.log" >&2
        exit 1
    }
    rm -rf "$scratch"
    stats=$dir/default/fuzzer_stats
    stat() { sed -n "s/^$1 *: *//p" "$stats"; }
    execs=$(stat execs_done)
    crashes=$(stat saved_crashes)
    hangs=$(stat saved_hangs)
    corpus=$(stat corpus_count)
    line="$target: $execs executions, $crashes crashes, $hangs hangs, corpus $corpus"
    echo "$line"
    summary+=("$line")
    if [[ $crashes != 0 || $hangs != 0 ]]; then
        found=1
        find "$dir"/default/crashes "$dir"/default/hangs -type f ! -name README.txt
    fi
done

echo "== summary (seconds per target: $seconds)"
printf '%s\n' "${summary[@]}"
if [[ $found != 0 ]]; then
    echo "crashes or hangs found: see $out/<target>/latest/default/{crashes,hangs}" >&2
    exit 1
fi
