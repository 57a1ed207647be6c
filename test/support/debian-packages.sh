#!/usr/bin/env bash
# Installs the Debian packages a group of suites needs from the machine, when missing:
#   debian-packages.sh LABEL PACKAGE...
# As root with apt-get it installs them; otherwise it says what is missing (under LABEL) and exits 0,
# so the suites that need them report themselves as not run.
set -euo pipefail

label=$1
shift
missing=()
for pkg in "$@"; do
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then exit 0; fi
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "$label: missing Debian packages ${missing[*]} (apt-get install them as root)" >&2
fi
