#!/usr/bin/env bash
# The main job, from a fresh clone: install what is needed, then validate and plan the
# example config with the bundled CLI (the blue/green issue turns this into a real cutover
# on the local control plane).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
config="${1:-examples/cutover.yaml}"
echo
node dist/cli.js validate --config "$config"
echo
node dist/cli.js plan --config "$config"
