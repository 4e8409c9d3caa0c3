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

# Debian packages the tests run for real: Prometheus and promtool (2.42 on bookworm; the
# health gate's tests start one on a free loopback port), buildah (package-artifact builds
# with it where there is no Docker engine), docker-registry (the OCI registry the package
# tests push to, on loopback) and busybox-static (a shell inside FROM-scratch test images).
# Some postinst scripts start their own daemon (prometheus on :9090, docker-registry on
# :5000) through invoke-rc.d unless a policy-rc.d says no, so one says no for the install
# (and is removed after, when it was ours); on a systemd machine the units are disabled.
_cutover_missing=()
for _pair in prometheus:prometheus promtool:prometheus buildah:buildah \
  docker-registry:docker-registry; do
  command -v "${_pair%%:*}" >/dev/null || _cutover_missing+=("${_pair#*:}")
done
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
  _cutover_missing+=(busybox-static)
if [ ${#_cutover_missing[@]} -gt 0 ]; then
  _cutover_log "installing Debian packages: ${_cutover_missing[*]}"
  (
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $(printf '%s\n' "${_cutover_missing[@]}" | sort -u) >/dev/null
    if [ -d /run/systemd/system ]; then
      systemctl disable --now prometheus docker-registry >/dev/null 2>&1 || true
    fi
  )
fi
unset _cutover_missing _pair

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
