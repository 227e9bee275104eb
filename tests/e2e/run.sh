#!/usr/bin/env bash
# Browser test of `atlas serve`: builds the binary, makes sure Chromium and
# playwright-core are there, runs tests/e2e/serve.test.mjs in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi

cargo build --bin atlas
(cd tests/e2e && npm ci --no-audit --no-fund --silent)
ATLAS_BIN="$PWD/target/debug/atlas" node tests/e2e/serve.test.mjs
