#!/usr/bin/env bash
# Builds the Hyperledger Fabric tools the test suites need, from the Go module proxy, at one
# pinned Fabric release commit:
#   policydsl-conformance  Fabric's own policy parser behind a line protocol
#                          (source: test/conformance/fabric/main.go)
#   configtxgen            Fabric's channel configuration tool, to validate rendered configtx.yaml
# into ~/.cache/consortium-gitops/fabric-<shortcommit>/bin/ and prints that directory.
# Idempotent: when both binaries exist and were built from the same inputs it only prints the path.
#
# Fabric's v2/v3 tags are not valid Go module versions, so the release is pinned by commit, as
# the pseudo-version Go derives for it.
set -euo pipefail

# v3.1.1: the newest release commit the Go module proxy serves; its policydsl parses with govaluate.
FABRIC_VERSION="3.1.1"
FABRIC_COMMIT="435a7f1a780a128756fb2f72bf4cad164bf13fbb"
SHORT="${FABRIC_COMMIT:0:12}"
# The pseudo-version Go derives for that commit (committer time in UTC). The module proxy serves
# the commit under this name; asking for the bare hash is refused.
FABRIC_MODULE_VERSION="v1.4.0-rc1.0.20250510200036-$SHORT"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src_dir="$here/../test/conformance/fabric"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops"
out="$cache_root/fabric-$SHORT"
bin="$out/bin"

if ! command -v go >/dev/null 2>&1; then
  echo "build-fabric-tools: Go is not installed (Go 1.24 or newer is needed); the Fabric conformance and configtxgen suites will be skipped" >&2
  exit 1
fi

stamp_input="$FABRIC_MODULE_VERSION $(cat "$src_dir/main.go" "$src_dir/go.mod.template" | sha256sum | cut -d' ' -f1)"
if [[ -x "$bin/policydsl-conformance" && -x "$bin/configtxgen" && -f "$out/stamp" && "$(cat "$out/stamp")" == "$stamp_input" ]]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$out/src" "$bin"
cp "$src_dir/main.go" "$out/src/main.go"
cp "$src_dir/go.mod.template" "$out/src/go.mod"
rm -f "$out/src/go.sum" "$out/stamp"

export GOFLAGS=-mod=mod
export CGO_ENABLED=0
cd "$out/src"
echo "build-fabric-tools: resolving github.com/hyperledger/fabric@$FABRIC_COMMIT (v$FABRIC_VERSION)" >&2
go get "github.com/hyperledger/fabric@$FABRIC_MODULE_VERSION" >&2
go mod tidy >&2
echo "build-fabric-tools: building policydsl-conformance" >&2
go build -trimpath -o "$bin/policydsl-conformance" . >&2
echo "build-fabric-tools: building configtxgen" >&2
go build -trimpath \
  -ldflags "-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$SHORT" \
  -o "$bin/configtxgen" github.com/hyperledger/fabric/cmd/configtxgen >&2
echo "$stamp_input" >"$out/stamp"
echo "$bin"
