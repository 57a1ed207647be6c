#!/usr/bin/env bash
# Builds the CCaaS external builder (this directory) into
#   ~/.cache/consortium-gitops/ccaas-builder-<source hash>/bin/{ccaas-builder,detect,build,release}
# (detect, build and release are links to ccaas-builder) and prints the builder directory, the
# `path` of a core.yaml chaincode.externalBuilders entry. Static (no cgo), so the same binary
# serves the native test network and the peer image. Idempotent: a cached build only prints.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${CONSORTIUM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops}"
# Same key as test/fabric/ccaas-builder.ts computes (sourceHash in test/node/binaries.ts).
hash="$(cd "$here" && find . -type f \( -name '*.go' -o -name go.mod \) -print0 | LC_ALL=C sort -z |
  xargs -0 sha256sum | sha256sum | cut -c1-12)"
out="$cache_root/ccaas-builder-$hash"

if [[ -x "$out/bin/ccaas-builder" && -L "$out/bin/release" ]]; then
  echo "$out"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "ccaas-builder: Go is not installed (Go 1.24 or newer is needed)" >&2
  exit 1
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/ccaas-builder.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
(cd "$here" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -p "${CONSORTIUM_BUILD_PARALLELISM:-2}" -trimpath \
  -ldflags "-s -w" -o "$work/bin/ccaas-builder" .)
for step in detect build release; do ln -s ccaas-builder "$work/bin/$step"; done
mkdir -p "$cache_root"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
chmod 0755 "$out"
echo "$out"
