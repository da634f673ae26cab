#!/bin/sh
# Debian's nginx as a real deployment runs it: a root master on :80 (from /etc/nginx/nginx.conf),
# www-data workers serving /var/www/html and logging to /var/log/nginx. Starts it, serves a page,
# checks the access log, stops it.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
nginx
# Always sleep once: the recording and every verify run then take the same paths (a Localhost
# seccomp profile refuses what the recording never saw, e.g. sleep's clock_nanosleep).
sleep 0.2
i=0
until curl -sf -o /dev/null http://127.0.0.1/; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "nginx did not answer" >&2; exit 1; }; sleep 0.1
done
curl -sf http://127.0.0.1/ | grep -q 'Welcome to nginx'
ps -o user= -C nginx | grep -q www-data
nginx -s quit
i=0
while [ -e /run/nginx.pid ]; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "nginx did not stop" >&2; exit 1; }; sleep 0.1
done
grep -q '"GET / HTTP/1.1" 200' /var/log/nginx/access.log
echo served
