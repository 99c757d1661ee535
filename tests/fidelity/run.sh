#!/usr/bin/env bash
# Fidelity test: Microsoft's Python Graph SDK against the emulator.
# Creates (or reuses) .venv at the repository root (or $VENV), installs tests/fidelity/requirements.txt,
# builds the emulator binary and runs pytest on tests/fidelity. Exits non-zero on failure.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

python="${PYTHON:-python3}"
venv="${VENV:-$repo/.venv}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/fidelity/requirements.txt

cargo build --quiet -p graph-emulator
if [ -z "${GRAPH_EMULATOR_BIN:-}" ]; then
    GRAPH_EMULATOR_BIN="${CARGO_TARGET_DIR:-$repo/target}/debug/graph-emulator"
fi
export GRAPH_EMULATOR_BIN

exec "$venv/bin/python" -m pytest -q tests/fidelity "$@"
