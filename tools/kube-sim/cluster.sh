#!/usr/bin/env bash
# A real Kubernetes control plane on 127.0.0.1: etcd (data on /dev/shm), kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok (fake nodes whose pods become Running/Ready).
#
# Usage: tools/kube-sim/cluster.sh start|stop|status|env|restart-apiserver|list
#   KUBE_SIM_NAME       cluster name (default: local); several clusters can run side by side
#   KUBE_SIM_PORT_BASE  first of 6 consecutive ports (default: 16400 for "local", derived from the name otherwise)
#   KUBE_SIM_HOME       where cluster dirs live (default: ~/.cache/k8s-scheduler/kube-sim/clusters)
#   KUBE_SIM_HOLDER     pid of a user sharing the cluster (test runs): start registers it, stop only
#                       stops the cluster when no other live holder remains (a plain stop always stops)
#   KUBE_SIM_NODES      number of fake nodes (default 3), KUBE_SIM_NODE_CPU (8), KUBE_SIM_NODE_MEMORY (32Gi)
#
# Ports (base + n): 0 kube-apiserver, 1 etcd client, 2 etcd peer, 3 kube-controller-manager,
# 4 kube-scheduler, 5 kwok (kubelet API: pod logs). Plus a volume provisioner (provisioner.mjs) behind
# the default StorageClass `standard`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

cmd="${1:-status}"
name="${KUBE_SIM_NAME:-local}"
if [[ ! "$name" =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]]; then
  echo "invalid KUBE_SIM_NAME '$name' (lowercase letters, digits, dashes)" >&2
  exit 2
fi
home="${KUBE_SIM_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/k8s-scheduler/kube-sim/clusters}"
dir="$home/$name"
pki="$dir/pki"
logs="$dir/logs"
pids="$dir/pids"
kubeconfig="$dir/kubeconfig"
# Keyed by the cluster directory too: clusters of the same name under two KUBE_SIM_HOMEs never share
# (or delete) each other's etcd data.
etcd_data="/dev/shm/kube-sim-$(id -u)-$name-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)-etcd"
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok provisioner)

