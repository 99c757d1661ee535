#!/usr/bin/env bash
# Every check this project has, on a fresh machine: formatting, lints, the
# Rust tests (library, C ABI, emulator), and the fidelity test that drives the
# emulator with Microsoft's Python SDK. Installs what it needs (Python
# packages go into .venv). Exits non-zero if anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()

step() {
    local name=$1
    shift
    echo
    echo "=== $name"
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures+=("$name")
        echo "=== FAILED: $name"
    fi
}

step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy (workspace, all targets, -D warnings)" cargo clippy --workspace --all-targets -- -D warnings
step "cargo test (library, C ABI, emulator)" cargo test --workspace
step "main job (examples/lifecycle)" cargo run -q --example lifecycle
step "Microsoft Python SDK against the emulator" bash tests/fidelity/run.sh
step "Python binding against the emulator" bash tests/python/run.sh
step "C examples and tests (plain, valgrind, ASan+UBSan)" bash tests/c/run.sh
step "C# binding under Mono" bash tests/csharp/run.sh
step "PowerShell module: syntax, contract, packaging (Pester where pwsh exists)" bash tests/pwsh/run.sh

echo
if [ "$failed" -gt 0 ]; then
    printf 'failed: %s\n' "${failures[@]}"
fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
