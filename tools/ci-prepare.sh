#!/usr/bin/env bash
# CI preparation: system packages and services the tests need. Idempotent: every block
# checks before it installs, so a second run does nothing. .ci/run calls this script when
# it is executable. Keep each part in its own delimited block.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- begin: site (headless Chromium for tests/site) -------------------------------------
# The site tests open the generated HTML in Debian's chromium through chromium-driver;
# in CI (CI=true) a missing browser fails them, so install it here.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi
# --- end: site ---------------------------------------------------------------------------
