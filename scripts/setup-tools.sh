#!/usr/bin/env bash
# Installs the workflow linters into the cutover cache (reused when present) and prints
# their bin dir: actionlint, act and kustomize from the Go module proxy, zizmor from PyPI.
# Usage: export PATH="$(scripts/setup-tools.sh):$PATH"
set -euo pipefail
ACTIONLINT_VERSION=v1.7.12
ZIZMOR_VERSION=1.32.0
KUSTOMIZE_VERSION=v5.8.2
ACT_VERSION=v0.2.89
cache="${CUTOVER_CACHE:-$HOME/.cache/cutover}/tools"
bin="$cache/bin"
mkdir -p "$bin"
if [ ! -x "$bin/actionlint" ] || ! "$bin/actionlint" -version 2>/dev/null | grep -q "${ACTIONLINT_VERSION#v}"; then
  echo "setup-tools: building actionlint $ACTIONLINT_VERSION" >&2
  GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2
fi
if [ ! -x "$bin/act" ] || ! "$bin/act" --version 2>/dev/null | grep -q "${ACT_VERSION#v}"; then
  echo "setup-tools: building act $ACT_VERSION (runs the workflows in the end-to-end tests)" >&2
  GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/nektos/act@$ACT_VERSION" >&2
fi
if [ ! -x "$bin/kustomize" ] || ! "$bin/kustomize" version 2>/dev/null | grep -q "${KUSTOMIZE_VERSION}"; then
  echo "setup-tools: building kustomize $KUSTOMIZE_VERSION" >&2
  GOBIN="$bin" GOFLAGS=-mod=mod go install -ldflags "-X sigs.k8s.io/kustomize/api/provenance.version=$KUSTOMIZE_VERSION" "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
fi
if [ ! -x "$bin/zizmor" ] || ! "$bin/zizmor" --version 2>/dev/null | grep -q "$ZIZMOR_VERSION"; then
  echo "setup-tools: installing zizmor $ZIZMOR_VERSION" >&2
  python3 -m venv "$cache/venv" >&2
  "$cache/venv/bin/pip" install --quiet "zizmor==$ZIZMOR_VERSION" >&2
  ln -sf "$cache/venv/bin/zizmor" "$bin/zizmor"
fi
echo "$bin"
