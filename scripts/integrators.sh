#!/usr/bin/env bash
# The integrators' tests (tests/integrators/, pytest): the Python client that
# openapi-python-client generates from api-spec/openapi.yaml drives docs/walkthrough.md
# against a real `terril serve`, webhook deliveries are verified with the `standardwebhooks`
# package, and every example of docs/integrators.md is run. Installs its pinned packages
# from PyPI into target/integrators-venv on first use; run by .ci/run.
#
#   scripts/integrators.sh                 # all of them
#   scripts/integrators.sh -k guide        # pytest arguments pass through
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=target/integrators-venv
OUT=target/integrators
PACKAGES=(openapi-python-client==0.29.1 standardwebhooks==1.1.0 pytest==9.2.0)

if ! "$VENV/bin/python" -c 'import openapi_python_client, standardwebhooks, pytest' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "${PACKAGES[@]}"
fi
cargo build --quiet

# The client is generated afresh from the spec on every run, so a spec change that breaks
# it fails here. The import endpoint (a CSV or JSON-lines body) is one the generator skips.
rm -rf "$OUT"
mkdir -p "$OUT"
"$VENV/bin/openapi-python-client" generate --path api-spec/openapi.yaml \
    --output-path "$OUT/terril_client" --meta none > "$OUT/generate.log" 2>&1 \
    || { cat "$OUT/generate.log"; exit 1; }

PYTHONPATH="$OUT:tests/integrators" TERRIL_BIN=target/debug/terril \
    "$VENV/bin/pytest" -q -p no:cacheprovider tests/integrators "$@"
