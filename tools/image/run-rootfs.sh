#!/usr/bin/env bash
# Runs a command from an unpacked image root filesystem the way a container runtime would, without
# one: a new mount and PID namespace (the command is PID 1 and sees its own /proc), the root
# read-only, /tmp and /dev as small tmpfs, DATA_DIR's directory bind-mounted writable at /data, and
# the image's user (uid/gid 65532). The network is the host's (loopback reaches it). Needs root.
#
#   tools/image/run-rootfs.sh <rootfs> <data-dir> <command> [args...]
# The environment is passed through as it is: start it with `env -i VAR=... tools/image/run-rootfs.sh`.
set -euo pipefail
if [ "${1:-}" != "--inside" ]; then
  exec unshare --mount --pid --fork --kill-child=SIGTERM bash "${BASH_SOURCE[0]}" --inside "$@"
fi
shift
R="$1" D="$2"; shift 2
mount --make-rprivate /
mount --bind "$R" "$R"
mount -t proc -o nosuid,nodev,noexec proc "$R/proc"
mount -t tmpfs -o mode=1777,size=64m,nosuid,nodev tmpfs "$R/tmp"
mount --bind "$D" "$R/data"
mount -t tmpfs -o mode=755,size=1m,nosuid tmpfs "$R/dev"
for d in null zero random urandom; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
mount -o remount,bind,ro "$R"
exec /usr/sbin/chroot --userspec=65532:65532 "$R" "$@"
