#!/usr/bin/env bash
# Builds the provenance chaincode image without a container engine or registry: a single-layer
# docker-archive tarball holding only the static server binary (build.sh) at /provenance, run as
# an unprivileged user. Reproducible: the same sources give the same image digest.
#   chaincode/provenance/image.sh OUT.tar [REF]
# REF defaults to localhost/consortium/provenance-chaincode:<source hash>. Load it with
# `ctr images import OUT.tar`, `docker load -i OUT.tar` or `kind load image-archive OUT.tar`; push it
# to your registry and pin its digest in channels/<channel>/chaincodes/provenance.yaml.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: image.sh OUT.tar [REF]}"
binary="$(bash "$here/build.sh")"
hash="$(basename "$(dirname "$(dirname "$binary")")")"
ref="${2:-localhost/consortium/provenance-chaincode:${hash#provenance-}}"
# shellcheck source=../../test/node/image-lib.sh
source "$here/../../test/node/image-lib.sh"

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
new_rootfs "$rootfs"
cp "$binary" "$rootfs/provenance"
build_image "$ref" "$out" "$rootfs" '["/provenance"]'
printf '%s %s\n' "$ref" "$out"
