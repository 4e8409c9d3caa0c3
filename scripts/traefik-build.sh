#!/usr/bin/env bash
# Build Traefik (the Gateway API data plane of `cutover local up --traffic`) from Go
# modules, unpatched, and cache it outside the repository:
#
#   ~/.cache/cutover/traefik-<version>/bin/
#     traefik         (k8s/traefik/go.mod: github.com/traefik/traefik/v3)
#     manifest.json   version, cache key and build seconds
#
# Keyed like scripts/k8s-build.sh: a hash of the wrapper go.mod and of this recipe. A
# matching key is reused (the script exits at once), a changed one is rebuilt. The build
# goes to a temporary directory and is moved in place only when it succeeded.
# Cold: about 5 minutes on 2 cores, 3.3 GB peak memory, a ~180 MB binary.
#
# Environment:
#   CUTOVER_CACHE_DIR       cache root (default ~/.cache/cutover)
#   CUTOVER_TRAEFIK_FORCE=1 rebuild even when the key matches
#
# Prints the bin directory on its last line of stdout.
set -euo pipefail

# Bump when the build recipe below changes (flags, tags): the key changes with it.
RECIPE=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOD_DIR="$ROOT/k8s/traefik"
CACHE_ROOT="${CUTOVER_CACHE_DIR:-$HOME/.cache/cutover}"
MODULE=github.com/traefik/traefik/v3

log() { printf '[traefik-build] %s\n' "$*" >&2; }
die() { printf '[traefik-build] error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "go is not on PATH (Go >= 1.25 is needed to build Traefik)"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum is not on PATH"

VERSION="$(awk -v m="$MODULE" '$1 == m && $2 ~ /^v[0-9]/ { print $2; exit }' "$MOD_DIR/go.mod")"
[[ -n "$VERSION" ]] || die "$MOD_DIR/go.mod does not require $MODULE"

# Same formula as src/local/binaries.ts's traefik key, so the engine can tell a stale cache.
KEY="$({ printf 'recipe=%s\n' "$RECIPE"; cat "$MOD_DIR/go.mod"; } | sha256sum | cut -c1-16)"
CACHE="$CACHE_ROOT/traefik-$VERSION"
BIN="$CACHE/bin"
mkdir -p "$BIN"

exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  log "another build holds $CACHE/.lock; waiting for it"
  flock 9
fi

if [[ "${CUTOVER_TRAEFIK_FORCE:-}" != 1 && -x "$BIN/traefik" && -f "$BIN/.key" && "$(cat "$BIN/.key")" == "$KEY" ]]; then
  log "traefik $VERSION: cached (key $KEY)"
  printf '%s\n' "$BIN"
  exit 0
fi

# Traefik's own replace and exclude lines are what make it build; a dependent ignores
# them, so the wrapper copies them. Refuse to build when they drifted apart.
upstream_mod="$(cd "$MOD_DIR" && GOFLAGS=-mod=mod go mod download -json "$MODULE@$VERSION" | awk -F'"' '$2 == "GoMod" { print $4 }')"
[[ -f "$upstream_mod" ]] || die "could not fetch $MODULE@$VERSION's go.mod from the module proxy"
directives() { awk '/^replace \(/ { r = 1; next } r && /^\)/ { r = 0; next } r && /=>/ { $1 = $1; print } /^(replace|exclude) [^(]/ { $1 = $1; print }' "$1" | sort; }
if [[ "$(directives "$upstream_mod")" != "$(directives "$MOD_DIR/go.mod")" ]]; then
  diff <(directives "$upstream_mod") <(directives "$MOD_DIR/go.mod") >&2 || true
  die "k8s/traefik/go.mod's replace/exclude lines differ from $MODULE@$VERSION's go.mod (< upstream, > wrapper): copy them, then GOFLAGS=-mod=mod go mod tidy"
fi

tmp="$(mktemp -d "$CACHE/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
log "traefik $VERSION: building with $(go env GOVERSION) (about 5 min on a cold Go cache, 3.3 GB of memory)"
start="$(date +%s)"
(
  cd "$MOD_DIR"
  export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
  go build -trimpath -ldflags "-s -w -X $MODULE/pkg/version.Version=$VERSION -X $MODULE/pkg/version.Codename=cutover-local -X $MODULE/pkg/version.BuildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -o "$tmp/traefik" "$MODULE/cmd/traefik"
) || die "go build of $MODULE@$VERSION failed (see the output above); this version does not build unpatched here"
end="$(date +%s)"
[[ -x "$tmp/traefik" ]] || die "go build did not produce traefik"
"$tmp/traefik" version >/dev/null || die "the built traefik does not run"
mv -f "$tmp/traefik" "$BIN/traefik"
printf '%s' "$KEY" >"$BIN/.key"
cat >"$BIN/.manifest.json.tmp" <<JSON
{ "traefik": { "version": "$VERSION", "key": "$KEY", "buildSeconds": $((end - start)) }, "go": "$(go env GOVERSION)", "recipe": $RECIPE }
JSON
mv -f "$BIN/.manifest.json.tmp" "$BIN/manifest.json"
printf '%s traefik %s %ss\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$KEY" "$((end - start))" >>"$CACHE/build-times.log"
log "traefik $VERSION: built in $((end - start))s ($(du -h "$BIN/traefik" | cut -f1))"
printf '%s\n' "$BIN"
