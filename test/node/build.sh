#!/usr/bin/env bash
# Builds the test node from source and caches each component outside the clone, keyed by version:
#   ~/.cache/consortium-gitops/kube-node-<KUBE_VERSION>/bin/{kubelet,kube-proxy,kube-scheduler}
#   ~/.cache/consortium-gitops/containerd-<v>/bin/{containerd,containerd-shim-runc-v2,ctr}
#   ~/.cache/consortium-gitops/runc-<v>/bin/runc                     (cgo, -tags seccomp)
#   ~/.cache/consortium-gitops/cni-plugins-<v>/bin/{bridge,host-local,loopback,portmap}
#   ~/.cache/consortium-gitops/coredns-<v>/bin/coredns
#   ~/.cache/consortium-gitops/kube-router-<v>/bin/kube-router
#   ~/.cache/consortium-gitops/traefik-<v>/bin/traefik
#   ~/.cache/consortium-gitops/local-path-provisioner-<v>/bin/local-path-provisioner
#   ~/.cache/consortium-gitops/gateway-api-<v>/crds/*.yaml          (experimental channel)
#   ~/.cache/consortium-gitops/pause-<PAUSE_VERSION>/bin/pause      (gcc -static, Kubernetes' pause.c)
#   ~/.cache/consortium-gitops/node-tools-<source hash>/bin/{testbox,apirelay}
# then the container images (test/node/images.sh). A second run finds everything and exits at
# once. Versions: test/node/versions.env (and KUBE_VERSION in test/cluster/versions.env).
# Needs Go, a C compiler with static glibc (gcc, libc6-dev) and libseccomp-dev.
# Environment: CONSORTIUM_CACHE_DIR (default ~/.cache/consortium-gitops),
#              CONSORTIUM_BUILD_PARALLELISM (go build -p, default 2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=/dev/null
source "$here/../cluster/versions.env"
# shellcheck source=/dev/null
source "$here/versions.env"

cache_root="${CONSORTIUM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/consortium-gitops}"
parallelism="${CONSORTIUM_BUILD_PARALLELISM:-2}"
tools_hash="$(cd "$here/tools" && find . -type f \( -name '*.go' -o -name go.mod \) -print0 | LC_ALL=C sort -z |
  xargs -0 sha256sum | sha256sum | cut -c1-12)"

kube_node_dir="$cache_root/kube-node-$KUBE_VERSION"
containerd_dir="$cache_root/containerd-$CONTAINERD_VERSION"
runc_dir="$cache_root/runc-$RUNC_VERSION"
cni_dir="$cache_root/cni-plugins-$CNI_PLUGINS_VERSION"
coredns_dir="$cache_root/coredns-$COREDNS_VERSION"
kube_router_dir="$cache_root/kube-router-$KUBE_ROUTER_VERSION"
traefik_dir="$cache_root/traefik-$TRAEFIK_VERSION"
local_path_dir="$cache_root/local-path-provisioner-$LOCAL_PATH_PROVISIONER_VERSION"
gateway_api_dir="$cache_root/gateway-api-$GATEWAY_API_VERSION"
pause_dir="$cache_root/pause-$PAUSE_VERSION"
tools_dir="$cache_root/node-tools-$tools_hash"

