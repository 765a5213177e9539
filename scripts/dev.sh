#!/usr/bin/env bash
# Runs the whole system locally: Azurite (data kept in .azurite/ between restarts) and the
# function app in local trigger mode on http://127.0.0.1:7071. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-npm.sh
mkdir -p .azurite
port="${PORT:-7071}"

node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --location .azurite \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null && break
  sleep 0.1
done

cat <<INFO
PreDemande on http://127.0.0.1:${port} (Azurite on 127.0.0.1:10000-10002, data in .azurite/)
Development API keys (appsettings.Development.json holds their SHA-256):
  portal                 X-Api-Key: dev-portal-key
  mairie Paris (75056)   X-Api-Key: dev-mairie-75056-key
  mairie Lyon (69123)    X-Api-Key: dev-mairie-69123-key
  préfecture Paris (75)  X-Api-Key: dev-prefecture-75-key
  booking tool           x-rdv-opt-auth-token: dev-booking-key
INFO

export ASPNETCORE_ENVIRONMENT=Development
export AzureWebJobsStorage="UseDevelopmentStorage=true"
export PreDemande__LocalTriggers=true
export FUNCTIONS_CUSTOMHANDLER_PORT="$port"
dotnet run --project functions/PreDemande.Functions --no-launch-profile
