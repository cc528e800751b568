#!/usr/bin/env bash
# Install everything the tests need (Debian chromium for the browser test, the package with its dev extras)
# and run the whole test suite. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
source scripts/_venv.sh
ensure_venv "[dev]"
.venv/bin/ruff check --quiet .
exec .venv/bin/python -m pytest "$@"
