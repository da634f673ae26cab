#!/usr/bin/env bash
# Provision the toolchain ProfileGate's tests need, idempotently and cached by version.
#
#   bash scripts/provision-toolchain.sh            # install what is missing, print the bin dir
#
# What it provides:
#   - Debian packages used by the test suites (clang, libbpf, bpftool, strace, etcd-server, runc,
#     crun and the programs profilegate verify runs: nginx, redis-server, curl, ...)
#   - opa CLI            pinned to OPA_VERSION, built with `go install`
#   - helm               pinned to HELM_VERSION, built with `go install` (tests of `helm template | profilegate audit`)
#   - kube-apiserver     pinned to K8S_VERSION, built from Go modules through a wrapper module
#   - kubectl            same release as kube-apiserver
#   - etcd               Debian's etcd-server when the pinned kube-apiserver accepts it,
#                        otherwise etcd ETCD_VERSION built from Go modules
# Honours envtest: when KUBEBUILDER_ASSETS names a folder with etcd, kube-apiserver and kubectl,
# those binaries are used and nothing Kubernetes-related is built.
#
# Output: stdout gets exactly one line, the bin dir (symlinks named opa, etcd, kube-apiserver,
# kubectl). "$CACHE/toolchain.env" gets KEY=VALUE lines the e2e harness reads. Progress goes to
# stderr. The cache dir is ${PROFILEGATE_CACHE:-$HOME/.cache/profilegate}.
set -euo pipefail
shopt -s inherit_errexit

OPA_VERSION=v1.22.4
HELM_VERSION=v3.22.0
K8S_VERSION=v1.37.2
ETCD_VERSION=v3.6.16
APT_PACKAGES=(clang llvm libbpf-dev bpftool etcd-server strace make pkg-config libelf-dev
  zlib1g-dev iproute2 python3 openssl linux-libc-dev runc crun nginx redis-server redis-tools curl procps)

CACHE="${PROFILEGATE_CACHE:-$HOME/.cache/profilegate}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Go builds on a 2-core machine: keep parallelism explicit so builds don't starve the tests.
export GOMAXPROCS="${GOMAXPROCS:-2}"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export CGO_ENABLED=0
export GOTOOLCHAIN=local

log() { printf '[provision %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

mkdir -p "$CACHE"
# One provisioning at a time: concurrent test runs share the cache.
exec 9>"$CACHE/.lock"
flock 9

# shellcheck source=scripts/provision-apt.sh
source "$HERE/provision-apt.sh"
# shellcheck source=scripts/provision-go.sh
source "$HERE/provision-go.sh"

provision_apt "${APT_PACKAGES[@]}"

opa_bin="$(provision_opa "$OPA_VERSION")"
helm_bin="$(provision_helm "$HELM_VERSION")"

if [[ -n "${KUBEBUILDER_ASSETS:-}" ]]; then
  for b in etcd kube-apiserver kubectl; do
    [[ -x "$KUBEBUILDER_ASSETS/$b" ]] || die "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS has no executable $b"
  done
  log "using envtest binaries from KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
  apiserver_bin="$KUBEBUILDER_ASSETS/kube-apiserver"
  kubectl_bin="$KUBEBUILDER_ASSETS/kubectl"
  etcd_bin="$KUBEBUILDER_ASSETS/etcd"
  k8s_version="envtest"
else
  k8s_dir="$(provision_kubernetes "$K8S_VERSION")"
  apiserver_bin="$k8s_dir/kube-apiserver"
  kubectl_bin="$k8s_dir/kubectl"
  etcd_bin="$(provision_etcd "$ETCD_VERSION")"
  k8s_version="$K8S_VERSION"
fi

bin_dir="$CACHE/bin"
mkdir -p "$bin_dir"
ln -sfn "$opa_bin" "$bin_dir/opa"
ln -sfn "$helm_bin" "$bin_dir/helm"
ln -sfn "$apiserver_bin" "$bin_dir/kube-apiserver"
ln -sfn "$kubectl_bin" "$bin_dir/kubectl"
ln -sfn "$etcd_bin" "$bin_dir/etcd"

env_file="$CACHE/toolchain.env"
cat >"$env_file.tmp" <<EOF
PROFILEGATE_TOOLCHAIN_BIN=$bin_dir
PROFILEGATE_OPA=$opa_bin
PROFILEGATE_OPA_VERSION=$OPA_VERSION
PROFILEGATE_HELM=$helm_bin
PROFILEGATE_KUBE_APISERVER=$apiserver_bin
PROFILEGATE_KUBECTL=$kubectl_bin
PROFILEGATE_K8S_VERSION=$k8s_version
PROFILEGATE_ETCD=$etcd_bin
EOF
mv "$env_file.tmp" "$env_file"
log "toolchain ready; env file $env_file"
echo "$bin_dir"
