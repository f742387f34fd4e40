#!/usr/bin/env bash
# The one command that runs every test (README: `npm test`). On a fresh machine it first installs what
# the tests need: npm dependencies, Debian's postgresql, redis-server and chromium, and the local
# Kubernetes control plane (built from the Go module proxy into ~/.cache, see tools/kube-sim).
# Services are started throwaway by the test set-up itself (test/setup/*), never taken from the host.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
t0=$(date +%s)
say() { printf '\n==> %s\n' "$*"; }

# 0. Every Go-built component (the control plane, then crane, stripe-mock, ...: tools/gobuild) comes from
#    one background build step, started here before the slower steps; it prints its progress with a
#    [go-build] prefix, and each test waits for the binary it needs (test/setup/go-tools.ts).
go_build_pid=""
if command -v go >/dev/null; then
  say "Go-built components: building in the background (a cold control plane takes ~15 min on 2 cores)"
  mkdir -p test-results
  bash tools/gobuild/build.sh > >(tee test-results/go-build.log) 2>&1 &
  go_build_pid=$!
elif [ "${CI:-}" = "true" ]; then
  echo "Go is required in CI to build the local Kubernetes control plane"; exit 1
else
  echo "WARNING: Go is not installed: Kubernetes integration tests will be skipped (reason printed by the test set-up)"
fi

# 1. npm dependencies (npm scripts then run on the node@24 pinned in devDependencies).
if [ ! -x node_modules/.bin/node ] || [ ! -x node_modules/.bin/vitest ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
export PATH="$PWD/node_modules/.bin:$PATH"
node --version | grep -q '^v2[4-9]\|^v[3-9][0-9]' || { echo "Node 24+ is required (node_modules/.bin/node)"; exit 1; }

# 2. Debian packages used by the tests.
missing=()
[ -d /usr/lib/postgresql ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts a system PostgreSQL/Redis on install; the tests never use them.
fi

# 2b. moto (PyPI) in server mode: the AWS Secrets Manager protocol for the secret-store tests.
if ! command -v moto_server >/dev/null; then
  say "installing moto[server] (AWS Secrets Manager test server)"
  python3 -m pip install --quiet 'moto[server]'
fi

# 3. Static checks.
say "typecheck"
npm run -s typecheck
say "lint"
npx eslint . --max-warnings=0
say "format (prettier --check)"
npx prettier --check . --log-level warn

# 4. The SPA, built for the end-to-end tests and served by the server.
say "building the web UI and the release (dist/k8s-scheduler)"
npm run -s build
say "bundling the standalone operator (k8s-scheduler operator runs it on plain Node)"
npm run -s build -w apps/cli

# 5. Tests: unit + integration, then end-to-end in headless Chromium.
mkdir -p test-results
status=0
if [ -n "$go_build_pid" ] && kill -0 "$go_build_pid" 2>/dev/null; then
  say "tests start; the Go build goes on in the background (tests wait for the binary they need)"
fi
say "unit and integration tests"
vitest run --project unit --project integration --reporter=default --reporter=json --outputFile.json=test-results/main.json || status=$?
if ls apps/*/src/**/*.e2e.test.ts test/**/*.e2e.test.ts >/dev/null 2>&1 || compgen -G "apps/web/e2e/*.e2e.test.ts" >/dev/null || compgen -G "test/e2e/*.e2e.test.ts" >/dev/null; then
  say "end-to-end tests (headless Chromium)"
  vitest run --project e2e --reporter=default --reporter=json --outputFile.json=test-results/e2e.json || status=$?
fi

node -e '
const fs = require("fs");
let p = 0, f = 0, s = 0;
for (const file of ["test-results/main.json", "test-results/e2e.json"]) {
  if (!fs.existsSync(file)) continue;
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests + (r.numTodoTests || 0);
}
console.log(`\nTotal: ${p} passed, ${f} failed, ${s} skipped`);
'
if [ -n "$go_build_pid" ]; then wait "$go_build_pid" || { echo "the Go build step failed: test-results/go-build.log"; status=1; }; fi
echo "test run took $(( $(date +%s) - t0 ))s"
exit $status
