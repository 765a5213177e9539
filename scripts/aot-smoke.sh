#!/usr/bin/env bash
# Publishes the app with Native AOT (must be free of trim/AOT warnings: warnings are errors),
# runs the native binary against a throw-away Azurite, its triggers invoked by the stand-in
# Functions host (tests/PreDemande.LocalHost) from the function.json files of the publish folder,
# and submits, reads back, lodges, reports progress and checks health.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-npm.sh
scripts/ensure-tools.sh jq curl

out="$(mktemp -d)"
data="$(mktemp -d)"
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${host_pid:-}" ] && kill "$host_pid" 2>/dev/null || true
  [ -n "${azurite_pid:-}" ] && kill "$azurite_pid" 2>/dev/null || true
  rm -rf "$out" "$data"
}
trap cleanup EXIT

dotnet publish functions/PreDemande.Functions -c Release -r linux-x64 -p:PublishAot=true -o "$out" -v quiet -nologo
dotnet build tests/PreDemande.LocalHost -c Release -v quiet -nologo

base=$(( 21000 + RANDOM % 5000 ))
blob=$base; queue=$((base + 1)); table=$((base + 2)); port=$((base + 3))
node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --location "$data" \
  --blobPort "$blob" --queuePort "$queue" --tablePort "$table" >/dev/null 2>&1 &
azurite_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && break; sleep 0.1; done

key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
export FUNCTIONS_CUSTOMHANDLER_PORT="$port" ASPNETCORE_ENVIRONMENT=Development
start=$(date +%s%N)
(cd "$out" && ./PreDemande.Functions) > "$data/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.02; done
echo "native app ready after $(( ($(date +%s%N) - start) / 1000000 )) ms (includes storage checks)"
# The stand-in host reads host.json and the function.json files of the package, as the Functions host would.
dotnet tests/PreDemande.LocalHost/bin/Release/net10.0/PreDemande.LocalHost.dll --app "http://127.0.0.1:$port" --functions "$out" > "$data/host.log" 2>&1 &
host_pid=$!

fail() { echo "AOT smoke test failed: $1"; cat "$data/app.log"; echo "--- stand-in host:"; cat "$data/host.log"; exit 1; }
created="$(curl -sf -X POST "http://127.0.0.1:$port/api/predemandes" -H 'X-Api-Key: dev-portal-key' \
  -H 'Content-Type: application/json' --data @docs/examples/passport-adult.json)" || fail "submission"
number="$(sed -n 's/.*"number":"\([A-Z0-9]\{10\}\)".*/\1/p' <<<"$created")"
[ -n "$number" ] || fail "no number in $created"
curl -sf "http://127.0.0.1:$port/api/predemandes/$number" -H 'X-Api-Key: dev-portal-key' | grep "\"number\":\"$number\"" >/dev/null || fail "read back"
curl -sf "http://127.0.0.1:$port/api/predemandes?pageSize=5" -H 'X-Api-Key: dev-portal-key' -H 'X-Applicant-Account: smoke-account' | grep '"items":\[\]' >/dev/null || fail "account list"
# The native build describes the API exactly as the committed document does.
diff <(curl -sf "http://127.0.0.1:$port/api/openapi.json" | jq -S .) <(jq -S . docs/openapi.json) | head -40 >&2 && [ "${PIPESTATUS[0]}" -eq 0 ] || fail "the OpenAPI document served differs from docs/openapi.json (above: served <, committed >)"
health="$(curl -s "http://127.0.0.1:$port/api/health")"; grep -q "\"healthy\"" <<<"$health" || fail "health: $health"
invalid="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/predemandes" -H 'X-Api-Key: dev-portal-key' -H 'Content-Type: application/json' --data '{"titles":[]}')"
[ "$invalid" = 400 ] || fail "validation answered $invalid"
curl -sf "http://127.0.0.1:$port/api/dr/predemandes/$number" -H 'X-Api-Key: dev-mairie-75056-key' | grep "\"number\":\"$number\"" >/dev/null || fail "mairie lookup"
booking=(-H 'x-rdv-opt-auth-token: dev-booking-key')
curl -sf -X POST "http://127.0.0.1:$port/api/appointments?application_id=$number&meeting_point_id=1&meeting_point=Mairie&appointment_date=2026-12-03%2008:45:00&management_url=https://rdv.example/1" "${booking[@]}" | grep '"success":true' >/dev/null || fail "appointment"
curl -sf "http://127.0.0.1:$port/api/status?application_ids=$number" "${booking[@]}" | jq -e ".\"$number\".status == \"validated\" and (.\"$number\".appointments | length) == 1" >/dev/null || fail "booking status"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/status?application_ids=abc" "${booking[@]}")" = 422 ] || fail "booking 422"

