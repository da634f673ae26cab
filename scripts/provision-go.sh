# shellcheck shell=bash
# Go-built tools, each cached under "$CACHE/<tool>-<version>/". Sourced by provision-toolchain.sh.
# Every function prints the path of what it provides on stdout and logs to stderr.

go_build_flags=(-trimpath -p "${GOMAXPROCS:-2}")

# provision_opa VERSION: the opa CLI built with `go install`.
provision_opa() {
  local version="$1" dir="$CACHE/opa-$1"
  if [[ -x "$dir/opa" ]]; then
    log "opa $version cached"
  else
    command -v go >/dev/null || die "go is needed to build opa $version"
    log "building opa $version"
    GOBIN="$dir" go install "${go_build_flags[@]}" -ldflags="-s -w" "github.com/open-policy-agent/opa@$version" >&2
  fi
  echo "$dir/opa"
}

# provision_helm VERSION: the helm CLI built with `go install` from its Go module.
provision_helm() {
  local version="$1" dir="$CACHE/helm-$1"
  if [[ -x "$dir/helm" ]]; then
    log "helm $version cached"
  else
    command -v go >/dev/null || die "go is needed to build helm $version"
    log "building helm $version"
    GOBIN="$dir" go install "${go_build_flags[@]}" -ldflags="-s -w" "helm.sh/helm/v3/cmd/helm@$version" >&2
  fi
  echo "$dir/helm"
}

# local_replaces GOMOD: the modules that GOMOD requires and replaces with a local directory
# (its staging modules). Replaces of modules it does not require (guards such as
# `replace go.etcd.io/etcd => ./FORBIDDEN_DEPENDENCY`) are left out.
local_replaces() {
  awk '
    $1 == "require" && $2 == "(" { in_require = 1; next }
    in_require && $1 == ")" { in_require = 0; next }
    in_require && NF >= 2 { required[$1] = 1; next }
    $1 == "require" && NF >= 3 { required[$2] = 1; next }
    $2 == "=>" && $3 ~ /^\.\.?\// { local_dir[$1] = 1; next }
    $1 == "replace" && $3 == "=>" && $4 ~ /^\.\.?\// { local_dir[$2] = 1 }
    END { for (m in local_dir) if (m in required) print m }
  ' "$1" | sort
}

# go_mod_file MODULE@VERSION: path of the go.mod of that module version, from the module proxy.
go_mod_file() {
  go mod download -json "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["GoMod"])'
}

# wrapper_build WORKDIR MODULE VERSION REPLACE_VERSION_FN LDFLAGS OUTDIR PACKAGE...
# Builds PACKAGEs of MODULE@VERSION through a wrapper module that requires MODULE at VERSION and
# replaces each module that MODULE's go.mod points at a local directory (its staging modules)
# with the published version that REPLACE_VERSION_FN prints for it.
wrapper_build() {
  local work="$1" module="$2" version="$3" replace_fn="$4" ldflags="$5" out="$6"
  shift 6
  local gomod mods m
  gomod="$(go_mod_file "$module@$version")"
  mapfile -t mods < <(local_replaces "$gomod")
  rm -rf "$work"
  mkdir -p "$work"
  {
    echo "module profilegate.dev/toolchain/wrapper"
    echo
    echo "go $(awk '$1 == "go" { print $2; exit }' "$gomod")"
    echo
    echo "require $module $version"
    echo
    echo "replace ("
    for m in "${mods[@]}"; do
      echo "	$m => $m $("$replace_fn" "$m" "$version")"
    done
    echo ")"
  } >"$work/go.mod"
  log "wrapper module for $module@$version replaces ${#mods[@]} local modules"
  mkdir -p "$out.tmp"
  (cd "$work" && go build -mod=mod "${go_build_flags[@]}" -ldflags="-s -w $ldflags" \
    -o "$out.tmp/" "$@") >&2
  rm -rf "$out"
  mv "$out.tmp" "$out"
}

# Kubernetes staging module k8s.io/X at v1.M.P is published as v0.M.P.
k8s_staging_version() { echo "v0.${2#v1.}"; }
# etcd's sub-modules share the release's version.
same_version() { echo "$2"; }

