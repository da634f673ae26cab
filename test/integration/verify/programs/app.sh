#!/bin/sh
# A small "database" app: reads config.ini beside itself and appends a record to app.db beside
# itself (the app directory is both read and written).
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
here=$(dirname "$0")
name=$(sed -n 's/^name=//p' "$here/config.ini")
echo "record for $name" >> "$here/app.db"
grep -c "record for $name" "$here/app.db"
