#!/usr/bin/env bash
# The PowerShell module's checks, in order:
#   1. every .ps1/.psm1/.psd1 of the repository parses with zero errors (tree-sitter-powershell);
#   2. the Graph cmdlet functions of pwsh/MgPolicy.psm1 are what tools/gen-psm1.py makes from
#      tests/contract/cmdlets.json and tools/gen_psm1_help.py (a diff is printed otherwise);
#   3. the contract tests: the module's functions, read from the syntax tree, against
#      tests/contract/cmdlets.json (Microsoft's cmdlets) and the library's operations table,
#      and the packaging script's output against the manifests;
#   4. the Pester 5 tests in tests/pwsh against a graph-emulator, when pwsh is on PATH.
# Python packages go into the repository's .venv (created only when it does not exist).
# Exits non-zero when anything fails; says clearly when Pester was not run.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

failed=()
step() {
    local name=$1
    shift
    echo
    echo "=== $name"
    if "$@"; then
        echo "=== ok: $name"
    else
        failed+=("$name")
        echo "=== FAILED: $name"
    fi
}

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv || { echo "cannot create .venv with $python"; exit 1; }
fi
venv_python="$repo/.venv/bin/python"
if ! "$venv_python" -c 'import tree_sitter, tree_sitter_powershell, pytest' 2>/dev/null; then
    "$venv_python" -m pip install --quiet --disable-pip-version-check tree-sitter tree-sitter-powershell pytest ||
        { echo "cannot install tree-sitter, tree-sitter-powershell and pytest into .venv"; exit 1; }
fi

step "PowerShell syntax (tree-sitter-powershell)" \
    "$venv_python" -m pytest -q tests/contract/test_module_contract.py -k parses_without_errors

step "generated cmdlet functions (tools/gen-psm1.py --check)" "$python" tools/gen-psm1.py --check

step "build libmgpolicy and graph-emulator (debug)" cargo build --quiet -p mgpolicy -p graph-emulator

step "contract tests (module vs Microsoft's cmdlets, library table, package)" \
    "$venv_python" -m pytest -q tests/contract

if command -v pwsh >/dev/null 2>&1; then
    pester() {
        MGPOLICY_TEST_PYTHON="$venv_python" pwsh -NoProfile -NonInteractive -Command '
            $ErrorActionPreference = "Stop"
            if (-not (Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]"5.0.0" })) {
                Install-Module Pester -MinimumVersion 5.0.0 -Scope CurrentUser -Force -SkipPublisherCheck
            }
            Import-Module Pester -MinimumVersion 5.0.0
            $configuration = New-PesterConfiguration
            $configuration.Run.Path = "tests/pwsh"
            $configuration.Run.Exit = $true
            $configuration.Output.Verbosity = "Detailed"
            Invoke-Pester -Configuration $configuration'
    }
    step "Pester tests (tests/pwsh) against graph-emulator" pester
else
    echo
    echo "=== NOT RUN: Pester tests (tests/pwsh): pwsh is not on PATH."
    echo "    Install PowerShell 7 and run this script again to run them."
fi

echo
if [ "${#failed[@]}" -gt 0 ]; then
    printf 'failed: %s\n' "${failed[@]}"
    exit 1
fi
echo "all PowerShell module checks that could run here passed"
