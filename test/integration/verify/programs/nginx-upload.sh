#!/bin/sh
# nginx (root master on :80, www-data workers) taking a 64 KiB upload with WebDAV PUT: the body is
# buffered in /var/lib/nginx/body (www-data 0700 from the package) and renamed into /srv/pg-uploads.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
here=$(cd "$(dirname "$0")" && pwd)
nginx -c "$here/nginx-upload.conf"
sleep 0.2
i=0
until curl -s -o /dev/null http://127.0.0.1/none; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "nginx did not answer" >&2; exit 1; }; sleep 0.1
done
head -c 65536 /dev/zero | curl -sf -T - http://127.0.0.1/upload.bin
nginx -c "$here/nginx-upload.conf" -s quit
i=0
while [ -e /run/nginx-upload.pid ]; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "nginx did not stop" >&2; exit 1; }; sleep 0.1
done
echo uploaded
