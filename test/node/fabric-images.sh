#!/usr/bin/env bash
# Assembles the Fabric images the test node runs, as one docker-archive tarball (no registry, no
# container engine) storing each layer once, from the binaries this repository builds:
#   localhost/consortium-node/fabric-peer:<Fabric version>     peer, sampleconfig core.yaml, and the
#                                                             CCaaS builder in /opt/hyperledger/ccaas_builder
#   localhost/consortium-node/fabric-orderer:<Fabric version>  orderer, sampleconfig orderer.yaml
#   localhost/consortium-node/fabric-tools:<Fabric version>    Debian base (sh, bash, jq, coreutils...),
#                                                             peer, osnadmin, configtxgen, configtxlator
#                                                             (+ fabric-ca-client when built)
#   localhost/consortium-node/fabric-ca:<Fabric CA version>    Debian base (glibc: the CA is a cgo build),
#                                                             fabric-ca-server, fabric-ca-client
#   localhost/consortium-node/provenance:<binary hash>         the sample chaincode server, when its source exists
# into ~/.cache/consortium-gitops/fabric-images-<hash of every input>/fabric-images.tar with
# images.list (reference and tarball per line) and not-built.txt (image: reason), and names that directory in
# ~/.cache/consortium-gitops/fabric-images.current; the test node imports them with its own images.
# Tags name the version of what the image runs (Fabric 3.1.1 binaries are never tagged 2.5.12);
# docs/testing.md says how the rendered manifests are pointed at them.
#
# Peer, orderer and chaincode are static Go binaries and get no shell; tools and CA get a minimal
# Debian root file system (mmdebstrap, DEBIAN_SUITE of versions.env), cached as one layer under
# ~/.cache/consortium-gitops/debian-rootfs-<suite>-<hash of the package list and recipe>/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=/dev/null
source "$here/versions.env"
# shellcheck source=image-lib.sh
source "$here/image-lib.sh"

cache_root="${CONSORTIUM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops}"
mirror="${CONSORTIUM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
log() { printf '[node fabric-images.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() {
  echo "fabric-images.sh: $*" >&2
  exit 1
}

# The Fabric and Fabric CA versions are pinned once, in scripts/build-fabric-tools.sh.
pin() { sed -n "s/^$1=\"\(.*\)\"$/\1/p" "$repo/scripts/build-fabric-tools.sh" | head -n 1; }
fabric_version="$(pin FABRIC_VERSION)"
fabric_commit="$(pin FABRIC_COMMIT)"
ca_version="$(pin FABRIC_CA_VERSION)"
[[ -n "$fabric_version" && -n "$fabric_commit" ]] || fail "FABRIC_VERSION/FABRIC_COMMIT not found in scripts/build-fabric-tools.sh"
fabric_dir="$cache_root/fabric-${fabric_commit:0:12}"
for file in bin/peer bin/orderer bin/osnadmin bin/configtxgen bin/configtxlator config/core.yaml config/orderer.yaml config/configtx.yaml; do
  [[ -f "$fabric_dir/$file" ]] || fail "$fabric_dir/$file missing; run scripts/build-fabric-tools.sh"
done
ccaas_dir="$(bash "$repo/test/fabric/ccaas-builder/build.sh")"

# What the Jobs' scripts call (test/node/tools-image.ts checks the rendered scripts against the
# image's list): sh, bash, jq, coreutils, grep, sed, awk, findutils, diffutils, gzip, tar, and for
# the enrollment Job curl (to the Kubernetes API) and openssl (certificate expiry, fingerprints).
debian_packages=(base-files base-passwd bash dash coreutils dpkg grep sed findutils gzip tar mawk diffutils
  debianutils libc-bin hostname ncurses-base jq curl openssl)
not_built=()

ca_bin="$cache_root/fabric-ca-${ca_version:-none}/bin"
have_ca=no
if [[ -z "$ca_version" ]]; then
  not_built+=("fabric-ca: FABRIC_CA_VERSION is not pinned in scripts/build-fabric-tools.sh")
elif [[ -x "$ca_bin/fabric-ca-server" && -x "$ca_bin/fabric-ca-client" ]]; then
  have_ca=yes
else
  not_built+=("fabric-ca: $ca_bin/fabric-ca-server and fabric-ca-client not built (scripts/build-fabric-tools.sh builds them; needs a C compiler)")
fi

chaincode_bin=""
if [[ -f "$repo/chaincode/provenance/build.sh" ]]; then
  # Prints the cached binary's path (~/.cache/consortium-gitops/provenance-<source hash>/bin/provenance).
  chaincode_bin="$(bash "$repo/chaincode/provenance/build.sh" | tail -n 1)" || chaincode_bin=""
  if [[ ! -x "$chaincode_bin" ]]; then
    chaincode_bin=""
    not_built+=("provenance: chaincode/provenance/build.sh failed")
  fi
