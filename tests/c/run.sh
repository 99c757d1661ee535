#!/usr/bin/env bash
# The C side of mgpolicy, on a fresh machine: builds the library and the
# emulator, starts a fresh emulator, then builds and runs against it
#   - the C examples (examples/c), checking what they did to the emulator,
#   - the C tests (tests/c), normally, under valgrind, and built with
#     AddressSanitizer + UndefinedBehaviorSanitizer (leak detection on),
#     after proving with small probes that each of those tools really reports.
# Installs gcc, valgrind, curl and jq with apt-get when they are missing.
# Prints each step and a final "N passed, M failed" line (steps); exits
# non-zero when any step fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$root/target/c-tests
mkdir -p "$out"

# ---------------------------------------------------------------- tools
missing=()
command -v gcc >/dev/null || missing+=(gcc libc6-dev)
command -v valgrind >/dev/null || missing+=(valgrind)
command -v curl >/dev/null || missing+=(curl ca-certificates)
command -v jq >/dev/null || missing+=(jq)
if [ ${#missing[@]} -gt 0 ]; then
    echo "=== installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    if ! { $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"; }; then
        echo "could not install ${missing[*]}"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi

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
        echo "--- ok: $name"
    else
        failed=$((failed + 1))
        failures+=("$name")
        echo "--- FAILED: $name"
    fi
}

