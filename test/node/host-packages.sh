#!/usr/bin/env bash
# Debian packages the test node needs from the machine: libseccomp-dev (runc's seccomp support,
# build time), iptables and ipset (kube-proxy and kube-router call them), busybox-static (the
# local-path provisioner's helper image), mmdebstrap (the Debian base of the Fabric tools and CA
# images). Installs the missing ones when run as root with apt-get;
# otherwise says what is missing and exits 0 (the node suites then report themselves as not run).
set -euo pipefail

packages=(libseccomp-dev iptables ipset busybox-static mmdebstrap)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then exit 0; fi
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "test node: missing Debian packages ${missing[*]} (apt-get install them as root)" >&2
fi
