#!/usr/bin/env bash
# Runs every test: unit, integration (against a real local control plane started for the
# run) and e2e (the bundled actions run the way the runner runs them). Arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
exec node --experimental-vm-modules node_modules/jest/bin/jest.js "$@"
