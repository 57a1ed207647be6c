#!/usr/bin/env bash
# Assembles the test node's container images from the binaries test/node/build.sh cached, as
# docker-archive tarballs (no registry, no container engine), into
#   ~/.cache/consortium-gitops/node-images-<hash of these scripts and versions>/
# with images.list naming each image's reference and tarball. The node harness imports them into
# its containerd with `ctr images import`. References are deterministic:
#   localhost/consortium-node/<name>:<version of what it contains>
# Images: pause, coredns, traefik, local-path-provisioner, busybox (the provisioner's helper pod
# needs a shell; Debian's busybox-static), testbox (smoke tests).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=/dev/null
source "$here/../cluster/versions.env"
# shellcheck source=/dev/null
source "$here/versions.env"
# shellcheck source=image-lib.sh
source "$here/image-lib.sh"

cache_root="${CONSORTIUM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops}"
log() { printf '[node images.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

busybox="$(command -v busybox || true)"
# ldd fails on a static binary, which is what an image without libraries needs.
if [[ -z "$busybox" ]] || ldd "$busybox" >/dev/null 2>&1; then
  echo "images.sh: a statically linked busybox is needed for the helper image (Debian: apt-get install busybox-static)" >&2
  exit 127
fi
busybox_version="$(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null || echo unknown)"
busybox_version="$(printf '%s' "$busybox_version" | tr -c 'A-Za-z0-9._-' '-')"
tools_hash="$(cd "$here/tools" && find . -type f \( -name '*.go' -o -name go.mod \) -print0 | LC_ALL=C sort -z |
  xargs -0 sha256sum | sha256sum | cut -c1-12)"
# Traefik is optional (the node then runs without a gateway); whether it is there is part of the key.
traefik_bin="$cache_root/traefik-$TRAEFIK_VERSION/bin/traefik"
have_traefik=no
[[ -x "$traefik_bin" ]] && have_traefik=yes
recipe_hash="$(cat "$here/images.sh" "$here/image-lib.sh" "$here/versions.env" "$here/../cluster/versions.env" |
  { cat; echo "$busybox_version $tools_hash traefik=$have_traefik"; } | sha256sum | cut -c1-12)"
out_dir="$cache_root/node-images-$recipe_hash"
if [[ -f "$out_dir/images.list" ]]; then
  printf '%s\n' "$out_dir" >"$cache_root/node-images.current"
  log "images cached: $out_dir"
  exit 0
fi

bin() { # component-version binary
  local file="$cache_root/$1/bin/$2"
  [[ -x "$file" ]] || { echo "images.sh: $file missing; run test/node/build.sh" >&2; exit 1; }
  printf '%s' "$file"
}

started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/consortium-node-images.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out"
list="$work/out/images.list"
: >"$list"

# one NAME TAG BINARY ENTRYPOINT_JSON: an image holding a single static binary at /NAME.
one() {
  local name="$1" tag="$2" binary="$3" entrypoint="$4" ref="localhost/consortium-node/$1:$2"
  new_rootfs "$work/$name"
  cp "$binary" "$work/$name/$(basename "$binary")"
  build_image "$ref" "$work/out/$name.tar" "$work/$name" "$entrypoint"
  printf '%s %s\n' "$ref" "$name.tar" >>"$list"
}

one pause "$PAUSE_VERSION" "$(bin "pause-$PAUSE_VERSION" pause)" '["/pause"]'
one coredns "$COREDNS_VERSION" "$(bin "coredns-$COREDNS_VERSION" coredns)" '["/coredns"]'
if [[ "$have_traefik" == yes ]]; then
  one traefik "$TRAEFIK_VERSION" "$traefik_bin" '["/traefik"]'
else
  log "no Traefik binary: the node will run without a gateway (test/node/build.sh traefik builds it)"
fi
one local-path-provisioner "$LOCAL_PATH_PROVISIONER_VERSION" \
  "$(bin "local-path-provisioner-$LOCAL_PATH_PROVISIONER_VERSION" local-path-provisioner)" '["/local-path-provisioner"]'
one testbox "$tools_hash" "$(bin "node-tools-$tools_hash" testbox)" '["/testbox"]'

# busybox with its applets as links, for the local-path helper pod's `sh` scripts.
new_rootfs "$work/busybox"
mkdir -p "$work/busybox/bin"
cp "$busybox" "$work/busybox/bin/busybox"
for applet in $("$busybox" --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$work/busybox/bin/$applet"
done
build_image "localhost/consortium-node/busybox:$busybox_version" "$work/out/busybox.tar" "$work/busybox" '["/bin/sh"]'
printf '%s %s\n' "localhost/consortium-node/busybox:$busybox_version" busybox.tar >>"$list"

mkdir -p "$(dirname "$out_dir")"
rm -rf "$out_dir"
mv "$work/out" "$out_dir"
log "images built in $((SECONDS - started))s -> $out_dir"
printf '%s\n' "$out_dir" >"$cache_root/node-images.current"
