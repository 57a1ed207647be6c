#!/usr/bin/env bash
# Debian packages the CLI suites use from the machine: zsh, to run the generated zsh completion
# script in a real zsh (test/cli/zsh-completion.test.ts). Missing ones are installed as root, or
# named (the suite then reports itself as not run).
set -euo pipefail
exec bash "$(dirname "$0")/../support/debian-packages.sh" "cli tests" zsh