finish() {
    echo
    [ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# ---------------------------------------------------------------- builds
step "cargo build -p mgpolicy -p graph-emulator" cargo build -p mgpolicy -p graph-emulator
if [ "$failed" -gt 0 ]; then finish; fi

export LD_LIBRARY_PATH=$root/target/debug${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export RUST_BACKTRACE=0 # the panic test makes the library panic on purpose
CFLAGS=(-std=c99 -Wall -Wextra -Werror -g -I"$root/include")
LIBS=(-L"$root/target/debug" -lmgpolicy -lpthread)
SAN=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
tests_src=("$root"/tests/c/*.c)

build_all() {
    gcc "${CFLAGS[@]}" examples/c/lifecycle.c "${LIBS[@]}" -o "$out/lifecycle" &&
        gcc "${CFLAGS[@]}" examples/c/get_policy.c "${LIBS[@]}" -o "$out/get_policy" &&
        gcc "${CFLAGS[@]}" "${tests_src[@]}" "${LIBS[@]}" -o "$out/mgp_c_tests" &&
        gcc "${CFLAGS[@]}" "${SAN[@]}" "${tests_src[@]}" "${LIBS[@]}" -o "$out/mgp_c_tests_asan" &&
        gcc "${CFLAGS[@]}" "${SAN[@]}" examples/c/lifecycle.c "${LIBS[@]}" -o "$out/lifecycle_asan"
}
step "gcc: examples and tests (-std=c99 -Wall -Wextra -Werror; and with ASan+UBSan)" build_all
if [ "$failed" -gt 0 ]; then finish; fi

# ---------------------------------------------------------------- emulator
emulator_pid=""
stop_emulator() {
    if [ -n "$emulator_pid" ]; then
        kill "$emulator_pid" 2>/dev/null
        wait "$emulator_pid" 2>/dev/null
    fi
}
trap stop_emulator EXIT
target/debug/graph-emulator --port 0 >"$out/emulator.json" 2>"$out/emulator.err" &
emulator_pid=$!
for _ in $(seq 1 300); do
    line=$(head -n 1 "$out/emulator.json" 2>/dev/null)
    if [ "${line: -1}" = "}" ]; then break; fi
    if ! kill -0 "$emulator_pid" 2>/dev/null; then break; fi
    sleep 0.1
done
MGP_EMULATOR_JSON=$(head -1 "$out/emulator.json")
if ! jq -e .admin_url <<<"$MGP_EMULATOR_JSON" >/dev/null 2>&1; then
    echo "graph-emulator did not start:"
    cat "$out/emulator.err"
    failed=$((failed + 1))
    failures+=("start graph-emulator")
    finish
fi
export MGP_EMULATOR_JSON
admin=$(jq -r .admin_url <<<"$MGP_EMULATOR_JSON")
home=$(jq -r .tenant_id <<<"$MGP_EMULATOR_JSON")
echo "graph-emulator pid $emulator_pid at $(jq -r .https_url <<<"$MGP_EMULATOR_JSON")"

partner=90e29127-71ad-49c7-9ce8-db3f41ea06f1
admin_post() { curl -fsS -X POST "$admin$1" -H 'Content-Type: application/json' -d "${2:-}" >/dev/null; }
state() { curl -fsS "$admin/state"; }

# ---------------------------------------------------------------- examples
# lifecycle: Set, Get, Update, what-if Remove, Remove, two failing Gets; the
# emulator must end with the policy soft-deleted, carrying the update.
# Usage: example_lifecycle NAME COMMAND... (the output goes to $out/NAME.out)
example_lifecycle() {
    local name=$1
    shift
    admin_post /reset && admin_post /seed "{\"partners\": [{\"tenantId\": \"$partner\"}]}" || return 1
    "$@" >"$out/$name.out" 2>&1
    local rc=$?
    cat "$out/$name.out"
    [ "$rc" -eq 0 ] || { echo "lifecycle exited $rc"; return 1; }
    grep -q 'every step had the expected outcome' "$out/$name.out" || return 1
    grep -q 'what-if, nothing sent' "$out/$name.out" || return 1
    state >"$out/lifecycle.state.json" || return 1
    jq -e --arg t "$home" --arg p "$partner" '
        (.tenants[$t].partners[] | select(.tenantId == $p) | .identitySynchronization) == null
        and ([.tenants[$t].deleted_sync_policies[] | select(.tenantId == $p)] | length) == 1
        and (.tenants[$t].deleted_sync_policies[] | select(.tenantId == $p)
             | .displayName == "Contoso" and .userSyncInbound.isSyncAllowed == false)' \
        "$out/lifecycle.state.json" >/dev/null || { echo "unexpected emulator state:"; cat "$out/lifecycle.state.json"; return 1; }
    # exactly one DELETE reached the emulator: the what-if sent nothing
    [ "$(curl -fsS "$admin/requests" | jq '[.[] | select(.method == "DELETE")] | length')" = 1 ] ||
        { echo "expected exactly one DELETE"; return 1; }
}
step "example: lifecycle against the emulator" example_lifecycle lifecycle "$out/lifecycle"

# get_policy: the README's program, with MGP_CONFIG as the README builds it
example_get_policy() {
    local config
    config=$(jq -c '{cloud: "Custom", graph_url: .https_url, authority_url: .https_url,
        ca_certificate_files: [.ca_pem_path],
        credential: {type: "client_secret", tenant_id, client_id, client_secret}}' <<<"$MGP_EMULATOR_JSON")
    admin_post /reset &&
        admin_post /seed "{\"sync_policies\": [{\"tenantId\": \"$partner\", \"displayName\": \"Fabrikam\"}]}" || return 1
    MGP_CONFIG=$config "$out/get_policy" >"$out/get_policy.out" 2>&1 || { cat "$out/get_policy.out"; return 1; }
    cat "$out/get_policy.out"
    jq -e '.displayName == "Fabrikam"' "$out/get_policy.out" >/dev/null || return 1
    admin_post /reset || return 1
    if MGP_CONFIG=$config "$out/get_policy" >"$out/get_policy.404.out" 2>&1; then
        echo "expected a failure for a missing partner"
        return 1
    fi
    cat "$out/get_policy.404.out"
    grep -q '^MGP_STATUS_NOT_FOUND (HTTP 404): ' "$out/get_policy.404.out"
}
step "example: get_policy (the README program)" example_get_policy

# ---------------------------------------------------------------- tests
summary_of() { grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1; }

run_tests() {
    local log=$1
    shift
    "$@" >"$log" 2>&1
    local rc=$?
    grep -E '^(ok  |FAIL)' "$log"
    echo "checks: $(summary_of "$log")"
    [ "$rc" -eq 0 ] || { echo "exit status $rc"; return 1; }
    summary_of "$log" | grep -qE '^[1-9][0-9]* passed, 0 failed$'
}
step "C tests" run_tests "$out/tests.log" "$out/mgp_c_tests"

# ---------------------------------------------------------------- valgrind
VALGRIND=(valgrind -v --suppressions="$root/tests/c/valgrind.supp" --leak-check=full
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --error-exitcode=99 --num-callers=40)

# The log must show 0 errors, no definite or indirect loss, and no
# suppression used more than once.
valgrind_clean() {
    local log=$1
    grep -q 'ERROR SUMMARY: 0 errors' "$log" || { grep 'ERROR SUMMARY' "$log"; return 1; }
    if grep -E 'definitely lost: [1-9]|indirectly lost: [1-9]' "$log"; then return 1; fi
    if grep -E 'used_suppression: +([2-9]|[1-9][0-9]+) ' "$log"; then
        echo "a suppression matched more than once: no longer a one-time allocation"
        return 1
    fi
    grep 'used_suppression' "$log" || true
    grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|All heap blocks' "$log" | tail -3
}

# The suppressed record is glibc's: plain C shows it without the suppression
# file, and the suppression file removes exactly it.
valgrind_suppression_is_justified() {
    gcc "${CFLAGS[@]}" tests/c/probes/glibc_resolver.c -lpthread -o "$out/glibc_resolver" || return 1
    valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
        --log-file="$out/glibc_resolver.raw.log" "$out/glibc_resolver" >/dev/null
    [ $? -eq 99 ] && grep -q '__resolv_conf_allocate' "$out/glibc_resolver.raw.log" ||
        { echo "plain C no longer shows the glibc resolver record; drop the suppression"; return 1; }
    "${VALGRIND[@]}" --log-file="$out/glibc_resolver.log" "$out/glibc_resolver" >/dev/null &&
        valgrind_clean "$out/glibc_resolver.log"
}
step "valgrind: the one suppression is glibc's (plain C probe)" valgrind_suppression_is_justified

valgrind_tests() {
    run_tests "$out/tests.valgrind.out" "${VALGRIND[@]}" --log-file="$out/tests.valgrind.log" "$out/mgp_c_tests" &&
        valgrind_clean "$out/tests.valgrind.log"
}
step "C tests under valgrind (0 errors, no definite/indirect leaks)" valgrind_tests

valgrind_example() {
    example_lifecycle lifecycle.valgrind "${VALGRIND[@]}" --log-file="$out/lifecycle.valgrind.log" \
        "$out/lifecycle" >/dev/null &&
        valgrind_clean "$out/lifecycle.valgrind.log"
}
step "example lifecycle under valgrind" valgrind_example

# ---------------------------------------------------------------- sanitizers
# Each probe is a deliberate bug; the sanitizer must stop it with its report.
probe() {
    local name=$1 expect=$2
    gcc "${CFLAGS[@]}" "${SAN[@]}" "tests/c/probes/$name.c" -o "$out/probe_$name" || return 1
    ASAN_OPTIONS=detect_leaks=1 "$out/probe_$name" >"$out/probe_$name.log" 2>&1
    local rc=$?
    if [ "$rc" -ne 0 ] && grep -q "$expect" "$out/probe_$name.log"; then
        echo "$name: stopped ($(grep -m1 "$expect" "$out/probe_$name.log" | cut -c1-100))"
    else
        echo "$name: exit $rc without \"$expect\""
        cat "$out/probe_$name.log"
        return 1
    fi
}
sanitizers_are_live() {
    local bin=$out/mgp_c_tests_asan libs symbols
    libs=$(ldd "$bin") && symbols=$(nm "$bin") || return 1
    grep -q 'libasan' <<<"$libs" || { echo "libasan is not linked into $bin"; return 1; }
    grep -q 'libubsan' <<<"$libs" || { echo "libubsan is not linked into $bin"; return 1; }
    grep -q '__asan_init' <<<"$symbols" || { echo "no __asan_init in $bin"; return 1; }
    grep -q '__ubsan_handle_' <<<"$symbols" || { echo "no UBSan handlers in $bin"; return 1; }
    echo "linked: $(grep -oE '^\s*lib(a|ub)san\.so\.[0-9]+' <<<"$libs" | tr -d '\t ' | tr '\n' ' ')"
    probe heap_overflow 'AddressSanitizer: heap-buffer-overflow' &&
        probe signed_overflow 'runtime error: signed integer overflow' &&
        probe leak 'LeakSanitizer: detected memory leaks'
}
step "sanitizers are linked and report (probes: overflow, UB, leak)" sanitizers_are_live

sanitized_clean() {
    if grep -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$1"; then return 1; fi
}
asan_tests() {
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        run_tests "$out/tests.asan.log" "$out/mgp_c_tests_asan" &&
        sanitized_clean "$out/tests.asan.log"
}
step "C tests with ASan+UBSan (detect_leaks=1)" asan_tests

asan_example() {
    ASAN_OPTIONS=detect_leaks=1 example_lifecycle lifecycle.asan "$out/lifecycle_asan" >/dev/null &&
        sanitized_clean "$out/lifecycle.asan.out"
}
step "example lifecycle with ASan+UBSan" asan_example

echo
echo "checks per run: plain $(summary_of "$out/tests.log"); valgrind $(summary_of "$out/tests.valgrind.out"); ASan+UBSan $(summary_of "$out/tests.asan.log")"
finish