# provision_kubernetes VERSION: a dir with kube-apiserver and kubectl of that release.
provision_kubernetes() {
  local version="$1" dir="$CACHE/kubernetes-$1"
  if [[ -x "$dir/kube-apiserver" && -x "$dir/kubectl" ]]; then
    log "kubernetes $version cached"
    echo "$dir"
    return 0
  fi
  command -v go >/dev/null || die "go is needed to build kubernetes $version"
  local minor="${version#v1.}"
  minor="${minor%%.*}"
  local v=k8s.io/component-base/version c=k8s.io/client-go/pkg/version ldflags=""
  for p in $v $c; do
    ldflags+=" -X $p.gitVersion=$version -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  log "building kube-apiserver and kubectl $version (cold: tens of minutes on 2 cores)"
  local started=$SECONDS
  wrapper_build "$CACHE/build/kubernetes-$version" k8s.io/kubernetes "$version" \
    k8s_staging_version "$ldflags" "$dir" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl
  log "kubernetes $version built in $((SECONDS - started))s"
  echo "$dir"
}

# provision_etcd VERSION: Debian's etcd when PROFILEGATE_ETCD_SOURCE=debian, else etcd VERSION
# built from Go modules (its server module replaces its sibling modules with local paths too).
provision_etcd() {
  local version="$1" dir="$CACHE/etcd-$1"
  if [[ "${PROFILEGATE_ETCD_SOURCE:-build}" == debian ]]; then
    command -v etcd >/dev/null || die "etcd-server is not installed"
    log "using Debian's $(etcd --version | head -1)"
    command -v etcd
    return 0
  fi
  if [[ -x "$dir/etcd" ]]; then
    log "etcd $version cached"
  else
    log "building etcd $version"
    local started=$SECONDS
    wrapper_build "$CACHE/build/etcd-$version" go.etcd.io/etcd/server/v3 "$version" \
      same_version "" "$dir" go.etcd.io/etcd/server/v3
    # go names the binary after the last path element without the major-version suffix.
    mv "$dir/server" "$dir/etcd"
    log "etcd $version built in $((SECONDS - started))s"
  fi
  echo "$dir/etcd"
}

# provision_kubernetes_node VERSION: a dir with kubelet, kube-controller-manager, kube-scheduler
# and kube-proxy of that release, built like kube-apiserver (its build cache makes this mostly
# linking).
provision_kubernetes_node() {
  local version="$1" dir="$CACHE/kubernetes-node-$1"
  if [[ -x "$dir/kubelet" && -x "$dir/kube-controller-manager" && -x "$dir/kube-scheduler" &&
    -x "$dir/kube-proxy" ]]; then
    log "kubelet, kube-controller-manager, kube-scheduler, kube-proxy $version cached"
    echo "$dir"
    return 0
  fi
  command -v go >/dev/null || die "go is needed to build kubernetes $version"
  local minor="${version#v1.}"
  minor="${minor%%.*}"
  local v=k8s.io/component-base/version c=k8s.io/client-go/pkg/version ldflags=""
  for p in $v $c; do
    ldflags+=" -X $p.gitVersion=$version -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  log "building kubelet, kube-controller-manager, kube-scheduler, kube-proxy $version"
  local started=$SECONDS
  wrapper_build "$CACHE/build/kubernetes-node-$version" k8s.io/kubernetes "$version" \
    k8s_staging_version "$ldflags" "$dir" \
    k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kube-proxy
  log "kubelet, kube-controller-manager, kube-scheduler, kube-proxy $version built in $((SECONDS - started))s"
  echo "$dir"
}

# provision_containerd VERSION: a dir with containerd, containerd-shim-runc-v2 and ctr of that
# release, built with `go install` (its go.mod has no local replaces). kubelet v1.36+ needs a
# runtime that answers CRI RuntimeConfig (the cgroup driver): containerd 2.x; Debian's 1.6 does not.
provision_containerd() {
  local version="$1" dir="$CACHE/containerd-$1" module=github.com/containerd/containerd/v2
  if [[ -x "$dir/containerd" && -x "$dir/containerd-shim-runc-v2" && -x "$dir/ctr" ]]; then
    log "containerd $version cached"
    echo "$dir"
    return 0
  fi
  command -v go >/dev/null || die "go is needed to build containerd $version"
  log "building containerd $version"
  local started=$SECONDS
  # no_btrfs: its snapshotter needs cgo and btrfs headers; overlayfs is what the node uses.
  GOBIN="$dir.tmp" go install "${go_build_flags[@]}" -tags no_btrfs \
    -ldflags="-s -w -X $module/version.Version=$version" \
    "$module/cmd/containerd@$version" "$module/cmd/containerd-shim-runc-v2@$version" \
    "$module/cmd/ctr@$version" >&2
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
  log "containerd $version built in $((SECONDS - started))s"
  echo "$dir"
}
