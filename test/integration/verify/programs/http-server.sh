#!/bin/sh
# python3 -m http.server on 127.0.0.1:8080, one directory listing fetched with curl.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
cd /usr/share/doc
/usr/bin/python3 -m http.server 8080 --bind 127.0.0.1 >/dev/null 2>&1 &
pid=$!
# Always sleep once: the recording and every verify run then take the same paths (a Localhost
# seccomp profile refuses what the recording never saw, e.g. sleep's clock_nanosleep).
sleep 0.2
i=0
until curl -sf -o /dev/null http://127.0.0.1:8080/; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "http.server did not answer" >&2; exit 1; }; sleep 0.1
done
curl -sf http://127.0.0.1:8080/ | grep -q 'Directory listing'
kill "$pid"
wait "$pid" 2>/dev/null || true
echo served
