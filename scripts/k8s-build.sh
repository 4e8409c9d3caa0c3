#!/usr/bin/env bash
# Build the local Kubernetes control plane binaries from Go modules and cache them
# outside the repository:
#
#   ~/.cache/cutover/k8s-<kubernetes version>/bin/
#     kube-apiserver kube-controller-manager kube-scheduler   (k8s/kubernetes/go.mod)
#     etcd                                                    (k8s/etcd/go.mod)
#     kwok                                                    (k8s/kwok/go.mod)
#     manifest.json   versions, cache keys and build seconds of each component
#
# Each component is keyed by a hash of its wrapper go.mod and of this recipe: a component whose key matches is reused, one whose key changed is
# rebuilt, so the script is idempotent and exits fast when the cache is complete.
# A build goes to a temporary directory and is moved in place only when it
# succeeded: an interrupted build leaves the previous state behind.
#
# Environment:
#   CUTOVER_CACHE_DIR   cache root (default ~/.cache/cutover)
#   CUTOVER_K8S_FORCE=1 rebuild every component even when its key matches
#
# Prints the bin directory on its last line of stdout.
set -euo pipefail

# Bump when the build recipe below changes (flags, tags): every key changes with it.
RECIPE=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
K8S_DIR="$ROOT/k8s"
CACHE_ROOT="${CUTOVER_CACHE_DIR:-$HOME/.cache/cutover}"

