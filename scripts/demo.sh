#!/usr/bin/env bash
# The main job, from a fresh clone: install what is needed, then on examples/cutover.yaml:
# validate, plan the rollout, lint and test the demo app (cutover check), build its image
# and push it with its deploy bundle to a registry on loopback (cutover package), start a
# real local Kubernetes control plane, and provision
# every tenant ring by ring (plan first, then apply, then a re-run that changes nothing).
# Then a real cutover on examples/demo/cutover.yaml (three tenants in two rings, requests
# flowing through Traefik all along): the packaged image live by digest, v2 to green, testers first, then 10, 50,
# 100 with a health gate between steps and the share on green printed at each; then a v3 whose
# pods never become ready, rolled back by itself. It ends with a per-tenant table. Last, the
# example consumer's workflows run by act: ci.yml and cd.yml on the demo app, then rollback.yml.
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
say "cutover check: the demo app's lint and tests (detected from its go.mod)"
cutover check --working-directory examples/demo/app
say "cutover package: the demo app's image, built by buildah, pushed with its deploy bundle"
# A registry on loopback for the demo (Debian's docker-registry), stopped when the demo ends.
registry_dir=$(mktemp -d)
registry_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
printf 'version: 0.1\nstorage: { filesystem: { rootdirectory: %s } }\nhttp: { addr: "127.0.0.1:%s" }\n' \
  "$registry_dir/data" "$registry_port" >"$registry_dir/config.yml"
docker-registry serve "$registry_dir/config.yml" >"$registry_dir/log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null; rm -rf "$registry_dir"' EXIT
(cd examples/demo/app && CGO_ENABLED=0 go build -ldflags "-X main.version=1.0.0" -o web .)
packaged=$(cutover package --config examples/demo/cutover.yaml \
  --repository "127.0.0.1:$registry_port/demo/web" --json)
image=$(node -e 'console.log(JSON.parse(process.argv[1]).image)' "$packaged")
echo "image: $image"
echo "bundle: $(node -e 'console.log(JSON.parse(process.argv[1]).bundle)' "$packaged")"

say "cutover local up --name $cluster"
kubeconfig=$(cutover local up --name "$cluster" --traffic)
eval "$(cutover local env --name "$cluster")" # KUBECONFIG and CUTOVER_TRAFFIC_URL
say "cutover provision --dry-run (the plan: nothing applied)"
cutover provision --config "$config" --kubeconfig "$kubeconfig" --dry-run
say "cutover provision"
cutover provision --config "$config" --kubeconfig "$kubeconfig"
say "cutover provision again (converged: no writes)"
cutover provision --config "$config" --kubeconfig "$kubeconfig"

demo=examples/demo/cutover.yaml
say "blue/green on $demo: provision its three tenants"
cutover provision --config "$demo" --kubeconfig "$kubeconfig" >/dev/null
say "cutover rollout of the packaged image, by digest (the first release of each tenant: live once ready)"
cutover rollout --config "$demo" --kubeconfig "$kubeconfig" --image "$image"
say "cutover rollout v2.0.0: green beside blue, testers first, then 10, 50, 100 (requests via ${CUTOVER_TRAFFIC_URL:-no data plane})"
cutover rollout --config "$demo" --kubeconfig "$kubeconfig" --image registry.local/web:2.0.0
say "cutover rollout v3.0.0, whose pods never become ready: rolled back by itself"
set +e
cutover rollout --config "$demo" --kubeconfig "$kubeconfig" --image registry.local/web:3.0.0 \
  --workload examples/demo/never-ready.yaml --timeout 15s
status=$?
set -e
if [ "$status" -ne 4 ]; then
  echo "expected the v3 rollout to fail and roll back (exit 4), got exit $status" >&2
  exit 1
fi
say "the example consumer's workflows, run by act on this host: deploy.yml (ci.yml, then cd.yml: staging, its approval, ring by ring), then rollback.yml for one tenant"
node scripts/demo-workflows.ts --kubeconfig "$kubeconfig" --registry "127.0.0.1:$registry_port"
say "done"
echo "The cluster keeps running for you to look around:"
echo "  export KUBECONFIG=$kubeconfig; kubectl get ns -l app.kubernetes.io/managed-by=cutover"
echo "Stop it with: node dist/cli.js local down --name $cluster"
