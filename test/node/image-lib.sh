# Sourced by test/node/images.sh (and by any script that adds images for the test node):
# assembles a single-layer docker-archive tarball from a root file system directory, without a
# registry or a container engine. The output is byte-for-byte reproducible (sorted entries,
# zero times, numeric root ownership), so a tag names exactly one content.
# shellcheck shell=bash

_image_tar() { tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu "$@"; }

# build_image REF OUT.tar ROOTFS ENTRYPOINT_JSON [ENV_JSON]
#   REF             e.g. localhost/consortium-node/coredns:v1.15.0 (what `ctr images import` registers)
#   ENTRYPOINT_JSON e.g. '["/coredns"]'
#   ENV_JSON        extra environment, e.g. '["FABRIC_CFG_PATH=/etc/hyperledger/fabric"]'
build_image() {
  local ref="$1" out="$2" rootfs="$3" entrypoint="$4" env_json="${5:-[]}" tmp arch diff config_digest env
  tmp="$(mktemp -d)"
  arch="$(dpkg --print-architecture 2>/dev/null || go env GOARCH)"
  _image_tar -C "$rootfs" -cf "$tmp/layer.tar" .
  diff="$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)"
  mkdir "$tmp/$diff"
  mv "$tmp/layer.tar" "$tmp/$diff/layer.tar"
  env='"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'
  if [[ "$env_json" != "[]" ]]; then env+=",${env_json#[}"; env="${env%]}"; fi
  printf '{"architecture":"%s","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Entrypoint":%s,"Env":[%s],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"test/node/image-lib.sh"}]}' \
    "$arch" "$entrypoint" "$env" "$diff" >"$tmp/config.json"
  config_digest="$(sha256sum "$tmp/config.json" | cut -d' ' -f1)"
  mv "$tmp/config.json" "$tmp/$config_digest.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config_digest" "$ref" "$diff" >"$tmp/manifest.json"
  mkdir -p "$(dirname "$out")"
  _image_tar -C "$tmp" -cf "$out.tmp" manifest.json "$config_digest.json" "$diff"
  mv "$out.tmp" "$out"
  rm -rf "$tmp"
}

# new_rootfs DIR: the directories every image here has (/tmp for programs that write there).
new_rootfs() {
  mkdir -p "$1/tmp" "$1/etc"
  chmod 1777 "$1/tmp"
}

# layer_tar ROOTFS OUT.tar: one reproducible layer from a directory (root ownership, as above).
layer_tar() { _image_tar -C "$1" -cf "$2" .; }

# A docker-archive holding several images whose layers it stores once: images sharing a layer (the
# Debian base, the peer binary) are imported with it once, and containerd keeps one copy.
#   archive_start DIR                        a staging directory
#   archive_add DIR REF CONFIG_JSON LAYER... CONFIG_JSON is the image config's "config" object, e.g.
#                                            '{"Cmd":["peer","node","start"],"Env":["PATH=..."]}';
#                                            layers bottom first
#   archive_write DIR OUT.tar
archive_start() {
  rm -rf "$1"
  mkdir -p "$1"
  : >"$1/.entries"
}

archive_add() {
  local dir="$1" ref="$2" config="$3" arch layer diff config_digest diffs="" layers="" history=""
  shift 3
  arch="$(dpkg --print-architecture 2>/dev/null || go env GOARCH)"
  for layer in "$@"; do
    diff="$(sha256sum "$layer" | cut -d' ' -f1)"
    if [[ ! -f "$dir/$diff/layer.tar" ]]; then
      mkdir -p "$dir/$diff"
      ln "$layer" "$dir/$diff/layer.tar" 2>/dev/null || cp "$layer" "$dir/$diff/layer.tar"
    fi
    diffs+="${diffs:+,}\"sha256:$diff\""
    layers+="${layers:+,}\"$diff/layer.tar\""
    history+="${history:+,}{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"test/node/image-lib.sh $(basename "$layer")\"}"
  done
  printf '{"architecture":"%s","os":"linux","created":"1970-01-01T00:00:00Z","config":%s,"rootfs":{"type":"layers","diff_ids":[%s]},"history":[%s]}' \
    "$arch" "$config" "$diffs" "$history" >"$dir/config.tmp"
  config_digest="$(sha256sum "$dir/config.tmp" | cut -d' ' -f1)"
  mv "$dir/config.tmp" "$dir/$config_digest.json"
  printf '{"Config":"%s.json","RepoTags":["%s"],"Layers":[%s]}\n' "$config_digest" "$ref" "$layers" >>"$dir/.entries"
}

archive_write() {
  local dir="$1" out="$2"
  { printf '['; paste -sd, "$dir/.entries" | tr -d '\n'; printf ']'; } >"$dir/manifest.json"
  rm "$dir/.entries"
  mkdir -p "$(dirname "$out")"
  (cd "$dir" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort) >"$dir.list"
  _image_tar -C "$dir" -cf "$out.tmp" -T "$dir.list"
  rm "$dir.list"
  mv "$out.tmp" "$out"
}
