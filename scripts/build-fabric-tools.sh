#!/usr/bin/env bash
# Builds the Hyperledger Fabric binaries the test suites need, from the Go module proxy, at one
# pinned Fabric release commit:
#   policydsl-conformance  Fabric's own policy parser behind a line protocol
#                          (source: test/conformance/fabric/main.go)
#   configtxgen            Fabric's channel configuration tool, to validate rendered configtx.yaml
#   configtxlator          compute_update and proto encode/decode, the reference for channel updates
#   orderer, peer          the nodes of the native test network (test/fabric-network/)
#   osnadmin               the orderer's channel participation client
# and, by scripts/build-fabric-ca.sh, Fabric CA's fabric-ca-server and fabric-ca-client into
# ~/.cache/consortium-gitops/fabric-ca-<version>/bin/ (the member's CA and the enrollment Job).
# into ~/.cache/consortium-gitops/fabric-<shortcommit>/bin/, with Fabric's sample core.yaml and
# orderer.yaml beside them in ../config/ (the nodes' defaults, as in Fabric's release archives),
# and prints the bin directory.
# Idempotent: when every binary exists and was built from the same inputs it only prints the path.
#
# Fabric's v2/v3 tags are not valid Go module versions, so the release is pinned by commit, as
# the pseudo-version Go derives for it.
set -euo pipefail

# v3.1.1: the newest release commit the Go module proxy serves; its policydsl parses with govaluate.
FABRIC_VERSION="3.1.1"
FABRIC_COMMIT="435a7f1a780a128756fb2f72bf4cad164bf13fbb"
SHORT="${FABRIC_COMMIT:0:12}"
# Fabric CA: its own module, with valid semver tags. The newest 1.5 release (Fabric 2.x/3.x CAs).
FABRIC_CA_VERSION="v1.5.21"
# The pseudo-version Go derives for that commit (committer time in UTC). The module proxy serves
# the commit under this name; asking for the bare hash is refused.
FABRIC_MODULE_VERSION="v1.4.0-rc1.0.20250510200036-$SHORT"
# Fabric commands built from the module, beside policydsl-conformance.
FABRIC_COMMANDS=(configtxgen configtxlator orderer peer osnadmin)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src_dir="$here/../test/conformance/fabric"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops"
out="$cache_root/fabric-$SHORT"
bin="$out/bin"
parallelism="${CONSORTIUM_BUILD_PARALLELISM:-2}"

if ! command -v go >/dev/null 2>&1; then
  echo "build-fabric-tools: Go is not installed (Go 1.24 or newer is needed); the Fabric conformance, configtxgen and native network suites will be reported as not run" >&2
  exit 1
fi

# Fabric CA needs cgo (SQLite); without a C compiler it is reported and the rest still builds.
if ! bash "$here/build-fabric-ca.sh" "$FABRIC_CA_VERSION" >/dev/null; then
  echo "build-fabric-tools: Fabric CA $FABRIC_CA_VERSION was not built (see above); the CA and enrollment suites will be reported as not run" >&2
fi

stamp_input="$FABRIC_MODULE_VERSION ${FABRIC_COMMANDS[*]} $(cat "$src_dir/main.go" "$src_dir/go.mod.template" | sha256sum | cut -d' ' -f1)"
complete=true
for tool in policydsl-conformance "${FABRIC_COMMANDS[@]}"; do
  [[ -x "$bin/$tool" ]] || complete=false
done
[[ -f "$out/config/core.yaml" && -f "$out/config/orderer.yaml" ]] || complete=false
if [[ "$complete" == true && -f "$out/stamp" && "$(cat "$out/stamp")" == "$stamp_input" ]]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$out/src" "$bin" "$out/config"
cp "$src_dir/main.go" "$out/src/main.go"
cp "$src_dir/go.mod.template" "$out/src/go.mod"
rm -f "$out/src/go.sum" "$out/stamp"

export GOFLAGS=-mod=mod
export CGO_ENABLED=0
cd "$out/src"
started_all=$SECONDS
echo "build-fabric-tools: resolving github.com/hyperledger/fabric@$FABRIC_COMMIT (v$FABRIC_VERSION)" >&2
go get "github.com/hyperledger/fabric@$FABRIC_MODULE_VERSION" >&2
go mod tidy >&2
echo "build-fabric-tools: building policydsl-conformance" >&2
go build -p "$parallelism" -trimpath -o "$bin/policydsl-conformance" . >&2

# The version every Fabric command reports (`peer version`, the orderer's start-up banner).
ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$SHORT"
packages=()
for tool in "${FABRIC_COMMANDS[@]}"; do packages+=("github.com/hyperledger/fabric/cmd/$tool"); done
started=$SECONDS
echo "build-fabric-tools: building ${FABRIC_COMMANDS[*]} (go build -p $parallelism)" >&2
# Without cgo the peer has no Go plugin support (custom handlers) and no PKCS#11; the tests need
# neither, and the binaries need no C toolchain.
go build -p "$parallelism" -trimpath -ldflags "$ldflags" -o "$bin/" "${packages[@]}" >&2
echo "build-fabric-tools: ${FABRIC_COMMANDS[*]} built in $((SECONDS - started))s" >&2

# Fabric's own defaults for the nodes, from the same module: FABRIC_CFG_PATH points here and
# environment variables override what a test needs.
sampleconfig="$(go list -m -f '{{.Dir}}' github.com/hyperledger/fabric)/sampleconfig"
for file in core.yaml orderer.yaml configtx.yaml; do
  install -m 0644 "$sampleconfig/$file" "$out/config/$file"
done

echo "$stamp_input" >"$out/stamp"
echo "build-fabric-tools: done in $((SECONDS - started_all))s" >&2
echo "$bin"
