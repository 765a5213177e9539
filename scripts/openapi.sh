#!/usr/bin/env bash
# Writes docs/openapi.json from the endpoints (the document GET /api/openapi.json serves).
# A test fails while the committed file and the generated document differ.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-npm.sh
PREDEMANDE_WRITE_OPENAPI=1 dotnet test tests/PreDemande.Functions.Tests -c Release \
  --filter "FullyQualifiedName~OpenApiDocumentTests.The_committed_docs_openapi_json" -v quiet -nologo
echo "docs/openapi.json written"