else
  not_built+=("provenance: chaincode/provenance/build.sh not found")
fi

# The Debian base layer, keyed by suite, package list and this recipe.
rootfs_recipe='mmdebstrap --mode=root --variant=custom; path-exclude doc man info locale; rm dev/* var/cache var/log; tar numeric owners, mtime 0'
rootfs_key="$(printf '%s\n' "$DEBIAN_SUITE" "${debian_packages[*]}" "$rootfs_recipe" | sha256sum | cut -c1-12)"
rootfs_dir="$cache_root/debian-rootfs-$DEBIAN_SUITE-$rootfs_key"
base_layer="$rootfs_dir/layer.tar"
if [[ ! -f "$base_layer" ]]; then
  command -v mmdebstrap >/dev/null 2>&1 ||
    fail "mmdebstrap not found; it builds the Debian base of the tools and CA images (Debian: apt-get install mmdebstrap, or run test/node/host-packages.sh as root)"
  [[ "$(id -u)" == 0 ]] || fail "the Debian base is built as root (mmdebstrap --mode=root)"
  started=$SECONDS
  log "building the Debian $DEBIAN_SUITE base (${debian_packages[*]}) from $mirror"
  work="$(mktemp -d "${TMPDIR:-/tmp}/consortium-rootfs.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  include="$(
    IFS=,
    echo "${debian_packages[*]}"
  )"
  SOURCE_DATE_EPOCH=0 mmdebstrap --quiet --mode=root --variant=custom --include="$include" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    "$DEBIAN_SUITE" "$work/rootfs" "$mirror" >&2
  # The runtime mounts /dev, and nothing here needs apt's or dpkg's caches and logs.
  rm -rf "$work/rootfs"/dev/* "$work/rootfs"/var/cache/* "$work/rootfs"/var/log/* "$work/rootfs"/var/lib/apt/lists/*
  # Owners as Debian set them (numeric), times zero: the same packages give the same layer.
  tar --sort=name --mtime=@0 --numeric-owner --format=gnu -C "$work/rootfs" -cf "$work/layer.tar" .
  mkdir -p "$rootfs_dir"
  mv "$work/layer.tar" "$base_layer.tmp"
  mv "$base_layer.tmp" "$base_layer"
  printf '%s\n' "${debian_packages[@]}" >"$rootfs_dir/packages"
  rm -rf "$work"
  trap - EXIT
  log "Debian base built in $((SECONDS - started))s ($(du -h "$base_layer" | cut -f1)) -> $rootfs_dir"
fi

# The output directory is keyed by every input's content.
inputs=("$here/fabric-images.sh" "$here/image-lib.sh" "$here/versions.env" "$base_layer"
  "$fabric_dir"/bin/{peer,orderer,osnadmin,configtxgen,configtxlator} "$fabric_dir"/config/{core,orderer,configtx}.yaml
  "$ccaas_dir/bin/ccaas-builder")
[[ "$have_ca" == yes ]] && inputs+=("$ca_bin/fabric-ca-server" "$ca_bin/fabric-ca-client")
[[ -n "$chaincode_bin" ]] && inputs+=("$chaincode_bin")
recipe_hash="$({
  sha256sum "${inputs[@]}" | cut -d' ' -f1
  printf '%s\n' "$fabric_version" "$ca_version" "${not_built[@]}"
} | sha256sum | cut -c1-12)"
out_dir="$cache_root/fabric-images-$recipe_hash"
if [[ -f "$out_dir/images.list" ]]; then
  printf '%s\n' "$out_dir" >"$cache_root/fabric-images.current"
  log "images cached: $out_dir"
  exit 0
fi

started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/consortium-fabric-images.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out"
list="$work/out/images.list"
: >"$list"
archive="$work/archive"
archive_start "$archive"
path_env='"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'
fabric_env="$path_env,\"FABRIC_CFG_PATH=/etc/hyperledger/fabric\""

# install_bin FROM ROOTFS/DIR: a binary without its symbol tables (Go's stack traces use pclntab).
install_bin() {
  install -D -m 0755 "$1" "$2/$(basename "$1")"
  strip --strip-all "$2/$(basename "$1")" 2>/dev/null || true
}
# layer NAME: the layer of the files under $work/NAME (filled by the caller).
layer() {
  layer_tar "$work/$1" "$work/$1.layer.tar"
  printf '%s' "$work/$1.layer.tar"
}
# image NAME TAG CONFIG_JSON LAYER...: adds it to the one archive every image shares.
image() {
  local name="$1" tag="$2" config="$3" ref="localhost/consortium-node/$1:$2"
  shift 3
  archive_add "$archive" "$ref" "$config" "$@"
  printf '%s %s\n' "$ref" fabric-images.tar >>"$list"
}

# Layers, each stored once however many images use it.
# skeleton: what the images without the Debian base need (/tmp for programs that write there; the
# directory the rendered pods mount their ledger on).
new_rootfs "$work/skeleton"
mkdir -p "$work/skeleton/var/hyperledger/production"
skeleton="$(layer skeleton)"
# peer: the binary and sampleconfig core.yaml (peer image and tools image).
install_bin "$fabric_dir/bin/peer" "$work/peer/usr/local/bin"
install -D -m 0644 "$fabric_dir/config/core.yaml" "$work/peer/etc/hyperledger/fabric/core.yaml"
peer_layer="$(layer peer)"
# The CCaaS builder where core.yaml's externalBuilders entry names it.
mkdir -p "$work/builder/opt/hyperledger/ccaas_builder/bin"
install_bin "$ccaas_dir/bin/ccaas-builder" "$work/builder/opt/hyperledger/ccaas_builder/bin"
for step in detect build release; do ln -s ccaas-builder "$work/builder/opt/hyperledger/ccaas_builder/bin/$step"; done
builder_layer="$(layer builder)"
install_bin "$fabric_dir/bin/orderer" "$work/orderer/usr/local/bin"
install -D -m 0644 "$fabric_dir/config/orderer.yaml" "$work/orderer/etc/hyperledger/fabric/orderer.yaml"
orderer_layer="$(layer orderer)"
for tool in osnadmin configtxgen configtxlator; do install_bin "$fabric_dir/bin/$tool" "$work/tools/usr/local/bin"; done
for file in orderer.yaml configtx.yaml; do
  install -D -m 0644 "$fabric_dir/config/$file" "$work/tools/etc/hyperledger/fabric/$file"
done
tools_layer="$(layer tools)"

image fabric-peer "$fabric_version" "{\"Cmd\":[\"peer\",\"node\",\"start\"],\"Env\":[$fabric_env],\"WorkingDir\":\"/\"}" \
  "$skeleton" "$peer_layer" "$builder_layer"
image fabric-orderer "$fabric_version" "{\"Cmd\":[\"orderer\"],\"Env\":[$fabric_env],\"WorkingDir\":\"/\"}" \
  "$skeleton" "$orderer_layer"

tools_layers=("$base_layer" "$peer_layer" "$tools_layer")
if [[ "$have_ca" == yes ]]; then
  install_bin "$ca_bin/fabric-ca-client" "$work/ca-client/usr/local/bin"
  ca_client_layer="$(layer ca-client)"
  tools_layers+=("$ca_client_layer")
  mkdir -p "$work/ca-server/etc/hyperledger/fabric-ca-server"
  install_bin "$ca_bin/fabric-ca-server" "$work/ca-server/usr/local/bin"
  # A cgo build: every shared library it needs must be in the Debian base.
  mkdir -p "$work/base-libs"
  tar -C "$work/base-libs" -xf "$base_layer" --wildcards './lib/*' './lib64/*' './usr/lib/*' 2>/dev/null || true
  for lib in $(readelf -d "$ca_bin/fabric-ca-server" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    [[ -n "$(find "$work/base-libs" -name "$lib" -print -quit)" ]] ||
      fail "fabric-ca-server needs $lib, which the Debian base ($DEBIAN_SUITE) does not have"
  done
  rm -rf "$work/base-libs"
  image fabric-ca "${ca_version#v}" \
    "{\"Cmd\":[\"fabric-ca-server\",\"start\"],\"Env\":[$path_env,\"FABRIC_CA_HOME=/etc/hyperledger/fabric-ca-server\"],\"WorkingDir\":\"/\"}" \
    "$base_layer" "$ca_client_layer" "$(layer ca-server)"
fi
image fabric-tools "$fabric_version" "{\"Cmd\":[\"/bin/bash\"],\"Env\":[$fabric_env],\"WorkingDir\":\"/\"}" \
  "${tools_layers[@]}"

if [[ -n "$chaincode_bin" ]]; then
  install -D -m 0755 "$chaincode_bin" "$work/provenance/provenance"
  image provenance "$(sha256sum "$chaincode_bin" | cut -c1-12)" \
    "{\"Entrypoint\":[\"/provenance\"],\"Env\":[$path_env],\"WorkingDir\":\"/\"}" "$skeleton" "$(layer provenance)"
fi
archive_write "$archive" "$work/out/fabric-images.tar"

if ((${#not_built[@]} > 0)); then printf '%s\n' "${not_built[@]}" >"$work/out/not-built.txt"; else : >"$work/out/not-built.txt"; fi
mkdir -p "$(dirname "$out_dir")"
rm -rf "$out_dir"
mv "$work/out" "$out_dir"
printf '%s\n' "$out_dir" >"$cache_root/fabric-images.current"
log "images built in $((SECONDS - started))s ($(du -sh "$out_dir" | cut -f1), one archive) -> $out_dir"
for line in "${not_built[@]}"; do log "not built: $line"; done
