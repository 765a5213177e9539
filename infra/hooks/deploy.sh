#!/bin/sh
# azd postprovision hook (also runnable by hand after `azd env` is set): builds the deployment
# package with scripts/package.sh (Native AOT, host.json and the function.json folders at the
# root, the executable's mode 755 kept in the zip) and deploys it to the Flex Consumption app,
# then completes the Event Grid subscriptions of the blob triggers (infra/hooks/postdeploy.sh).
set -eu
cd "$(dirname "$0")/../.."
if [ "${PREDEMANDE_SKIP_DEPLOY:-}" = "1" ]; then
  # The provisioning run started by postdeploy.sh itself: the package is already deployed.
  exit 0
fi
scripts/package.sh
az functionapp deployment source config-zip \
  --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
  --src artifacts/package.zip
./infra/hooks/postdeploy.sh
