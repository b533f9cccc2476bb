#!/usr/bin/env bash
# The ClamAV scanner against the real engine: installs Debian's clamav (clamscan,
# sigtool) when it is missing, then runs the handler on a clean file, EICAR,
# EICAR in a zip, an oversized object and a broken signature database.
# No official definitions are downloaded: the test builds an EICAR signature
# with `sigtool --md5`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clamscan >/dev/null || ! command -v sigtool >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clamav
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clamav
  fi
fi
clamscan --version
npm run test:clamav
