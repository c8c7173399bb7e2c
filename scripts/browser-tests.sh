#!/usr/bin/env bash
# The browser tests (tests/browser/, node:test): journeys through Terril's pages in Debian's
# Chromium, driven by playwright-core, with axe-core's accessibility checks on every page
# and a real SMTP server for the emails. Installs Chromium from Debian's packages when it
# is missing (as root) and the pinned npm packages from the lock file; run by .ci/run.
# Screenshots of every step are left in target/browser-screenshots/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium > /dev/null; then
    apt-get install -y --no-install-recommends chromium > /dev/null \
        || { apt-get update -qq && apt-get install -y --no-install-recommends chromium > /dev/null; }
fi
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --quiet
rm -rf target/browser-screenshots target/browser-pages
(cd tests/browser && npm test)
