#!/usr/bin/env bash
# The benchmark suite in one command. Builds the release library exactly as it
# ships, the release emulator with its load example and the criterion benches,
# compiles the C programs, installs what Python needs into .venv (created only
# if missing), runs the in-process criterion benches, then measures everything
# else against one release graph-emulator and rewrites BENCHMARKS.md and
# benches/chart.png.
#
#   bash benches/run.sh [--quick] [--no-criterion]
#
# --quick uses small sizes (a trial, not for the committed figures);
# --no-criterion skips the in-process criterion benches and their build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

quick=()
criterion=1
for arg in "$@"; do
    case "$arg" in
        --quick) quick=(--quick) ;;
        --no-criterion) criterion=0 ;;
        *) echo "usage: bash benches/run.sh [--quick] [--no-criterion]" >&2; exit 2 ;;
    esac
done

began=$(date +%s)
target="${CARGO_TARGET_DIR:-$repo/target}"
work="$target/bench-run"
rm -rf "$work"
mkdir -p "$work"

echo "== release library, exactly as shipped (cargo build --release -p mgpolicy)"
cargo build --release -p mgpolicy
# Private copies from here on: other builds in this tree cannot change what is measured.
cp "$target/release/libmgpolicy.so" "$work/"

echo "== release emulator, its load example$([ "$criterion" = 1 ] && echo ' and the criterion benches')"
targets=(-p graph-emulator --bin graph-emulator --example load)
if [ "$criterion" = 1 ]; then
    # One invocation, so the emulator and the benches share one feature set and one build.
    targets=(-p mgpolicy "${targets[@]}" --bench calls)
fi
cargo build --release "${targets[@]}" --message-format=json-render-diagnostics > "$work/cargo.json"
cp "$target/release/graph-emulator" "$target/release/examples/load" "$work/"
if [ "$criterion" = 1 ]; then
    calls=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "calls" and m.get("executable"):
        print(m["executable"])' "$work/cargo.json")
    cp "$calls" "$work/calls"
fi

echo "== C programs"
cc="${CC:-gcc}"
"$cc" -O2 -std=gnu11 -Wall -Wextra -Iinclude benches/c/mgpbench.c -o "$work/mgpbench" \
    -L"$work" -lmgpolicy -Wl,-rpath,'$ORIGIN' -pthread
"$cc" -O2 -std=gnu11 -Wall -Wextra benches/c/floor.c -o "$work/floor"

echo "== Python packages (.venv)"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r benches/requirements.txt

if [ "$criterion" = 1 ]; then
    echo "== in-process criterion benches (benches/calls.rs)"
    CRITERION_HOME="$work/criterion" "$work/calls" --bench --warm-up-time 1 --measurement-time 4
fi

echo "== whole-process benchmarks against one emulator (load: $(cut -d' ' -f1-3 /proc/loadavg))"
.venv/bin/python benches/bench.py --work "$work" "${quick[@]}" --criterion "$work/criterion" --began "$began" \
    --results "$work/results.json"

elapsed=$(($(date +%s) - began))
echo "== done in $((elapsed / 60)) min $((elapsed % 60)) s: BENCHMARKS.md, benches/chart.png"
