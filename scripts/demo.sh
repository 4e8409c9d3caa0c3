#!/usr/bin/env bash
# The main job, from a fresh clone: install what is needed, then on examples/cutover.yaml:
# validate, plan the rollout, start a real local Kubernetes control plane, and provision
# every tenant ring by ring (plan first, then apply, then a re-run that changes nothing).
# The blue/green issue extends this into a real cutover.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
config="${1:-examples/cutover.yaml}"
cutover() { node dist/cli.js "$@"; }
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "cutover validate"
cutover validate --config "$config"
say "cutover plan"
cutover plan --config "$config"
cluster="${CUTOVER_DEMO_CLUSTER:-demo}"
say "cutover local up --name $cluster"
kubeconfig=$(cutover local up --name "$cluster")
say "cutover provision --dry-run (the plan: nothing applied)"
cutover provision --config "$config" --kubeconfig "$kubeconfig" --dry-run
say "cutover provision"
cutover provision --config "$config" --kubeconfig "$kubeconfig"
say "cutover provision again (converged: no writes)"
cutover provision --config "$config" --kubeconfig "$kubeconfig"
say "done"
echo "The cluster keeps running for you to look around:"
echo "  export KUBECONFIG=$kubeconfig; kubectl get ns -l app.kubernetes.io/managed-by=cutover"
echo "Stop it with: node dist/cli.js local down --name $cluster"
