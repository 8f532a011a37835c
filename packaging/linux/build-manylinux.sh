#!/usr/bin/env bash
# Build the one-folder bundle on an old base so it runs on 银河麒麟 V10 and 统信UOS 20 (glibc 2.28):
#
#   bash packaging/linux/build-manylinux.sh [x86_64|aarch64]     (default: this machine's architecture)
#
# The bundle needs the glibc of the machine it was built on (PyInstaller copies libstdc++, libexpat … from
# there). This script builds inside the manylinux_2_28 image (AlmaLinux 8, glibc 2.28) with docker or podman,
# and fails unless packaging/glibc_floor.py reports 2.28 or lower. aarch64 on an x86_64 host needs qemu
# binfmt (docker run --privileged --rm tonistiigi/binfmt --install arm64).
#
# PySide6 wheels set what can run there: x86_64 has glibc-2.28 wheels up to 6.9.3; aarch64 only up to
# 6.8.0.2 (later aarch64 wheels need glibc 2.39), so each architecture pins its own PySide6.
#
# Not run on this project's machines (no container engine there); written against the manylinux images'
# documented layout (/opt/python/cp311-cp311) and PyInstaller 6.
set -euo pipefail
cd "$(dirname "$0")/../.."
arch="${1:-$(uname -m)}"
case "$arch" in
  x86_64) pyside='PySide6-Essentials>=6.8.0.2,<6.10' ;;
  aarch64|arm64) arch=aarch64; pyside='PySide6-Essentials==6.8.0.2' ;;
  *) echo "build-manylinux: unsupported architecture $arch (x86_64 or aarch64; PySide6 has no loongarch64 wheels)" >&2; exit 2 ;;
esac
engine="$(command -v docker || command -v podman || true)"
if [ -z "$engine" ]; then
  echo "build-manylinux: needs docker or podman" >&2
  exit 2
fi
image="quay.io/pypa/manylinux_2_28_${arch}"
out="dist-manylinux-${arch}"
"$engine" run --rm --platform "linux/${arch/x86_64/amd64}" -v "$PWD":/src -w /src -e PYSIDE="$pyside" -e OUT="$out" "$image" bash -euo pipefail -c '
  dnf install -y -q fontconfig libxkbcommon-x11 xcb-util-cursor xcb-util-image xcb-util-keysyms \
      xcb-util-renderutil xcb-util-wm mesa-libEGL mesa-libGL dbus-libs >/dev/null
  /opt/python/cp311-cp311/bin/python -m venv /tmp/venv
  /tmp/venv/bin/python -m pip install -q --upgrade pip
  /tmp/venv/bin/python -m pip install -q "$PYSIDE" ".[bundle]"
  PYTHON=/tmp/venv/bin/python DIST="$OUT" WORK=/tmp/work bash scripts/build-bundle
'
floor="$(python3 packaging/glibc_floor.py "$out/hzsubsidy" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["glibc"])')"
if [ "$(printf '%s\n2.28\n' "$floor" | sort -V | tail -n 1)" != "2.28" ]; then
  echo "build-manylinux: the bundle needs glibc $floor, more than 2.28" >&2
  exit 1
fi
echo "built $out/hzsubsidy for $arch (glibc floor $floor)"