log() { printf '[kube-sim %s %s] %s\n' "$name" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- ports: fixed per cluster once chosen (stored in the cluster dir) -----------------------------
load_ports() { # load_ports [start]: only `start` may move a cluster to KUBE_SIM_PORT_BASE
  local base
  if [ "${1:-}" = start ] && [ -n "${KUBE_SIM_PORT_BASE:-}" ]; then
    base="$KUBE_SIM_PORT_BASE"
  elif [ -f "$dir/ports.env" ]; then
    # shellcheck disable=SC1091
    base="$(sed -n 's/^PORT_BASE=//p' "$dir/ports.env")"
  elif [ "$name" = local ]; then
    base=16400
  else
    base=$(( 16500 + ($(printf '%s' "$name" | cksum | cut -d' ' -f1) % 100) * 10 ))
  fi
  [[ "$base" =~ ^[0-9]+$ ]] && [ "$base" -ge 1024 ] && [ "$base" -le 65500 ] || die "bad port base '$base'"
  port_base=$base
  api_port=$base
  etcd_port=$((base + 1))
  etcd_peer_port=$((base + 2))
  kcm_port=$((base + 3))
  sched_port=$((base + 4))
  kwok_port=$((base + 5))
}

# --- process bookkeeping: pid files, verified against /proc/<pid>/exe before any signal -----------
alive() { # a zombie (exited, not yet reaped by whoever adopted it) counts as gone
  local state
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)"
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

pid_of() { # prints the pid of a running component of this cluster, or nothing
  local c="$1" f="$pids/$1.pid" pid exe
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  alive "$pid" || return 0
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  local want="$c"
  [ "$c" = provisioner ] && want=node # tools/kube-sim/provisioner.mjs
  [ "$(basename "${exe% (deleted)}")" = "$want" ] || return 0
  # A path of this cluster in the command line tells its process from another cluster's.
  local marker="$dir/"
  [ "$c" = etcd ] && marker="$etcd_data"
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 0
  echo "$pid"
}

stop_components() { # stop_components <component...>: TERM all, wait a short grace, then KILL survivors
  local c pid i live=() grace="${KUBE_SIM_STOP_GRACE:-3}"
  for c in "$@"; do
    pid="$(pid_of "$c")"
    rm -f "$pids/$c.pid"
    [ -n "$pid" ] || continue
    kill -TERM "$pid" 2>/dev/null || true
    live+=("$c:$pid")
  done
  [ ${#live[@]} -gt 0 ] || return 0
  # Everything of a kube-sim cluster is disposable, so a short grace is enough (kube-apiserver
  # stops listening at once on TERM but can linger for many seconds afterwards).
  for i in $(seq 1 $((grace * 10))); do
    local any=0
    for c in "${live[@]}"; do alive "${c#*:}" && any=1; done
    [ "$any" -eq 1 ] || return 0
    sleep 0.1
  done
  for c in "${live[@]}"; do
    alive "${c#*:}" || continue
    log "${c%%:*} (${c#*:}) still running ${grace}s after TERM, killing"
    kill -KILL "${c#*:}" 2>/dev/null || true
  done
  for i in $(seq 1 50); do
    local any=0
    for c in "${live[@]}"; do alive "${c#*:}" && any=1; done
    [ "$any" -eq 1 ] || return 0
    sleep 0.1
  done
}

spawn() { # spawn <component> <args...>: detached (own session) so the caller's terminal/ctrl-c does not kill it
  local c="$1"; shift
  mkdir -p "$logs" "$pids"
  # Non-interactive bash does not make background jobs group leaders, so setsid execs in place and
  # $! is the component's own pid.
  # 8>&- : the component must not inherit (and so hold forever) the cluster lock.
  local exe="$bin/$c"
  [ "$c" = provisioner ] && exe="$(command -v node)"
  setsid "$exe" "$@" >>"$logs/$c.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$pids/$c.pid"
}

port_free() { ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

curl_api() { curl -sS --max-time 5 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$api_port$1"; }

wait_until() { # wait_until <seconds> <description> <command...>
  local secs="$1" what="$2" deadline; shift 2
  deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
  log "$what"
}

check_alive() { # fail fast with the log tail when a component died during start-up
  local c="$1"
  if [ -z "$(pid_of "$c")" ]; then
    log "$c is not running; last lines of $logs/$c.log:"
    tail -n 25 "$logs/$c.log" >&2 || true
    return 1
  fi
}

# shellcheck source=cluster.files.sh
source "$here/cluster.files.sh"

# --- components -----------------------------------------------------------------------------------
start_etcd() {
  rm -rf "$etcd_data"; mkdir -p "$etcd_data"; chmod 700 "$etcd_data"
  spawn etcd --name=node0 --data-dir="$etcd_data" \
    --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster="node0=http://127.0.0.1:$etcd_peer_port" \
    --auto-compaction-retention=1 --quota-backend-bytes=$((2 * 1024 * 1024 * 1024)) \
    --unsafe-no-fsync=true --log-level=warn --logger=zap
  wait_until 60 "etcd ready on 127.0.0.1:$etcd_port" curl -sf "http://127.0.0.1:$etcd_port/health" || { check_alive etcd; die "etcd not healthy after 60s"; }
}

start_apiserver() {
  spawn kube-apiserver --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$api_port" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" --client-ca-file="$pki/ca.crt" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 --authorization-mode=Node,RBAC --allow-privileged=true \
    --kubelet-client-certificate="$pki/kubelet-client.crt" --kubelet-client-key="$pki/kubelet-client.key" \
    --kubelet-certificate-authority="$pki/ca.crt" --kubelet-preferred-address-types=InternalIP \
    --requestheader-client-ca-file="$pki/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$pki/front-proxy-client.crt" --proxy-client-key-file="$pki/front-proxy-client.key" \
    --endpoint-reconciler-type=none
}

wait_apiserver() {
  wait_until 120 "kube-apiserver ready: https://127.0.0.1:$api_port/readyz" \
    bash -c "[ \"\$(curl -sS --max-time 5 --cacert '$pki/ca.crt' --cert '$pki/admin.crt' --key '$pki/admin.key' https://127.0.0.1:$api_port/readyz)\" = ok ]" \
    || { check_alive kube-apiserver; die "kube-apiserver not ready after 120s (log: $logs/kube-apiserver.log)"; }
}

start_controllers() {
  # kwok renews the fake nodes' Leases and status like a kubelet; on a loaded 2-core machine those
  # heartbeats can starve past the default 50 s grace period, and the node lifecycle controller then
  # marks the nodes NotReady and every pod on them NotReady (kwok never flips them back). 5 minutes
  # of grace (and of start-up grace) keeps a busy machine from reading as dead nodes.
  local common=(--kubeconfig="$kubeconfig" --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig"
    --leader-elect=false --bind-address=127.0.0.1)
  spawn kube-controller-manager "${common[@]}" --secure-port="$kcm_port" \
    --root-ca-file="$pki/ca.crt" --service-account-private-key-file="$pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 --cluster-name="kube-sim-$name" \
    --kube-api-qps=200 --kube-api-burst=400 --concurrent-deployment-syncs=10 --concurrent-replicaset-syncs=10 \
    --node-monitor-grace-period=5m --node-startup-grace-period=5m
  spawn kube-scheduler "${common[@]}" --secure-port="$sched_port" --kube-api-qps=200 --kube-api-burst=400
  spawn kwok --kubeconfig="$kubeconfig" --config="$dir/kwok/kwok.yaml" --manage-all-nodes=true \
    --server-address="127.0.0.1:$kwok_port" --node-ip=127.0.0.1 --node-port="$kwok_port" \
    --tls-cert-file="$pki/kwok.crt" --tls-private-key-file="$pki/kwok.key" --cidr=10.244.0.1/16
}

create_nodes() {
  local n="${KUBE_SIM_NODES:-3}" cpu="${KUBE_SIM_NODE_CPU:-8}" mem="${KUBE_SIM_NODE_MEMORY:-32Gi}" i manifest=""
  for i in $(seq 1 "$n"); do
    manifest+="---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: \"0\"
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/role: agent
    node-role.kubernetes.io/agent: \"\"
    type: kwok
    topology.kubernetes.io/zone: zone-$(( (i - 1) % 3 + 1 ))
status:
  allocatable: {cpu: \"$cpu\", memory: $mem, pods: \"110\", ephemeral-storage: 100Gi}
  capacity: {cpu: \"$cpu\", memory: $mem, pods: \"110\", ephemeral-storage: 100Gi}
"
  done
  printf '%s' "$manifest" | kube apply -f - >/dev/null
  kube wait --for=condition=Ready node --all --timeout=90s >/dev/null \
    || { check_alive kwok; die "nodes not Ready after 90s (log: $logs/kwok.log)"; }
  log "$n nodes Ready ($cpu CPU / $mem each)"
}

# Storage: a default StorageClass whose claims get bound, by a provisioner running as a process
# (tools/kube-sim/provisioner.mjs: one hostPath PersistentVolume per claim, deleted with it).
start_storage() {
  command -v node >/dev/null || die "node is required for the volume provisioner"
  spawn provisioner "$here/provisioner.mjs" --dir "$dir/" --api "https://127.0.0.1:$api_port"
  kube apply -f - >/dev/null <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kube-sim.io/hostpath
reclaimPolicy: Delete
volumeBindingMode: Immediate
allowVolumeExpansion: true
EOF
  sleep 0.3
  check_alive provisioner || die "the volume provisioner did not start"
  log "default StorageClass 'standard' (claims bound by tools/kube-sim/provisioner.mjs)"
}

kube() { "$bin/kubectl" --kubeconfig="$kubeconfig" "$@"; }

resolve_bin() {
  if [ -z "${KUBE_SIM_BIN:-}" ]; then
    KUBE_SIM_BIN="$(bash "$here/build.sh" | tail -n 1)"
  fi
  bin="$KUBE_SIM_BIN"
  for c in "${components[@]}" kubectl; do [ "$c" = provisioner ] || [ -x "$bin/$c" ] || die "missing $bin/$c"; done
}

running_count() { local c n=0; for c in "${components[@]}"; do [ -n "$(pid_of "$c")" ] && n=$((n + 1)); done; echo "$n"; }

usage_text() {
  # The exact lines: the variables that locate this cluster, only where they differ from the defaults
  # (the platform reads the same KUBE_SIM_NAME and KUBE_SIM_HOME).
  local vars=""
  [ "$name" = local ] || vars+="KUBE_SIM_NAME=$name "
  [ -z "${KUBE_SIM_HOME:-}" ] || vars+="KUBE_SIM_HOME=$KUBE_SIM_HOME "
  local stop_cmd="${vars}bash tools/kube-sim/cluster.sh stop"
  [ -z "$vars" ] && stop_cmd="npm run cluster:stop"
  cat <<EOF

Kubernetes control plane '$name' is running (API https://127.0.0.1:$api_port).
  export KUBECONFIG=$kubeconfig
  alias kubectl=$bin/kubectl      # or: export PATH=$bin:\$PATH
  kubectl get nodes
Start the platform on it: ${vars}npm start
Logs: $logs/
Stop: $stop_cmd
EOF
}

# --- commands -------------------------------------------------------------------------------------
do_start() {
  mkdir -p "$dir"
  exec 8>"$dir/cluster.lock"
  flock 8
  resolve_bin
  load_ports start
  local n; n="$(running_count)"
  if [ "$n" -eq "${#components[@]}" ] && [ "$(curl_api /readyz 2>/dev/null)" = ok ]; then
    log "already running"
    add_holder
    usage_text
    return 0
  fi
  if [ "$n" -gt 0 ]; then
    log "found a partly running cluster ($n of ${#components[@]} processes); stopping it first"
    do_stop_locked
  fi
  local p
  for p in "$api_port" "$etcd_port" "$etcd_peer_port" "$kcm_port" "$sched_port" "$kwok_port"; do
    port_free "$p" || die "port $p is in use (ports $port_base..$((port_base + 5))); choose another KUBE_SIM_PORT_BASE"
  done
  printf 'PORT_BASE=%s\nAPI_PORT=%s\nETCD_PORT=%s\nKWOK_PORT=%s\nBIN=%s\n' \
    "$port_base" "$api_port" "$etcd_port" "$kwok_port" "$bin" >"$dir/ports.env"
  rm -rf "$logs"; mkdir -p "$logs" "$pids"
  local t0; t0=$(date +%s%N)
  # A start that fails half-way must not leave processes behind.
  trap 'rc=$?; if [ "$rc" -ne 0 ]; then log "start failed; stopping what was started"; do_stop_locked; fi' EXIT
  log "starting on ports $port_base..$((port_base + 5)) (etcd data: $etcd_data)"
  make_pki
  write_kubeconfig
  write_kwok_config
  start_etcd
  start_apiserver
  wait_apiserver
  start_controllers
  sleep 0.5
  check_alive kube-controller-manager && check_alive kube-scheduler && check_alive kwok || { do_stop_locked; die "start failed"; }
  create_nodes
  start_storage
  awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.1f\n", ns / 1e9 }' >"$dir/last-start-seconds"
  log "ready in $(cat "$dir/last-start-seconds")s"
  trap - EXIT
  add_holder
  usage_text
}

# --- holders: test runs sharing one cluster; the last one to leave stops it -----------------------
# A holder is a pid plus its start time (so a reused pid does not count as the same process).
proc_start() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }

add_holder() {
  local h="${KUBE_SIM_HOLDER:-}"
  [ -n "$h" ] || return 0
  [[ "$h" =~ ^[0-9]+$ ]] || die "KUBE_SIM_HOLDER must be a pid"
  mkdir -p "$dir/holders"
  proc_start "$h" >"$dir/holders/$h"
}

live_holders() { # prints the live holders, removing dead ones
  local f h
  [ -d "$dir/holders" ] || return 0
  for f in "$dir/holders"/*; do
    [ -e "$f" ] || continue
    h="$(basename "$f")"
    if alive "$h" && [ "$(proc_start "$h")" = "$(cat "$f")" ]; then echo "$h"; else rm -f "$f"; fi
  done
}

do_stop_locked() {
  # Clients first, etcd last.
  stop_components provisioner kwok kube-scheduler kube-controller-manager kube-apiserver
  stop_components etcd
  rm -rf "$etcd_data"
}

do_stop() {
  # Nothing of a cluster this script did not find is touched (its data may belong to a cluster kept
  # under another KUBE_SIM_HOME).
  [ -d "$dir" ] || { log "no cluster '$name' under $home: nothing to stop"; return 0; }
  exec 8>"$dir/cluster.lock"
  flock 8
  if [ -n "${KUBE_SIM_HOLDER:-}" ]; then
    rm -f "$dir/holders/$KUBE_SIM_HOLDER"
    local others; others="$(live_holders | tr '\n' ' ')"
    if [ -n "$others" ]; then
      log "still used by pid(s) $others- leaving it running"
      return 0
    fi
  fi
  rm -rf "$dir/holders"
  do_stop_locked
  log "stopped (etcd data $etcd_data removed)"
}

do_list() {
  local d
  [ -d "$home" ] || return 0
  for d in "$home"/*/; do
    [ -f "$d/ports.env" ] || continue
    local out state=stopped
    if out="$(KUBE_SIM_NAME="$(basename "$d")" KUBE_SIM_PORT_BASE="" bash "${BASH_SOURCE[0]}" status 2>/dev/null)"; then state=running; fi
    printf '%s  [%s]\n' "$(head -n 1 <<<"$out")" "$state"
  done
}

do_restart_apiserver() {
  [ -f "$dir/ports.env" ] || die "cluster '$name' was never started"
  exec 8>"$dir/cluster.lock"
  flock 8
  load_ports
  bin="$(sed -n 's/^BIN=//p' "$dir/ports.env")"
  [ -n "$(pid_of etcd)" ] || die "cluster '$name' is not running"
  stop_components kube-apiserver
  log "kube-apiserver stopped; starting it again"
  start_apiserver
  wait_apiserver
}

do_status() {
  if [ ! -f "$dir/ports.env" ]; then echo "cluster '$name': not created ($dir)"; return 1; fi
  load_ports
  local c pid rc=0 ready
  echo "cluster '$name' ($dir), ports $port_base..$((port_base + 5))"
  for c in "${components[@]}"; do
    pid="$(pid_of "$c")"
    if [ -n "$pid" ]; then
      printf '  %-24s running  pid %-8s rss %s\n' "$c" "$pid" "$(awk '/VmRSS/ {print $2 " " $3}' "/proc/$pid/status" 2>/dev/null)"
    else
      printf '  %-24s stopped\n' "$c"; rc=1
    fi
  done
  ready="$(curl_api /readyz 2>/dev/null || true)"
  echo "  readyz: ${ready:-unreachable}"
  [ "$ready" = ok ] || rc=1
  [ "$rc" -eq 0 ] && echo "  export KUBECONFIG=$kubeconfig"
  return "$rc"
}

do_env() {
  [ -f "$dir/ports.env" ] || die "cluster '$name' was never started"
  load_ports
  bin="$(sed -n 's/^BIN=//p' "$dir/ports.env")"
  echo "export KUBECONFIG=$kubeconfig"
  echo "export PATH=$bin:\$PATH"
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  env) do_env ;;
  restart-apiserver) do_restart_apiserver ;;
  list) do_list ;;
  *) echo "usage: $0 start|stop|status|env|restart-apiserver|list" >&2; exit 2 ;;
esac