# The mairie: wait for the recap, correct with the ETag read, lodge, upload every document,
# and wait for the scan archive to complete the dossier (blob trigger, table, queue).
api="http://127.0.0.1:$port/api"
mairie=(-H 'X-Api-Key: dev-mairie-75056-key')
recap=0
for _ in $(seq 1 200); do recap="$(curl -s -o /dev/null -w '%{http_code}' "$api/predemandes/$number/recap" -H 'X-Api-Key: dev-portal-key')"; [ "$recap" = 200 ] && break; sleep 0.1; done
[ "$recap" = 200 ] || fail "no recap: $recap"
etag="$(curl -sf -D - -o /dev/null "$api/dr/predemandes/$number" "${mairie[@]}" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
[ -n "$etag" ] || fail "no ETag on the mairie lookup"
curl -sf -X PATCH "$api/dr/predemandes/$number" "${mairie[@]}" -H "If-Match: $etag" -H 'Content-Type: application/merge-patch+json' \
  --data '{"form":{"applicant":{"heightCm":171}}}' | jq -e '.corrections[0].field == "applicant.heightCm"' >/dev/null || fail "correction"
deposit="$(curl -sf -X POST "$api/dr/predemandes/$number/deposit" "${mairie[@]}")" || fail "deposit"
while read -r url; do
  printf '%%PDF-1.7\n%% smoke\n' | curl -sf -X PUT "$url" -H 'x-ms-blob-type: BlockBlob' --data-binary @- >/dev/null || fail "upload to $url"
done < <(jq -r '.documents[].uploadUrl' <<<"$deposit")
complete=false
for _ in $(seq 1 200); do
  complete="$(curl -sf -X POST "$api/dr/predemandes/$number/deposit" "${mairie[@]}" | jq -r '.dossierComplete')"
  [ "$complete" = true ] && break; sleep 0.1
done
[ "$complete" = true ] || fail "dossier not complete after the uploads"
curl -sf -o "$data/receipt.pdf" "$api/dr/predemandes/$number/receipt" "${mairie[@]}" || fail "récépissé"
[ "$(head -c 5 "$data/receipt.pdf")" = "%PDF-" ] || fail "the récépissé is not a PDF"

# The préfecture: reads the lodged dossier with its document URLs and reports progress.
prefecture=(-H 'X-Api-Key: dev-prefecture-75-key')
view="$(curl -sf "$api/prefecture/predemandes/$number" "${prefecture[@]}")" || fail "préfecture read"
jq -e '[.documents[] | select(.available) | .url] | length > 6' <<<"$view" >/dev/null || fail "préfecture documents: $view"
for event in instructionStarted inProduction; do
  curl -sf -X POST "$api/prefecture/predemandes/$number/events" "${prefecture[@]}" -H 'Content-Type: application/json' \
    --data "{\"type\":\"$event\"}" | jq -e '.applied' >/dev/null || fail "event $event"
done
conflict="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$api/prefecture/predemandes/$number/events" "${prefecture[@]}" -H 'Content-Type: application/json' --data '{"type":"handedOver"}')"
[ "$conflict" = 409 ] || fail "an event out of sequence answered $conflict"
# The timers as the host invokes them.
for timer in PurgeExpiredData SendCollectionReminders; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/$timer" -H 'Content-Type: application/json' \
    --data '{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"'"$timer"'"}}}')"
  [ "$code" = 200 ] || fail "timer $timer answered $code"
done

# Every trigger above ran through POST /{FunctionName} from the stand-in host (the queue
# triggers within host.json's maxPollingInterval).
for function in RenderRecap SendNotification ArchiveScan DispatchInstructionTask RouteStatusChange; do
  for _ in $(seq 1 100); do grep -q "Function $function invocation .* succeeded" "$data/app.log" && break; sleep 0.1; done
  grep -q "Function $function invocation .* succeeded" "$data/app.log" || fail "$function was not invoked by the stand-in host"
done
if grep -qE "Exception|fail:" "$data/app.log"; then fail "errors in the log"; fi

# Cold start as on Flex Consumption: storage exists, the app does not create it.
kill "$host_pid" "$app_pid"; wait "$app_pid" 2>/dev/null || true
start=$(date +%s%N)
(cd "$out" && PreDemande__Storage__CreateMissing=false ./PreDemande.Functions) > "$data/app2.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 500); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.005; done
echo "native start to first answer (storage creation off): $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "AOT smoke test passed: $number submitted, read back, looked up, corrected, lodged, $(jq '.documents | length' <<<"$deposit") scans archived, récépissé, read by the préfecture, 2 events, status for booking, health ok, size $(du -h "$out/PreDemande.Functions" | cut -f1)"
