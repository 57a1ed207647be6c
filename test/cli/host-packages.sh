#!/usr/bin/env bash
# Debian packages the CLI suites use from the machine: zsh, to run the generated zsh completion
# script in a real zsh (test/cli/zsh-completion.test.ts). Installs it when run as root with
# apt-get; otherwise says what is missing and exits 0 (the suite then reports itself as not run).
set -euo pipefail

packages=(zsh)
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
  echo "cli tests: missing Debian packages ${missing[*]} (apt-get install them as root)" >&2
fi
