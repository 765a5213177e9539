#!/usr/bin/env bash
# Restores the Bicep CLI (NuGet package Azure.Bicep.CommandLine.linux-x64), then builds and
# lints every .bicep file under infra/: zero errors and zero warnings, or it fails.
# Prints the path of the bicep binary on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet restore infra/tools/bicep-cli.csproj -v quiet -nologo >/dev/null
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
chmod +x "$bicep"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
while IFS= read -r file; do
  for command in build lint; do
    if [ "$command" = build ]; then
      output="$("$bicep" build "$file" --outdir "$out" 2>&1)" || status=1
    else
      output="$("$bicep" lint "$file" 2>&1)" || status=1
    fi
    if [ -n "$output" ]; then
      echo "$output"
      status=1
    fi
  done
done < <(find infra -name '*.bicep' | sort)
if [ "$status" -ne 0 ]; then
  echo "bicep: errors or warnings above"
  exit 1
fi
echo "bicep: $(find infra -name '*.bicep' | wc -l) files built and linted clean"
echo "$bicep"
