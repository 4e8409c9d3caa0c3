#!/usr/bin/env bash
# Installs everything cutover's build, demo and tests need, reusing the cache
# (~/.cache/cutover) when present. Idempotent. Source it to get the PATH as well:
#   source scripts/setup.sh
set -euo pipefail
_cutover_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cutover_log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

# Debian packages: openssl (certificates for the local control plane).
if ! command -v openssl >/dev/null; then
  _cutover_log "installing Debian packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null
fi

_cutover_log "Node.js 24"
PATH="$("$_cutover_root/scripts/setup-node.sh"):$PATH"
_cutover_log "workflow linters (actionlint, zizmor)"
PATH="$("$_cutover_root/scripts/setup-tools.sh"):$PATH"
export PATH

if [ ! -d "$_cutover_root/node_modules" ] || [ "$_cutover_root/package-lock.json" -nt "$_cutover_root/node_modules/.package-lock.json" ]; then
  _cutover_log "npm ci"
  (cd "$_cutover_root" && npm ci --no-audit --no-fund --loglevel=error)
fi

_cutover_log "Kubernetes control plane binaries"
"$_cutover_root/scripts/k8s-build.sh"

_cutover_log "Traefik (the data plane of cutover local up --traffic; about 5 min once, cached)"
"$_cutover_root/scripts/traefik-build.sh" >/dev/null
