#!/usr/bin/env bash
# The one build step for every Go-built component the tests use: the local control plane first
# (tools/kube-sim/build.sh), then the tools pinned in tools/gobuild/versions.env, each into
# ~/.cache/k8s-scheduler/tools/<name>@<version>/ beside the control plane, with Go's one build cache,
# `-trimpath -ldflags "-s -w"`. Nothing built lands in the repository.
#
#   tools/gobuild/build.sh            everything (what `npm test` starts in the background, first)
#   tools/gobuild/build.sh crane      one tool; prints its path on the last line
#
# Each tool is built under its own lock: a test asking for a tool the background step is building
# waits for it (test/setup/go-tools.ts); a cached tool returns at once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/k8s-scheduler/tools"
mkdir -p "$cache_root"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
log() { printf '[go-build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

declare -A spec=()
order=()
while IFS='=' read -r key value; do
  [[ -z "$key" || "$key" == \#* ]] && continue
  name=$(tr 'A-Z_' 'a-z-' <<<"$key")
  spec[$name]="$value"
  order+=("$name")
done <"$here/versions.env"

# tool_path <name>: where the binary of the pinned version lives.
tool_path() {
  local ref="${spec[$1]}"
  echo "$cache_root/$1@${ref##*@}/$1"
}

build_tool() { # build_tool <name>; prints the path
  local name="$1" ref="${spec[$1]:-}"
  if [ -z "$ref" ]; then log "unknown tool '$name' (known: ${order[*]})"; return 2; fi
  local out dir
  out="$(tool_path "$name")"; dir="$(dirname "$out")"
  if [ -x "$out" ]; then echo "$out"; return 0; fi
  if ! command -v go >/dev/null 2>&1; then log "Go is not installed: cannot build $name"; return 3; fi
  mkdir -p "$dir"
  exec 8>"$dir/.lock"
  flock 8
  if [ ! -x "$out" ]; then
    local t0 rc=0; t0=$(date +%s)
    log "building $name ($ref)"
    ( while sleep 30; do log "... still building $name ($(( $(date +%s) - t0 ))s)"; done ) 8>&- &
    local hb=$!
    GOBIN="$dir/.gobin" go install -trimpath -ldflags "-s -w" "$ref" >&2 || rc=$?
    kill "$hb" 2>/dev/null || true; wait "$hb" 2>/dev/null || true
    if [ "$rc" -ne 0 ]; then log "FAILED to build $name ($ref), exit $rc"; exec 8>&-; return "$rc"; fi
    mv "$dir/.gobin/"* "$out" && rmdir "$dir/.gobin"
    log "built $name in $(( $(date +%s) - t0 ))s: $out"
  fi
  exec 8>&-
  echo "$out"
}

if [ $# -gt 0 ]; then
  for t in "$@"; do build_tool "$t"; done
  exit 0
fi

start=$(date +%s)
log "control plane (tools/kube-sim/build.sh), then: ${order[*]}"
if ! bash "$here/../kube-sim/build.sh" >/dev/null; then log "FAILED: the control plane did not build"; fi
status=0
for t in "${order[@]}"; do build_tool "$t" >/dev/null || status=1; done
log "all Go-built components ready in $(( $(date +%s) - start ))s"
exit "$status"
