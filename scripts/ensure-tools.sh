#!/usr/bin/env bash
# Makes the Debian tools the tests (and the other scripts) use present:
#   scripts/ensure-tools.sh                 the tools of the test suite
#   scripts/ensure-tools.sh jq curl zip     other packages, for the scripts that need them
# Installs what is missing with apt-get when it can (root, or sudo without a password);
# otherwise stops with one line naming the packages to install. A missing tool never turns into
# a skipped test: the tests are not started.
set -euo pipefail

# poppler-utils: pdftoppm (recap rendered to PNG); zbar-tools: zbarimg (QR code decoded);
# qpdf: qpdf --check (PDF structure); unzip: zipinfo (file modes in the deployment package);
# chromium-headless-shell: the reference page rendered as a browser renders it.
packages=("$@")
if [ "${#packages[@]}" -eq 0 ]; then
  packages=(poppler-utils zbar-tools qpdf unzip chromium-headless-shell)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "ensure-tools: missing Debian packages: ${missing[*]} (install them: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi

echo "ensure-tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
