#!/usr/bin/env bash
# Debian packages the test node needs from the machine: libseccomp-dev (runc's seccomp support,
# build time), iptables and ipset (kube-proxy and kube-router call them), busybox-static (the
# local-path provisioner's helper image), mmdebstrap (the Debian base of the Fabric tools and CA
# images). Missing ones are installed as root, or named (the node suites then report themselves
# as not run).
set -euo pipefail
exec bash "$(dirname "$0")/../support/debian-packages.sh" "test node" libseccomp-dev iptables ipset busybox-static mmdebstrap
