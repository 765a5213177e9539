#!/bin/sh
# Run by infra/hooks/deploy.sh once the package is deployed: the function app's host then has a
# blobs_extension system key. Store it in the azd environment and provision again, which
# creates the Event Grid subscriptions of the blob triggers (infra/modules/eventgrid.bicep).
set -eu
if [ -n "$(azd env get-value BLOBS_EXTENSION_KEY 2>/dev/null || true)" ]; then
  echo "Event Grid subscriptions already provisioned"
  exit 0
fi
key=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  key="$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)"
  [ -n "$key" ] && break
  echo "waiting for the host to create its blobs_extension key ($attempt/10)"
  sleep 15
done
if [ -z "$key" ]; then
  echo "no blobs_extension key: open the function app once (it starts the host), then run infra/hooks/postdeploy.sh again" >&2
  exit 1
fi
azd env set BLOBS_EXTENSION_KEY "$key"
PREDEMANDE_SKIP_DEPLOY=1 azd provision --no-prompt
