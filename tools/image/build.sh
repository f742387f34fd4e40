#!/usr/bin/env bash
# Builds the k8s-scheduler container image without a Docker daemon and without pulling a base image:
# the root filesystem is assembled here from Debian packages (apt-get download + dpkg-deb -x), the
# Node 24 binary of the npm `node` package and the release (npm run build -> dist/k8s-scheduler), then
# written as an OCI image by go-containerregistry's crane (tools/gobuild) through a registry it serves
# on loopback for the duration of the build.
#
#   npm run build && bash tools/image/build.sh [out-dir]      (default dist/image)
#
# Writes <out>/oci/ (an OCI image layout), <out>/k8s-scheduler.tar (a tarball `docker load` reads)
# and <out>/digest, and prints the digest last. Layers, bottom to top: Debian runtime libraries,
# certificates and time zones with /etc/passwd; the directories owned by the non-root user (uid
# 65532); Node; the release. Every file has a fixed time stamp, so the same inputs give the same
# layers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(mkdir -p "${1:-$root/dist/image}" && cd "${1:-$root/dist/image}" && pwd)"
release="${RELEASE_DIR:-$root/dist/k8s-scheduler}"
node_bin="$(readlink -f "$root/node_modules/node/bin/node")"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/k8s-scheduler/image"
log() { printf '[image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

[ -f "$release/bin/k8s-scheduler.mjs" ] || { log "no release in $release: run npm run build first"; exit 1; }
[ -x "$node_bin" ] || { log "no Node binary at node_modules/node/bin/node: run npm ci first"; exit 1; }
crane="$(bash "$root/tools/gobuild/build.sh" crane | tail -n1)"
version="$(node -p "require('$release/package.json').version")"
node_version="$("$node_bin" --version)"

work="$(mktemp -d)"
registry_pid=""
cleanup() { [ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# --- Debian packages: the shared libraries Node links against, CA certificates, time zones ---
packages=(libc6 libstdc++6 libgcc-s1 ca-certificates tzdata)
mkdir -p "$cache/debs"
(
  cd "$cache/debs"
  if ! apt-get download "${packages[@]}" >/dev/null 2>&1; then
    log "apt-get download failed; refreshing the package lists once"
    apt-get update -qq >/dev/null
    apt-get download "${packages[@]}" >/dev/null
  fi
)
base="$work/base"
mkdir -p "$base"
for p in "${packages[@]}"; do
  deb="$(ls -t "$cache/debs/${p}_"*.deb | head -n1)"
  log "unpacking $(basename "$deb")"
  dpkg-deb -x "$deb" "$base"
done
# What a runtime needs of them: no manuals, locales or changelogs; each package's copyright stays.
rm -rf "$base/usr/share/man" "$base/usr/share/info" "$base/usr/share/lintian" "$base/usr/share/locale" \
  "$base/usr/share/gcc" "$base/usr/share/gdb" "$base/etc/ld.so.conf.d" "$base/usr/sbin" "$base/sbin" "$base/usr/bin"
find "$base/usr/share/doc" -type f ! -name copyright -delete
# update-ca-certificates would build this bundle at install time; do the same by hand.
mkdir -p "$base/etc/ssl/certs"
find "$base/usr/share/ca-certificates" -name '*.crt' | sort | xargs cat > "$base/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:65532:65532:k8s-scheduler:/home/nonroot:/usr/sbin/nologin\n' > "$base/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$base/etc/group"
printf 'hosts: files dns\n' > "$base/etc/nsswitch.conf"
ln -sf /usr/share/zoneinfo/Etc/UTC "$base/etc/localtime"
mkdir -p "$base/proc" "$base/dev" "$base/sys" "$base/tmp" "$base/root"
chmod 1777 "$base/tmp"

owned="$work/owned"   # the non-root user's directories
mkdir -p "$owned/data" "$owned/home/nonroot"

nodefs="$work/node"
mkdir -p "$nodefs/usr/local/bin"
cp "$node_bin" "$nodefs/usr/local/bin/node"
strip --strip-debug "$nodefs/usr/local/bin/node" 2>/dev/null || true

appfs="$work/app"
mkdir -p "$appfs"
cp -r "$release" "$appfs/app"

layer() { # layer <dir> <tar> <owner> [paths...]: a tar with fixed times and owners
  local dir="$1" tarfile="$2" owner="$3"; shift 3
  [ $# -gt 0 ] || set -- $(ls -A "$dir")
  (cd "$dir" && tar --sort=name --mtime=@0 --owner="$owner" --group="$owner" --numeric-owner \
    --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf "$tarfile" "$@")
}
mkdir -p "$base/home"
layer "$base" "$work/base.tar" 0
layer "$owned" "$work/owned.tar" 65532 data home/nonroot
layer "$nodefs" "$work/node.tar" 0
layer "$appfs" "$work/app.tar" 0

# --- the image, through a registry crane serves on loopback for this build only ---
mkdir -p "$work/registry"
"$crane" registry serve --address 127.0.0.1:0 --disk "$work/registry" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
  port="$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$work/registry.log" | head -n1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { log "crane registry did not start: $(cat "$work/registry.log")"; exit 1; }
ref="127.0.0.1:$port/k8s-scheduler:$version"
quiet() { "$@" 2>>"$work/crane.log" || { cat "$work/crane.log" >&2; return 1; }; } # crane logs every blob

log "appending 4 layers"
quiet "$crane" append --insecure --oci-empty-base -f "$work/base.tar" -f "$work/owned.tar" -f "$work/node.tar" -f "$work/app.tar" -t "$ref" >/dev/null
quiet "$crane" mutate --insecure "$ref" -t "$ref" \
  --set-platform linux/amd64 \
  --entrypoint /usr/local/bin/node,/app/bin/k8s-scheduler.mjs --cmd server \
  --user 65532:65532 --workdir /app \
  -e NODE_ENV=production -e HOST=0.0.0.0 -e DATA_DIR=/data -e METRICS_HOST=0.0.0.0 \
  -e SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt -e TZ=UTC \
  --exposed-ports 8081,9464 \
  -l org.opencontainers.image.title=k8s-scheduler \
  -l org.opencontainers.image.version="$version" \
  -l org.opencontainers.image.licenses=Apache-2.0 \
  -l org.opencontainers.image.description="k8s-scheduler $version on Node $node_version" >/dev/null

rm -rf "$out/oci" "$out/k8s-scheduler.tar"
quiet "$crane" pull --insecure --format=oci "$ref" "$out/oci"
quiet "$crane" pull --insecure "$ref" "$work/pulled.tar"
# The tarball names the image k8s-scheduler:<version>, not after the throwaway registry.
mkdir "$work/tarball"
tar -xf "$work/pulled.tar" -C "$work/tarball"
sed -i "s#127.0.0.1:$port/k8s-scheduler:$version#k8s-scheduler:$version#g" "$work/tarball/manifest.json"
(cd "$work/tarball" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out/k8s-scheduler.tar" $(ls -A))
digest="$(quiet "$crane" digest --insecure "$ref")"
echo "$digest" > "$out/digest"
log "image k8s-scheduler:$version ($(du -sh "$out/k8s-scheduler.tar" | cut -f1) tarball, Node $node_version): $out/oci, $out/k8s-scheduler.tar"
echo "$digest"
