#!/usr/bin/env bash
# The Python binding's tests: builds the library and the emulator binary,
# makes sure .venv (at the repository root, shared with other test suites)
# has pytest, and runs tests/python against target/debug/libmgpolicy.so.
# Installs only what is missing. Exits non-zero on any failure.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
if ! .venv/bin/python -c "import pytest" 2>/dev/null; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
fi

cargo build --quiet -p mgpolicy
cargo build --quiet -p graph-emulator
target="${CARGO_TARGET_DIR:-$repo/target}"
export MGPOLICY_LIBRARY="$target/debug/libmgpolicy.so"
export GRAPH_EMULATOR_BIN="${GRAPH_EMULATOR_BIN:-$target/debug/graph-emulator}"

# The package is imported from bindings/python (pytest.ini's pythonpath).
exec .venv/bin/python -m pytest -q tests/python "$@"