# Arguments name components to build (default: all), e.g. `build.sh runc pause`.
components=("$@")
want() { ((${#components[@]} == 0)) || [[ " ${components[*]} " == *" $1 "* ]]; }

log() { printf '[node build.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# name, then the files that must exist
have() {
  local file
  for file in "$@"; do [[ -x "$file" || -f "$file" ]] || return 1; done
}
have_kube_node() { have "$kube_node_dir"/bin/{kubelet,kube-proxy,kube-scheduler}; }
have_containerd() { have "$containerd_dir"/bin/{containerd,containerd-shim-runc-v2,ctr}; }
have_runc() { have "$runc_dir/bin/runc"; }
have_cni() { have "$cni_dir"/bin/{bridge,host-local,loopback,portmap}; }
have_coredns() { have "$coredns_dir/bin/coredns"; }
have_kube_router() { have "$kube_router_dir/bin/kube-router"; }
have_traefik() { have "$traefik_dir/bin/traefik"; }
have_local_path() { have "$local_path_dir/bin/local-path-provisioner"; }
have_gateway_api() { have "$gateway_api_dir/crds/gateway.networking.k8s.io_tlsroutes.yaml"; }
have_pause() { have "$pause_dir/bin/pause"; }
have_tools() { have "$tools_dir"/bin/{testbox,apirelay}; }
# What the node needs; kube-router (NetworkPolicy) and Traefik (gateway) are added when built.
have_node() {
  have_kube_node && have_containerd && have_runc && have_cni && have_coredns && have_local_path &&
    have_gateway_api && have_pause && have_tools
}
have_all() { have_node && have_kube_router && have_traefik; }

if have_all; then
  log "binaries cached under $cache_root"
  exec bash "$here/images.sh"
fi
if ((${#components[@]} > 0)); then log "building only: ${components[*]}"; fi

missing=()
command -v go >/dev/null 2>&1 || missing+=("Go >= 1.26 (https://go.dev/dl/, on PATH)")
command -v gcc >/dev/null 2>&1 || missing+=("a C compiler (Debian: apt-get install gcc libc6-dev)")
if command -v gcc >/dev/null 2>&1 && ! printf '#include <seccomp.h>\nint main(void){return 0;}\n' |
  gcc -x c - -o /dev/null -lseccomp >/dev/null 2>&1; then
  missing+=("libseccomp headers for runc's seccomp support (Debian: apt-get install libseccomp-dev)")
fi
if ((${#missing[@]} > 0)); then
  {
    echo "test/node/build.sh: cannot build the test node; missing:"
    printf '  - %s\n' "${missing[@]}"
    echo "Install them and run test/node/build.sh again."
  } >&2
  exit 127
fi

go_local="$(go env GOVERSION)"
go_minor="$(printf '%s' "$go_local" | sed -E 's/^go1\.([0-9]+).*/\1/')"
if [[ "$go_minor" =~ ^[0-9]+$ ]] && ((go_minor >= 26)); then
  export GOTOOLCHAIN=local
else
  export GOTOOLCHAIN="$GO_TOOLCHAIN_FALLBACK"
fi
export CGO_ENABLED=0
export GOWORK=off
unset GOFLAGS

started_all=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/consortium-node-build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
log "Go $go_local (GOTOOLCHAIN=$GOTOOLCHAIN), -p $parallelism, work dir $work"

# A writable copy of a module's source from the module proxy; building inside it honours the
# module's own go.mod (replace directives, vendor directory), which a wrapper module would not.
module_source() {
  local module="$1" dest="$2" dir
  dir="$(go mod download -json "$module" | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')"
  [[ -d "$dir" ]] || { log "could not download $module"; exit 1; }
  cp -r "$dir" "$dest"
  chmod -R u+w "$dest"
}

# Moves a finished bin directory into the cache (all or nothing).
install_bin() {
  local from="$1" to="$2"
  mkdir -p "$to"
  rm -rf "$to/bin"
  mv "$from" "$to/bin"
}

gobuild() { go build -p "$parallelism" -trimpath "$@"; }

# CPU seconds (user + system) of every finished child of this shell: go build waits for its
# compilers, so the difference around a build is the CPU it took. Wall time depends on what else
# the machine runs; CPU time divided by the cores gives what an idle machine would take.
cpu_seconds() {
  local stat fields
  read -r stat <"/proc/$$/stat"
  read -r -a fields <<<"${stat##*) }"
  echo $(((fields[13] + fields[14]) / $(getconf CLK_TCK)))
}
timings=()
# Called after each component: logs and records its wall and CPU time (started, cpu_started).
built() {
  local wall=$((SECONDS - started)) cpu=$(($(cpu_seconds) - cpu_started))
  timings+=("$1 ${wall}s (CPU ${cpu}s)")
  log "$1 built in ${wall}s, ${cpu}s of CPU"
}

if want kube-node && ! have_kube_node; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  # shellcheck source=../cluster/kube-wrapper.sh
  source "$here/../cluster/kube-wrapper.sh"
  mkdir -p "$work/kube" "$work/kube-bin"
  write_kube_wrapper "$work/kube"
  log "building kubelet, kube-proxy and kube-scheduler $KUBE_VERSION"
  (cd "$work/kube" && GOFLAGS=-mod=mod gobuild -ldflags "$(kube_ldflags)" -o "$work/kube-bin/" \
    k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kube-scheduler)
  install_bin "$work/kube-bin" "$kube_node_dir"
  built "kubelet+kube-proxy+kube-scheduler"
fi

if want runc && ! have_runc; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  module_source "github.com/opencontainers/runc@$RUNC_VERSION" "$work/runc"
  mkdir -p "$work/runc-bin"
  log "building runc $RUNC_VERSION (cgo, seccomp)"
  # Upstream's default tags also name libpathrs, a Rust library Debian does not ship; runc
  # falls back to its Go implementation without it.
  (cd "$work/runc" && CGO_ENABLED=1 gobuild -tags "seccomp urfave_cli_no_docs" \
    -ldflags "-s -w -X main.version=${RUNC_VERSION#v} -X main.gitCommit=$RUNC_VERSION" -o "$work/runc-bin/runc" .)
  "$work/runc-bin/runc" --version | grep -q 'seccomp' || { log "runc was built without seccomp"; exit 1; }
  install_bin "$work/runc-bin" "$runc_dir"
  built runc
fi

if want containerd && ! have_containerd; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  module_source "github.com/containerd/containerd/v2@$CONTAINERD_VERSION" "$work/containerd"
  mkdir -p "$work/containerd-bin"
  pkg=github.com/containerd/containerd/v2
  ldflags="-s -w -X $pkg/version.Version=$CONTAINERD_VERSION -X $pkg/version.Revision=$CONTAINERD_VERSION -X $pkg/version.Package=$pkg"
  log "building containerd $CONTAINERD_VERSION"
  (cd "$work/containerd" &&
    gobuild -tags "urfave_cli_no_docs no_btrfs" -ldflags "$ldflags" -o "$work/containerd-bin/" ./cmd/containerd ./cmd/ctr &&
    gobuild -tags "urfave_cli_no_docs no_btrfs no_grpc" -ldflags "$ldflags" -o "$work/containerd-bin/" ./cmd/containerd-shim-runc-v2)
  install_bin "$work/containerd-bin" "$containerd_dir"
  built containerd
fi

if want cni-plugins && ! have_cni; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  module_source "github.com/containernetworking/plugins@$CNI_PLUGINS_VERSION" "$work/cni"
  mkdir -p "$work/cni-bin"
  log "building CNI plugins $CNI_PLUGINS_VERSION (bridge, host-local, loopback, portmap)"
  (cd "$work/cni" && gobuild -ldflags "-s -w -X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=$CNI_PLUGINS_VERSION" \
    -o "$work/cni-bin/" ./plugins/main/bridge ./plugins/ipam/host-local ./plugins/main/loopback ./plugins/meta/portmap)
  install_bin "$work/cni-bin" "$cni_dir"
  built cni-plugins
fi

if want pause && ! have_pause; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  kube_src="$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')"
  mkdir -p "$work/pause-bin"
  log "building pause $PAUSE_VERSION from Kubernetes $KUBE_VERSION build/pause/linux/pause.c"
  gcc -Os -Wall -Werror -static -DVERSION="v$PAUSE_VERSION" -o "$work/pause-bin/pause" "$kube_src/build/pause/linux/pause.c"
  strip "$work/pause-bin/pause"
  install_bin "$work/pause-bin" "$pause_dir"
  built pause
fi

if want node-tools && ! have_tools; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  mkdir -p "$work/tools-bin"
  log "building testbox and apirelay (test/node/tools, $tools_hash)"
  (cd "$here/tools" && gobuild -ldflags "-s -w" -o "$work/tools-bin/" ./cmd/testbox ./cmd/apirelay)
  install_bin "$work/tools-bin" "$tools_dir"
  built node-tools
fi

if want gateway-api && ! have_gateway_api; then
  src="$(go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')"
  mkdir -p "$work/crds"
  cp "$src"/config/crd/experimental/gateway.networking.k8s.io_*.yaml "$work/crds/"
  chmod u+w "$work"/crds/*
  mkdir -p "$gateway_api_dir"
  rm -rf "$gateway_api_dir/crds"
  mv "$work/crds" "$gateway_api_dir/crds"
  log "Gateway API $GATEWAY_API_VERSION CRDs (experimental channel) -> $gateway_api_dir/crds"
fi

if want coredns && ! have_coredns; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  module_source "github.com/coredns/coredns@$COREDNS_VERSION" "$work/coredns"
  mkdir -p "$work/coredns-bin"
  # Without the plugins that bring cloud SDKs or other services' clients (Route 53, Azure DNS,
  # Cloud DNS, Datadog/Zipkin tracing, etcd, Nomad, GeoIP databases): they are most of
  # a cold CoreDNS build, and a cluster's DNS (addons.ts's Corefile, kubeadm's default) uses none.
  # CoreDNS's own plugin.cfg and `go generate` make the plugin list, as a custom build does.
  drop=' route53 azure clouddns trace etcd nomad geoip '
  awk -F: -v drop="$drop" '/^#/ || NF < 2 || index(drop, " " $1 " ") == 0' "$work/coredns/plugin.cfg" >"$work/coredns/plugin.cfg.new"
  mv "$work/coredns/plugin.cfg.new" "$work/coredns/plugin.cfg"
  (cd "$work/coredns" && go generate coredns.go)
  log "building CoreDNS $COREDNS_VERSION ($(grep -c '^[a-z]' "$work/coredns/plugin.cfg") plugins)"
  (cd "$work/coredns" && gobuild -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION" \
    -o "$work/coredns-bin/coredns" .)
  install_bin "$work/coredns-bin" "$coredns_dir"
  built coredns
fi

if want local-path-provisioner && ! have_local_path; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  module_source "github.com/rancher/local-path-provisioner@$LOCAL_PATH_PROVISIONER_VERSION" "$work/local-path"
  mkdir -p "$work/local-path-bin"
  log "building local-path-provisioner $LOCAL_PATH_PROVISIONER_VERSION"
  # The module zip keeps vendor/modules.txt but not the vendored sources: resolve from the proxy.
  rm -rf "$work/local-path/vendor"
  (cd "$work/local-path" && GOFLAGS=-mod=mod gobuild -ldflags "-s -w -X main.VERSION=$LOCAL_PATH_PROVISIONER_VERSION" \
    -o "$work/local-path-bin/local-path-provisioner" .)
  install_bin "$work/local-path-bin" "$local_path_dir"
  built local-path-provisioner
fi

if want kube-router && ! have_kube_router; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  module_source "github.com/cloudnativelabs/kube-router/v2@$KUBE_ROUTER_VERSION" "$work/kube-router"
  mkdir -p "$work/kube-router-bin"
  pkg=github.com/cloudnativelabs/kube-router/v2/pkg/version
  log "building kube-router $KUBE_ROUTER_VERSION"
  (cd "$work/kube-router" && gobuild -ldflags "-s -w -X $pkg.Version=$KUBE_ROUTER_VERSION -X $pkg.BuildDate=1970-01-01" \
    -o "$work/kube-router-bin/kube-router" ./cmd/kube-router)
  install_bin "$work/kube-router-bin" "$kube_router_dir"
  built kube-router
fi

if want traefik && ! have_traefik; then
  started=$SECONDS cpu_started=$(cpu_seconds)
  module_source "github.com/traefik/traefik/v3@$TRAEFIK_VERSION" "$work/traefik"
  # Since v3.7 go.mod replaces github.com/traefik/traefik/dynamic/ext with ./pkg/config/dynamic/ext, a
  # nested module that module zips leave out. In the open-source build its types are empty
  # extension points; write that module so the replace resolves.
  ext="$work/traefik/pkg/config/dynamic/ext"
  if grep -q 'dynamic/ext => ./pkg/config/dynamic/ext' "$work/traefik/go.mod" && [[ ! -d "$ext" ]]; then
    mkdir -p "$ext"
    printf 'module github.com/traefik/traefik/dynamic/ext\n\ngo 1.24.0\n' >"$ext/go.mod"
    printf 'package ext\n\n// HTTP extends dynamic.HTTP (empty in this build).\ntype HTTP struct{}\n\n// Router extends dynamic.Router (empty in this build).\ntype Router struct{}\n' >"$ext/ext.go"
  fi
  mkdir -p "$work/traefik-bin"
  pkg=github.com/traefik/traefik/v3/pkg/version
  log "building Traefik $TRAEFIK_VERSION (the largest build here)"
  (cd "$work/traefik" && gobuild -ldflags "-s -w -X $pkg.Version=$TRAEFIK_VERSION -X $pkg.Codename=test -X $pkg.BuildDate=1970-01-01" \
    -o "$work/traefik-bin/traefik" ./cmd/traefik)
  install_bin "$work/traefik-bin" "$traefik_dir"
  built traefik
fi

summary="binaries done in $((SECONDS - started_all))s"
((${#timings[@]} == 0)) || summary+=": $(printf '%s; ' "${timings[@]}")"
log "${summary%; }"
# Without Traefik the node still runs (no gateway); images.sh leaves its image out. Not exec: the
# EXIT trap must still remove the work directory.
if have_node; then bash "$here/images.sh"; fi
