# Sourced by test/cluster/build.sh and test/node/build.sh: writes a wrapper Go module that
# requires k8s.io/kubernetes $KUBE_VERSION and pins every k8s.io staging module to its v0.Y.Z
# release (the release's own go.mod points them at ./staging, which only works inside the
# Kubernetes repository). Both builds use the same wrapper, so the second reuses the Go build cache.
# shellcheck shell=bash

write_kube_wrapper() {
  local dir="$1" gomod staging_version
  staging_version="v0.${KUBE_VERSION#v1.}"
  gomod="$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -nE 's/^[[:space:]]*"GoMod": "(.*)",?$/\1/p')"
  [[ -f "$gomod" ]] || { echo "could not download k8s.io/kubernetes@$KUBE_VERSION go.mod" >&2; exit 1; }
  {
    echo "module consortium-gitops.local/kube-build"
    echo
    grep -E '^go [0-9.]+$' "$gomod"
    grep -E '^godebug ' "$gomod" || true
    echo
    echo "require k8s.io/kubernetes $KUBE_VERSION"
    echo
    sed -nE 's#^[[:space:]]*(k8s\.io/[a-z0-9-]+) => \./staging/src/.*$#\1#p' "$gomod" |
      sort -u | while read -r module; do echo "replace $module => $module $staging_version"; done
  } >"$dir/go.mod"
  printf 'package tools\n' >"$dir/tools.go"
  (cd "$dir" && go mod download k8s.io/kubernetes >/dev/null)
}

# -ldflags stamping $KUBE_VERSION into the version packages, so /version and --version report it.
kube_ldflags() {
  local minor pkg flags="-s -w"
  minor="${KUBE_VERSION#v1.}"
  minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  printf '%s' "$flags"
}
