#!/usr/bin/env bash
# Builds the local control plane (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
# etcd, kwok) from the Go module proxy into a cache directory keyed by the pinned versions.
# Nothing built lands in the repository. Re-running with everything built returns in seconds.
#
# Usage: tools/kube-sim/build.sh            (prints the bin directory on the last line)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

cache_root="${KUBE_SIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/k8s-scheduler/kube-sim}"
key="k8s-${KUBERNETES_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}"
bin="$cache_root/$key/bin"
work="$cache_root/$key/work"
mkdir -p "$bin" "$work"

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
log() { printf '[kube-sim build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

want=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok)
all_built() { local b; for b in "${want[@]}"; do [ -x "$bin/$b" ] || return 1; done; }

# Fast path, also where Go is absent but the binaries were cached earlier.
if all_built; then
  echo "$bin"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed: cannot build the local control plane (binaries missing in $bin)"
  exit 3
fi

# Serialise concurrent builds (tests and `npm run cluster` may race on a cold cache).
exec 9>"$cache_root/$key/.lock"
flock 9

missing=()
for b in "${want[@]}"; do [ -x "$bin/$b" ] || missing+=("$b"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "$bin"
  exit 0
fi
log "building: ${missing[*]} (cold build: ~15 min on 2 cores, ~1.4 GB of modules and ~4 GB of Go build cache; cached afterwards in $cache_root/$key)"
start=$(date +%s)

# Progress: a line every 30 s while a long step runs (a cold kube-apiserver compile takes minutes).
hb_pid=""
stop_heartbeat() { if [ -n "$hb_pid" ]; then kill "$hb_pid" 2>/dev/null || true; wait "$hb_pid" 2>/dev/null || true; hb_pid=""; fi; }
trap stop_heartbeat EXIT
step() { # step <description> <command...>
  local what="$1" t0 rc=0; shift
  t0=$(date +%s)
  log "$what"
  (
    s=""
    trap 'kill $s 2>/dev/null; exit 0' TERM
    while :; do
      sleep 30 & s=$!
      wait "$s"
      log "... still $what ($(( $(date +%s) - t0 ))s, $(( $(date +%s) - start ))s in total)"
    done
  ) 9>&- &
  hb_pid=$!
  "$@" || rc=$?
  stop_heartbeat
  return "$rc"
}

need() { [[ " ${missing[*]} " == *" $1 "* ]]; }

# --- Kubernetes: a wrapper module that replaces every staging module by its published version ---
if need kube-apiserver || need kube-controller-manager || need kube-scheduler || need kubectl; then
  kdir="$work/kubernetes"
  mkdir -p "$kdir"
  if [ ! -f "$kdir/.resolved" ]; then
    log "resolving k8s.io/kubernetes@$KUBERNETES_VERSION"
    upstream_mod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    staging_ver="v0${KUBERNETES_VERSION#v1}"
    go_line=$(grep -m1 '^go ' "$upstream_mod")
    godebug_line=$(grep -m1 '^godebug ' "$upstream_mod" || true)
    {
      echo "module k8s-scheduler.local/kube-sim"
      echo
      echo "$go_line"
      [ -n "$godebug_line" ] && echo "$godebug_line"
      echo
      echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
      echo
      echo "replace ("
      grep -E '^\s*k8s.io/[^ ]+ => \./staging/' "$upstream_mod" | awk -v v="$staging_ver" '{print "\t" $1 " => " $1 " " v}'
      echo ")"
    } > "$kdir/go.mod"
    cat > "$kdir/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
    step "resolving modules of k8s.io/kubernetes@$KUBERNETES_VERSION (go mod tidy)" bash -c 'cd "$1" && go mod tidy -e >&2' _ "$kdir"
    touch "$kdir/.resolved"
  fi
  minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    need "$c" || continue
    step "go build $c" bash -c 'cd "$1" && go build -trimpath -ldflags "$2" -o "$3" "k8s.io/kubernetes/cmd/$4" >&2' _ "$kdir" "$ldflags" "$bin/$c.tmp" "$c"
    mv "$bin/$c.tmp" "$bin/$c"
    log "built $c ($(( $(date +%s) - start ))s so far)"
  done
fi

# --- etcd: a tiny main of our own around etcdmain (the etcd module has local replaces) ---
if need etcd; then
  edir="$work/etcd"
  mkdir -p "$edir"
  if [ ! -f "$edir/.resolved" ]; then
    cat > "$edir/go.mod" <<GOMOD
module k8s-scheduler.local/kube-sim-etcd

go 1.24

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
GOMOD
    cat > "$edir/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
    step "resolving modules of etcd $ETCD_VERSION (go mod tidy)" bash -c 'cd "$1" && go mod tidy -e >&2' _ "$edir"
    touch "$edir/.resolved"
  fi
  step "go build etcd" bash -c 'cd "$1" && go build -trimpath -ldflags "-s -w" -o "$2" . >&2' _ "$edir" "$bin/etcd.tmp"
  mv "$bin/etcd.tmp" "$bin/etcd"
fi

# --- kwok: go install works directly ---
if need kwok; then
  step "go install kwok" env GOBIN="$work/gobin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >&2
  mv "$work/gobin/kwok" "$bin/kwok"
fi

log "done in $(( $(date +%s) - start ))s"
echo "$(( $(date +%s) - start ))" > "$cache_root/$key/last-build-seconds"
echo "$bin"
