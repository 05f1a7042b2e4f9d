#!/usr/bin/env bash
# A private PostgreSQL server on loopback, for kbloat's tests and for trying a shared store:
#   scripts/local-postgres.sh start DIR [PORT]   makes a cluster in DIR (once), starts it, and
#                                                prints its URL: postgres://kbloat@127.0.0.1:PORT/kbloat
#   scripts/local-postgres.sh stop DIR
# It uses Debian's postgresql package (scripts/setup.sh installs it), trusts loopback
# connections (no password: for tests, never for a farm), and runs as the postgres user when
# started as root, since PostgreSQL refuses to run as root.
set -euo pipefail
cmd=${1:?usage: local-postgres.sh start|stop DIR [PORT]}
dir=$(realpath -m "${2:?usage: local-postgres.sh start|stop DIR [PORT]}")
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "local-postgres: PostgreSQL is not installed (apt-get install postgresql, or run scripts/setup.sh)" >&2; exit 1; }
as=()
if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi

case $cmd in
start)
  mkdir -p "$dir"
  [ ${#as[@]} -eq 0 ] || chown postgres: "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    "${as[@]}" "$bin/initdb" -D "$dir" -U kbloat --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/../$(basename "$dir").initdb.log" 2>&1 \
      || { echo "local-postgres: initdb failed, see $dir/../$(basename "$dir").initdb.log" >&2; exit 1; }
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=50" start >/dev/null \
    || { echo "local-postgres: the server did not start (port $port taken?), see $dir/server.log" >&2; exit 1; }
  "$bin/psql" -h 127.0.0.1 -p "$port" -U kbloat -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'kbloat'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$port" -U kbloat kbloat
  echo "postgres://kbloat@127.0.0.1:$port/kbloat"
  ;;
stop)
  if [ -f "$dir/postmaster.pid" ]; then "${as[@]}" "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null; fi
  ;;
*)
  echo "usage: local-postgres.sh start|stop DIR [PORT]" >&2
  exit 2
  ;;
esac
