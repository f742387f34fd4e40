#!/usr/bin/env bash
# Runs every benchmark (bench/*.ts) one after another with Node 24 (npx tsx).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
for f in bench/*.ts; do
  echo "== $f"
  npx tsx "$f" || status=1
done
exit "$status"
