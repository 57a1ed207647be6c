#!/usr/bin/env bash
# Builds the test control plane (kube-apiserver, kube-controller-manager, etcd) from the Go
# module proxy and caches the binaries outside the clone, keyed by version:
#   ~/.cache/consortium-gitops/kube-<KUBE_VERSION>/bin/{kube-apiserver,kube-controller-manager}
#   ~/.cache/consortium-gitops/etcd-<ETCD_VERSION>/bin/etcd
# A second run finds them and exits at once. Versions live in test/cluster/versions.env.
# Environment: CONSORTIUM_CACHE_DIR (default ~/.cache/consortium-gitops),
#              CONSORTIUM_BUILD_PARALLELISM (go build -p, default 2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=/dev/null
source "$here/versions.env"

cache_root="${CONSORTIUM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops}"
kube_dir="$cache_root/kube-$KUBE_VERSION"
etcd_dir="$cache_root/etcd-$ETCD_VERSION"
parallelism="${CONSORTIUM_BUILD_PARALLELISM:-2}"

log() { printf '[build.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

have_kube() { [[ -x "$kube_dir/bin/kube-apiserver" && -x "$kube_dir/bin/kube-controller-manager" ]]; }
have_etcd() { [[ -x "$etcd_dir/bin/etcd" ]]; }

if have_kube && have_etcd; then
  log "cached: $kube_dir/bin (Kubernetes $KUBE_VERSION), $etcd_dir/bin (etcd $ETCD_VERSION)"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
build.sh: 'go' is not on PATH.
The test clusters are built from source with Go (>= 1.26 or any Go that can fetch
toolchain $GO_TOOLCHAIN_FALLBACK from the module proxy). Install Go from https://go.dev/dl/,
put it on PATH, and run test/cluster/build.sh again.
MSG
  exit 127
fi

# Modules of this Kubernetes release declare 'go 1.26.0'. An older local Go downloads the
# fallback toolchain through the module proxy instead of failing.
go_local="$(go env GOVERSION)"
go_minor="$(printf '%s' "$go_local" | sed -E 's/^go1\.([0-9]+).*/\1/')"
if [[ "$go_minor" =~ ^[0-9]+$ ]] && (( go_minor >= 26 )); then
  export GOTOOLCHAIN=local
else
  export GOTOOLCHAIN="$GO_TOOLCHAIN_FALLBACK"
fi
export CGO_ENABLED=0
export GOFLAGS=-mod=mod
export GOWORK=off

started_all=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/consortium-kube-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "Go $go_local (GOTOOLCHAIN=$GOTOOLCHAIN), -p $parallelism, work dir $work"

# shellcheck source=kube-wrapper.sh
source "$here/kube-wrapper.sh"

if ! have_kube; then
  started=$SECONDS
  mkdir -p "$work/kube"
  write_kube_wrapper "$work/kube"
  log "wrapper go.mod: $(grep -c '^replace' "$work/kube/go.mod") staging modules pinned to v0.${KUBE_VERSION#v1.}"
  ldflags="$(kube_ldflags)"
  out="$work/kube-bin"
  mkdir -p "$out"
  log "building kube-apiserver and kube-controller-manager $KUBE_VERSION (cold builds take tens of minutes)"
  (cd "$work/kube" && go build -p "$parallelism" -trimpath -ldflags "$ldflags" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager)
  mkdir -p "$kube_dir"
  rm -rf "$kube_dir/bin"
  mv "$out" "$kube_dir/bin"
  log "Kubernetes $KUBE_VERSION built in $((SECONDS - started))s -> $kube_dir/bin"
fi

if ! have_etcd; then
  started=$SECONDS
  mkdir -p "$work/etcd"
  {
    echo "module consortium-gitops.local/etcd-build"
    echo
    echo "go 1.26.0"
    echo
    echo "require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
  } >"$work/etcd/go.mod"
  printf 'package tools\n' >"$work/etcd/tools.go"
  out="$work/etcd-bin"
  mkdir -p "$out"
  log "building etcd $ETCD_VERSION"
  (cd "$work/etcd" && go build -p "$parallelism" -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3)
  mkdir -p "$etcd_dir"
  rm -rf "$etcd_dir/bin"
  mv "$out" "$etcd_dir/bin"
  log "etcd $ETCD_VERSION built in $((SECONDS - started))s -> $etcd_dir/bin"
fi

log "done in $((SECONDS - started_all))s"
