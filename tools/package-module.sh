#!/usr/bin/env bash
# Builds the PowerShell module MgPolicy as a ready-to-publish folder:
#
#   <out>/MgPolicy/<version>/
#       MgPolicy.psd1                 the manifest, ModuleVersion = the library's version
#       MgPolicy.psm1                 the functions
#       MgPolicy.Native.cs            the C# binding (compiled at import when no DLL is there)
#       MgPolicy.Native.dll           the binding precompiled (C# 5, .NET Framework 4.x profile),
#                                     when Mono's mcs is available: import then compiles nothing
#       runtimes/<rid>/native/libmgpolicy.so|.dylib   the native library for this machine
#
# and beside it the same cmdlets under the names of Microsoft's modules (usage pattern 18),
# one folder per manifest in pwsh/compat/, each with its manifest and a copy of MgPolicy.psm1;
# the module finds the binding and the native library in the MgPolicy folder of the same
# version beside it:
#
#   <out>/Microsoft.Graph.Authentication/<version>/         Connect-MgGraph, Get-MgContext, ...
#   <out>/Microsoft.Graph.Identity.SignIns/<version>/       the v1.0 cmdlets
#   <out>/Microsoft.Graph.Beta.Identity.SignIns/<version>/  the beta and deleted-item cmdlets
#
# With <out> in $env:PSModulePath, `Import-Module Microsoft.Graph.Beta.Identity.SignIns` works.
# The version comes from Cargo.toml ([package] version), which is also the library's
# mgp_version(); it is written into every manifest's ModuleVersion and RequiredModules.
# Publish with: Publish-Module -Path <out>/MgPolicy/<version> -NuGetApiKey ...
# Prints the folders it made, MgPolicy's last.
#
# usage: tools/package-module.sh [--debug] [--out DIR]
#   --debug    package target/debug instead of building and packaging target/release
#   --out DIR  where to put the module folders (default: dist)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

profile=release
out=dist
while [ $# -gt 0 ]; do
    case "$1" in
        --debug) profile=debug ;;
        --out) out="${2:?--out needs a directory}"; shift ;;
        -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
        *) echo "package-module: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

# The [package] version of Cargo.toml.
version="$(awk '/^\[package\]/{p=1; next} /^\[/{p=0} p && /^version *=/{gsub(/[" ]/, "", $0); sub(/^version=/, "", $0); print; exit}' Cargo.toml)"
case "$version" in
    [0-9]*.[0-9]*.[0-9]*) ;;
    *) echo "package-module: no version in Cargo.toml's [package] section" >&2; exit 1 ;;
esac

case "$(uname -s)" in
    Linux) os=linux; library=libmgpolicy.so ;;
    Darwin) os=osx; library=libmgpolicy.dylib ;;
    *) echo "package-module: unsupported system $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) echo "package-module: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
rid="$os-$arch"

if [ "$profile" = release ]; then
    cargo build --quiet --release -p mgpolicy
else
    cargo build --quiet -p mgpolicy
fi
target="${CARGO_TARGET_DIR:-$repo/target}/$profile"
[ -f "$target/$library" ] || { echo "package-module: $target/$library was not built" >&2; exit 1; }

dest="$out/MgPolicy/$version"
rm -rf "$dest"
mkdir -p "$dest/runtimes/$rid/native"
cp pwsh/MgPolicy.psm1 pwsh/MgPolicy.Native.cs "$dest/"
cp "$target/$library" "$dest/runtimes/$rid/native/$library"

files=("'MgPolicy.psd1'" "'MgPolicy.psm1'" "'MgPolicy.Native.cs'")
if command -v mcs >/dev/null 2>&1; then
    mcs -nologo -target:library -langversion:5 -optimize+ -warn:0 \
        -out:"$dest/MgPolicy.Native.dll" pwsh/MgPolicy.Native.cs
    files+=("'MgPolicy.Native.dll'")
else
    echo "package-module: mcs not found; the module will compile MgPolicy.Native.cs when imported" >&2
fi
files+=("'runtimes/$rid/native/$library'")
file_list="$(IFS=,; echo "${files[*]}" | sed "s/','/', '/g")"

# The manifest with this version and the files of this package.
awk -v version="$version" -v files="$file_list" '
    /^[[:space:]]*ModuleVersion[[:space:]]*=/ { sub(/=.*/, "= \047" version "\047"); seen_version = 1 }
    /^[[:space:]]*FileList[[:space:]]*=/ { sub(/=.*/, "= @(" files ")"); seen_files = 1 }
    { print }
    END { if (!seen_version || !seen_files) exit 3 }
' pwsh/MgPolicy.psd1 >"$dest/MgPolicy.psd1" || { echo "package-module: the manifest has no ModuleVersion or FileList line" >&2; exit 1; }

# The modules under Microsoft's names: each manifest with this version (also the version of
# Microsoft.Graph.Authentication it requires) and the module's script.
for manifest in pwsh/compat/*.psd1; do
    name="$(basename "$manifest" .psd1)"
    compat="$out/$name/$version"
    rm -rf "$compat"
    mkdir -p "$compat"
    cp pwsh/MgPolicy.psm1 "$compat/"
    awk -v version="$version" '
        /^[[:space:]]*ModuleVersion[[:space:]]*=/ { sub(/=.*/, "= \047" version "\047"); seen_version = 1 }
        /RequiredVersion[[:space:]]*=/ { gsub(/RequiredVersion[[:space:]]*=[[:space:]]*\047[^\047]*\047/, "RequiredVersion = \047" version "\047") }
        { print }
        END { if (!seen_version) exit 3 }
    ' "$manifest" >"$compat/$name.psd1" || { echo "package-module: $manifest has no ModuleVersion line" >&2; exit 1; }
    echo "$compat"
done

echo "$dest"
