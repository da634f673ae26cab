#!/usr/bin/env bash
# The webhook image without a registry or a Docker engine: what the Dockerfile's final stage holds
# (this checkout's dist/, production node_modules, package.json, policies/bundle, Node.js LTS,
# WORKDIR /app), assembled on the node base that scripts/provision-node.sh built, written as a
# one-layer OCI archive for `ctr images import`.
#
#   bash scripts/build-webhook-image.sh OUT NAME     # after `npm run build`
#
# Production node_modules are installed once per package-lock.json (cached by its hash).
set -euo pipefail
shopt -s inherit_errexit

out="$1"
name="$2"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${PROFILEGATE_CACHE:-$HOME/.cache/profilegate}"

log() { printf '[webhook-image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# shellcheck source=scripts/provision-node-images.sh
source "$REPO/scripts/provision-node-images.sh"

base="$(awk -F= '$1 == "PROFILEGATE_NODE_BASE" { print $2 }' "$CACHE/node.env" 2>/dev/null || true)"
[[ -f "$base" ]] || die "no node base image: run bash scripts/provision-node.sh first"
[[ -f "$REPO/dist/webhook/main.js" ]] || die "no dist/webhook/main.js: run npm run build first"

lock_hash="$(sha256sum "$REPO/package-lock.json" | cut -c1-12)"
modules="$CACHE/webhook-node-modules-$lock_hash"
if [[ ! -d "$modules/node_modules" ]]; then
  log "installing production dependencies into $modules"
  rm -rf "$modules.tmp"
  mkdir -p "$modules.tmp"
  cp "$REPO/package.json" "$REPO/package-lock.json" "$modules.tmp/"
  (cd "$modules.tmp" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  rm -rf "$modules"
  mv "$modules.tmp" "$modules"
fi

work="$out.work"
rm -rf "$work"
mkdir -p "$work/rootfs"
tar -xf "$base" -C "$work/rootfs"
app="$work/rootfs/app"
mkdir -p "$app/policies"
cp -a "$REPO/dist" "$REPO/package.json" "$app/"
cp -a "$REPO/policies/bundle" "$app/policies/"
cp -a "$modules/node_modules" "$app/"
OCI_WORKDIR=/app oci_archive "$work/rootfs" "$name" "$out" /usr/local/bin/node dist/webhook/main.js
rm -rf "$work"
log "$name: $(du -m "$out" | cut -f1) MB"