log() { printf '[k8s-build] %s\n' "$*" >&2; }
die() { printf '[k8s-build] error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "go is not on PATH (Go >= 1.25 is needed to build the control plane)"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum is not on PATH"

# The version a wrapper module requires of a module, e.g. modversion k8s/etcd/go.mod go.etcd.io/etcd/server/v3
modversion() {
  local v
  v="$(awk -v m="$2" '($1 == m || ($1 == "require" && $2 == m)) { for (i = 1; i <= NF; i++) if ($i ~ /^v[0-9]/) { print $i; exit } }' "$1")"
  [[ -n "$v" ]] || die "$1 does not require $2"
  printf '%s' "$v"
}

# The cache key of one component: the recipe and its wrapper go.mod (which names
# every version that goes into the binaries; go.sum only verifies them). The local
# engine (src/local/binaries.ts) computes the same key to tell a stale cache.
component_key() {
  { printf 'recipe=%s\n' "$RECIPE"; cat "$1/go.mod"; } | sha256sum | cut -c1-16
}

KUBE_VERSION="$(modversion "$K8S_DIR/kubernetes/go.mod" k8s.io/kubernetes)"
ETCD_VERSION="$(modversion "$K8S_DIR/etcd/go.mod" go.etcd.io/etcd/server/v3)"
KWOK_VERSION="$(modversion "$K8S_DIR/kwok/go.mod" sigs.k8s.io/kwok)"

CACHE="$CACHE_ROOT/k8s-$KUBE_VERSION"
BIN="$CACHE/bin"
mkdir -p "$BIN"

# One build at a time per cache directory (a test run and a demo may both ask).
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  log "another build holds $CACHE/.lock; waiting for it"
  flock 9
fi

KUBE_KEY="$(component_key "$K8S_DIR/kubernetes")"
ETCD_KEY="$(component_key "$K8S_DIR/etcd")"
KWOK_KEY="$(component_key "$K8S_DIR/kwok")"

stamp_ok() { # name key binaries...
  local name="$1" key="$2"; shift 2
  [[ "${CUTOVER_K8S_FORCE:-}" == 1 ]] && return 1
  [[ -f "$BIN/.$name.key" && "$(cat "$BIN/.$name.key")" == "$key" ]] || return 1
  local b
  for b in "$@"; do [[ -x "$BIN/$b" ]] || return 1; done
}

seconds_of() { [[ -f "$BIN/.$1.seconds" ]] && cat "$BIN/.$1.seconds" || printf 'null'; }

write_manifest() {
  local tmp="$BIN/.manifest.json.tmp"
  cat >"$tmp" <<EOF
{
  "kubernetes": { "version": "$KUBE_VERSION", "key": "$KUBE_KEY", "buildSeconds": $(seconds_of kubernetes) },
  "etcd": { "version": "$ETCD_VERSION", "key": "$ETCD_KEY", "buildSeconds": $(seconds_of etcd) },
  "kwok": { "version": "$KWOK_VERSION", "key": "$KWOK_KEY", "buildSeconds": $(seconds_of kwok) },
  "go": "$(go env GOVERSION)",
  "recipe": $RECIPE
}
EOF
  mv -f "$tmp" "$BIN/manifest.json"
}

# build NAME KEY MODULE_DIR LDFLAGS OUT:PKG...
# Builds every OUT from PKG inside the wrapper module in one go invocation (shared
# compilation), into a temporary directory, then moves the binaries in place.
build() {
  local name="$1" key="$2" moddir="$3" ldflags="$4"; shift 4
  local outs=() pkgs=() pair
  for pair in "$@"; do outs+=("${pair%%:*}"); pkgs+=("${pair#*:}"); done
  if stamp_ok "$name" "$key" "${outs[@]}"; then
    log "$name: cached (${outs[*]}, key $key)"
    return 0
  fi
  local tmp
  tmp="$(mktemp -d "$CACHE/.build-$name.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  log "$name: building ${pkgs[*]} (this is the long part on a cold Go cache)"
  local start end
  start="$(date +%s)"
  (
    cd "$moddir"
    export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
    if ((${#pkgs[@]} == 1)); then
      go build -trimpath -tags selinux,notest -ldflags "$ldflags" -o "$tmp/${outs[0]}" "${pkgs[0]}"
    else
      # With several packages, -o names a directory and each binary is named after its package.
      go build -trimpath -tags selinux,notest -ldflags "$ldflags" -o "$tmp/" "${pkgs[@]}"
    fi
  ) || die "$name: go build failed (see the output above)"
  end="$(date +%s)"
  local out
  for out in "${outs[@]}"; do
    [[ -x "$tmp/$out" ]] || die "$name: go build did not produce $out"
    mv -f "$tmp/$out" "$BIN/$out"
  done
  rm -rf "$tmp"
  trap - EXIT
  printf '%s' "$((end - start))" >"$BIN/.$name.seconds"
  printf '%s' "$key" >"$BIN/.$name.key"
  printf '%s %s %s %ss\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" "$key" "$((end - start))" >>"$CACHE/build-times.log"
  log "$name: built in $((end - start))s"
}

log "cache $BIN"
log "kubernetes $KUBE_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION, $(go env GOVERSION)"

KUBE_MINOR="${KUBE_VERSION#v1.}"; KUBE_MINOR="${KUBE_MINOR%%.*}"
BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
KUBE_LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  KUBE_LDFLAGS+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$KUBE_MINOR"
  KUBE_LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$BUILD_DATE"
done

build kubernetes "$KUBE_KEY" "$K8S_DIR/kubernetes" "$KUBE_LDFLAGS" \
  kube-apiserver:k8s.io/kubernetes/cmd/kube-apiserver \
  kube-controller-manager:k8s.io/kubernetes/cmd/kube-controller-manager \
  kube-scheduler:k8s.io/kubernetes/cmd/kube-scheduler
build etcd "$ETCD_KEY" "$K8S_DIR/etcd" "-s -w" etcd:go.etcd.io/etcd/server/v3
build kwok "$KWOK_KEY" "$K8S_DIR/kwok" "-s -w" kwok:sigs.k8s.io/kwok/cmd/kwok

write_manifest
log "ready: $(cd "$BIN" && ls -1 | tr '\n' ' ')"
log "disk: $(du -sh "$CACHE" | cut -f1) in $CACHE"
printf '%s\n' "$BIN"
