#!/usr/bin/env bash
# Builds the deployment package the Functions host expects, and its zip:
#   host.json at the root, one folder per function with its function.json (written by the
#   publish step from the functions declared in code), and the app published self-contained for
#   linux-x64 (Native AOT unless PACKAGE_AOT=false).
#   scripts/package.sh [output-dir]     (default artifacts/package, zip beside it)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-artifacts/package}")"
zip="${out%/}.zip"
rm -rf "$out" "$zip"
scripts/ensure-tools.sh zip

if [ "${PACKAGE_AOT:-true}" = "true" ]; then
  dotnet publish functions/PreDemande.Functions -c Release -r linux-x64 -p:PublishAot=true -o "$out" -v quiet -nologo
else
  dotnet publish functions/PreDemande.Functions -c Release -r linux-x64 --self-contained -o "$out" -v quiet -nologo
fi

# Debug symbols stay out of the package; the development settings too.
find "$out" \( -name '*.pdb' -o -name '*.dbg' -o -name 'appsettings.Development.json' \) -delete
(cd "$out" && zip -qr -X "$zip" .)
echo "package: $out ($(find "$out" -name function.json | wc -l) functions), zip: $zip ($(du -h "$zip" | cut -f1))"
