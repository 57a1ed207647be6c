#!/usr/bin/env bash
# Builds Hyperledger Fabric CA's fabric-ca-server and fabric-ca-client at the version given as the
# first argument (pinned in scripts/build-fabric-tools.sh, which calls this script) from the Go
# module proxy into ~/.cache/consortium-gitops/fabric-ca-<version>/bin/, and prints that directory.
# The server needs cgo: its default database is SQLite (github.com/mattn/go-sqlite3), so a C
# compiler must be installed. The binaries link glibc dynamically, like any cgo build.
# Idempotent: when both binaries exist and were built from the same inputs it only prints the path.
set -euo pipefail

FABRIC_CA_VERSION="${1:?usage: build-fabric-ca.sh <version, e.g. v1.5.21>}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops"
out="$cache_root/fabric-ca-$FABRIC_CA_VERSION"
bin="$out/bin"
parallelism="${CONSORTIUM_BUILD_PARALLELISM:-2}"
commands=(fabric-ca-server fabric-ca-client)

if ! command -v go >/dev/null 2>&1; then
  echo "build-fabric-ca: Go is not installed (Go 1.25 or newer is needed); the Fabric CA suites will be reported as not run" >&2
  exit 1
fi
stamp_input="github.com/hyperledger/fabric-ca@$FABRIC_CA_VERSION ${commands[*]} $(go env GOVERSION)"
complete=true
for tool in "${commands[@]}"; do
  [[ -x "$bin/$tool" ]] || complete=false
done
if [[ "$complete" == true && -f "$out/stamp" && "$(cat "$out/stamp")" == "$stamp_input" ]]; then
  echo "$bin"
  exit 0
fi

cc="${CC:-gcc}"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "build-fabric-ca: no C compiler ($cc) found; fabric-ca-server needs cgo for SQLite. Install one (Debian: apt-get install gcc libc6-dev) or set CC; the Fabric CA suites will be reported as not run" >&2
  exit 1
fi

mkdir -p "$bin"
rm -rf "$out/src" "$out/stamp"
started=$SECONDS
echo "build-fabric-ca: downloading github.com/hyperledger/fabric-ca@$FABRIC_CA_VERSION" >&2
# Built inside a copy of the released module, with its own go.mod and go.sum, so the dependency
# versions are exactly the release's. (`go install pkg@version` would also do that, but it asks
# the proxy for the module's version list, which proxy.golang.org refuses for fabric-ca.)
module_dir="$(GOFLAGS=-mod=mod go mod download -json "github.com/hyperledger/fabric-ca@$FABRIC_CA_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -n "$module_dir" && -d "$module_dir" ]] || {
  echo "build-fabric-ca: the Go module proxy did not serve github.com/hyperledger/fabric-ca@$FABRIC_CA_VERSION" >&2
  exit 1
}
cp -R "$module_dir" "$out/src"
chmod -R u+w "$out/src"
cd "$out/src"
echo "build-fabric-ca: building ${commands[*]} (go build -p $parallelism, cgo)" >&2
# The version every command reports, as the release Makefile stamps it.
ldflags="-X github.com/hyperledger/fabric-ca/lib/metadata.Version=$FABRIC_CA_VERSION"
for tool in "${commands[@]}"; do
  CGO_ENABLED=1 CC="$cc" GOFLAGS=-mod=readonly go build -p "$parallelism" -trimpath -ldflags "$ldflags" \
    -o "$bin/$tool" "./cmd/$tool" >&2
done
echo "$stamp_input" >"$out/stamp"
echo "build-fabric-ca: done in $((SECONDS - started))s" >&2
echo "$bin"
