#!/usr/bin/env bash
# Builds the provenance chaincode server: one static binary (no cgo), which is all the chaincode
# image holds. Cached by the hash of its sources and the Go version under
#   ~/.cache/consortium-gitops/provenance-<hash>/bin/provenance
# and prints that path. The server reads CHAINCODE_ID and CHAINCODE_SERVER_ADDRESS (main.go).
# CONSORTIUM_BUILD_PARALLELISM (default 1) is go build's -p.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${CONSORTIUM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops}"
if ! command -v go >/dev/null 2>&1; then
  echo "chaincode/provenance/build.sh: Go is not installed (Go 1.22 or newer builds the chaincode)" >&2
  exit 127
fi
hash="$(cd "$here" && {
  find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) ! -name '*_test.go' -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum
  go version
} | sha256sum | cut -c1-12)"
out="$cache_root/provenance-$hash/bin/provenance"
if [[ ! -x "$out" ]]; then
  mkdir -p "$(dirname "$out")"
  started=$SECONDS
  (cd "$here" && CGO_ENABLED=0 go build -mod=mod -p "${CONSORTIUM_BUILD_PARALLELISM:-1}" -trimpath \
    -ldflags '-s -w' -o "$out.tmp" .)
  mv "$out.tmp" "$out"
  echo "chaincode/provenance/build.sh: built in $((SECONDS - started))s" >&2
fi
printf '%s\n' "$out"
