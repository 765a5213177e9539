#!/usr/bin/env bash
# Runs the whole system locally: Azurite (data kept in .azurite/ between restarts), the function
# app on http://127.0.0.1:7071 and the stand-in Functions host (tests/PreDemande.LocalHost), which
# reads host.json and the function.json files the app writes and invokes its queue, blob and
# timer functions over HTTP as POST /{FunctionName}. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-npm.sh
mkdir -p .azurite
port="${PORT:-7071}"
functions=".local/functions"

dotnet build functions/PreDemande.Functions -c Debug -v quiet -nologo
dotnet build tests/PreDemande.LocalHost -c Debug -v quiet -nologo

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --location .azurite \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
pids+=($!)

for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null && break
  sleep 0.1
done

export ASPNETCORE_ENVIRONMENT=Development
export AzureWebJobsStorage="UseDevelopmentStorage=true"
export FUNCTIONS_CUSTOMHANDLER_PORT="$port"

# As the publish step does: one function.json per function, beside host.json.
rm -rf "$functions" && mkdir -p "$functions"
dotnet functions/PreDemande.Functions/bin/Debug/net10.0/PreDemande.Functions.dll --write-function-metadata "$functions"
cp host.json "$functions/"

dotnet run --project functions/PreDemande.Functions --no-build --no-launch-profile &
pids+=($!)
for _ in $(seq 1 200); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
dotnet tests/PreDemande.LocalHost/bin/Debug/net10.0/PreDemande.LocalHost.dll --app "http://127.0.0.1:$port" --functions "$functions" &
pids+=($!)

cat <<INFO
PreDemande on http://127.0.0.1:${port} (Azurite on 127.0.0.1:10000-10002, data in .azurite/; triggers run by the stand-in host)
Development API keys (appsettings.Development.json holds their SHA-256):
  portal                 X-Api-Key: dev-portal-key
  mairie Paris (75056)   X-Api-Key: dev-mairie-75056-key
  mairie Lyon (69123)    X-Api-Key: dev-mairie-69123-key
  préfecture Paris (75)  X-Api-Key: dev-prefecture-75-key
  booking tool           x-rdv-opt-auth-token: dev-booking-key
INFO
wait -n "${pids[@]}"
