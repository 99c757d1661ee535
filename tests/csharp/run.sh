#!/usr/bin/env bash
# Builds the library and the emulator, compiles the C# binding (alone, as C# 5 against
# mscorlib and System.dll only, the way Windows PowerShell 5.1's Add-Type sees it) and its
# tests, starts a fresh graph-emulator and runs the tests under Mono. Installs mono-mcs,
# mono-runtime, gcc and openssl (the certificate tests run it) when missing. Exits non-zero
# on any failure; the last line is "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/target/csharp-tests

fail() {
    echo "run.sh: $*" >&2
    echo "0 passed, 1 failed"
    exit 1
}

need_apt=()
command -v mcs >/dev/null 2>&1 || need_apt+=(mono-mcs)
command -v mono >/dev/null 2>&1 || need_apt+=(mono-runtime)
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== installing ${need_apt[*]}"
    apt-get update >/dev/null || fail "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}" >/dev/null ||
        fail "apt-get install ${need_apt[*]} failed"
fi

echo "== cargo build -p mgpolicy, -p graph-emulator"
cargo build -p mgpolicy || fail "cargo build -p mgpolicy failed"
cargo build -p graph-emulator || fail "cargo build -p graph-emulator failed"
LIB=$ROOT/target/debug/libmgpolicy.so
[ -f "$LIB" ] || fail "$LIB was not built"

rm -rf "$OUT"
mkdir -p "$OUT/fake-abi"

echo "== C facts from include/mgpolicy.h (sizeof, offsetof, constants)"
{
    echo '#include <stdio.h>'
    echo '#include <stddef.h>'
    echo '#include "mgpolicy.h"'
    echo 'int main(void) {'
    echo '    printf("sizeof(mgp_sync_policy_fields)=%zu\n", sizeof(mgp_sync_policy_fields));'
    for f in display_name tenant_id external_cloud_authorized_application_id additional_properties_json \
             user_sync_inbound group_sync_inbound role_enabled_group_sync_inbound; do
        echo "    printf(\"offsetof($f)=%zu\\n\", offsetof(mgp_sync_policy_fields, $f));"
    done
    echo '    printf("MGP_ABI_VERSION=%u\n", (unsigned)MGP_ABI_VERSION);'
    echo '    printf("MGP_VERSION=%s\n", MGP_VERSION);'
    for s in $(grep -oE '^ *MGP_STATUS_[A-Z0-9_]+ =' include/mgpolicy.h | tr -d ' ='); do
        echo "    printf(\"$s=%u\\n\", (unsigned)$s);"
    done
    echo '    return 0;'
    echo '}'
} > "$OUT/facts.c"
gcc -std=c11 -Wall -Werror -Iinclude -o "$OUT/facts" "$OUT/facts.c" || fail "the C facts program did not compile"
"$OUT/facts" > "$OUT/facts.txt" || fail "the C facts program failed"
cat "$OUT/facts.txt" | head -3

echo "== a stand-in library of another ABI generation"
cat > "$OUT/fake_abi.c" <<'C'
#include <stdint.h>
uint32_t mgp_abi_version(void) { return 999; }
const char *mgp_version(void) { return "999.0.0"; }
C
gcc -shared -fPIC -o "$OUT/fake-abi/libmgpolicy.so" "$OUT/fake_abi.c" || fail "the stand-in library did not build"

echo "== mcs -langversion:5: the binding alone (mscorlib + System.dll), warnings as errors"
mcs -langversion:5 -noconfig -r:System.dll -target:library -warnaserror -out:"$OUT/MgPolicy.Native.dll" \
    pwsh/MgPolicy.Native.cs || fail "pwsh/MgPolicy.Native.cs does not compile as C# 5"

echo "== mcs -langversion:5: binding + tests"
mcs -langversion:5 -debug -out:"$OUT/MgPolicyTests.exe" pwsh/MgPolicy.Native.cs tests/csharp/*.cs ||
    fail "the C# tests do not compile"

echo "== mcs -langversion:5: the README example, as a user compiles it"
mcs -langversion:5 -out:"$OUT/Example.exe" pwsh/MgPolicy.Native.cs tests/csharp/example/Example.cs ||
    fail "the README example does not compile"

echo "== starting a fresh graph-emulator"
"$ROOT/target/debug/graph-emulator" --port 0 > "$OUT/emulator.json" 2> "$OUT/emulator.log" &
EMU_PID=$!
trap 'kill "$EMU_PID" 2>/dev/null; wait "$EMU_PID" 2>/dev/null' EXIT
for _ in $(seq 1 300); do
    [ -s "$OUT/emulator.json" ] && break
    kill -0 "$EMU_PID" 2>/dev/null || fail "the emulator exited: $(cat "$OUT/emulator.log")"
    sleep 0.1
done
[ -s "$OUT/emulator.json" ] || fail "the emulator did not report ready within 30 s"
sleep 0.2

echo "== mono MgPolicyTests.exe"
MGPOLICY_LIBRARY="$LIB" mono --debug "$OUT/MgPolicyTests.exe" \
    --emulator "$OUT/emulator.json" \
    --c-facts "$OUT/facts.txt" \
    --header "$ROOT/include/mgpolicy.h" \
    --library "$LIB" \
    --fake-abi-library "$OUT/fake-abi/libmgpolicy.so" \
    --example "$OUT/Example.exe" \
    --emulator-binary "$ROOT/target/debug/graph-emulator"
rc=$?
exit $rc
