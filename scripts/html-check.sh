#!/usr/bin/env bash
# The Nu HTML checker (the W3C's validator, npm `vnu-jar`, pinned in tests/browser) on every
# page the browser journeys loaded, as served (kept in target/browser-pages/ by
# tests/browser/support/harness.js). Fails on any error; warnings are printed, not fatal.
# Run after scripts/browser-tests.sh; installs a Java runtime from Debian when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v java > /dev/null; then
    apt-get install -y --no-install-recommends default-jre-headless > /dev/null \
        || { apt-get update -qq && apt-get install -y --no-install-recommends default-jre-headless > /dev/null; }
fi
[ -d tests/browser/node_modules/vnu-jar ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

pages=target/browser-pages
count=$(find "$pages" -name '*.html' 2> /dev/null | wc -l)
if [ "$count" -eq 0 ]; then
    echo "no pages in $pages: run scripts/browser-tests.sh first" >&2
    exit 1
fi
echo "checking $count pages"
java -jar tests/browser/node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format text "$pages"
echo "the Nu HTML checker finds no error in $count pages"
