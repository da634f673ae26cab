#!/bin/sh
# redis-server with both kinds of persistence in Debian's data directory: a BGSAVE snapshot and
# an append-only file, driven with redis-cli, then a clean shutdown.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
redis-server --port 6379 --bind 127.0.0.1 --dir /var/lib/redis --appendonly yes --save '' --daemonize no >/dev/null &
# Always sleep once: the recording and every verify run then take the same paths (a Localhost
# seccomp profile refuses what the recording never saw, e.g. sleep's clock_nanosleep).
sleep 0.2
i=0
until redis-cli ping 2>/dev/null | grep -q PONG; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "redis did not answer" >&2; exit 1; }; sleep 0.1
done
redis-cli set greeting hello >/dev/null
redis-cli bgsave >/dev/null
i=0
until redis-cli info persistence | grep -q 'rdb_bgsave_in_progress:0'; do
  i=$((i + 1)); [ "$i" -lt 100 ] || exit 1; sleep 0.1
done
redis-cli info persistence | grep -q 'rdb_last_bgsave_status:ok'
[ "$(redis-cli get greeting)" = hello ]
redis-cli shutdown >/dev/null || true
wait
ls /var/lib/redis/dump.rdb >/dev/null
ls /var/lib/redis/appendonlydir >/dev/null
echo persisted
