#!/usr/bin/env bash
# A private Redis server on loopback, for kbloat's farm tests and for trying a farm on one machine:
#   scripts/local-redis.sh start DIR [PORT]   starts it (its files in DIR) and prints redis://127.0.0.1:PORT
#   scripts/local-redis.sh stop DIR
# It uses Debian's redis-server package (scripts/setup.sh installs it) and keeps its data on disk
# (appendonly), so that a restarted server still holds the queue.
set -euo pipefail
cmd=${1:?usage: local-redis.sh start|stop DIR [PORT]}
dir=$(realpath -m "${2:?usage: local-redis.sh start|stop DIR [PORT]}")
port=${3:-56379}
command -v redis-server >/dev/null || { echo "local-redis: redis-server is not installed (apt-get install redis-server, or run scripts/setup.sh)" >&2; exit 1; }
case $cmd in
start)
  mkdir -p "$dir"
  echo "$port" >"$dir/port"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
    --logfile "$dir/redis.log" --appendonly yes --save "" --maxmemory-policy noeviction
  for _ in $(seq 50); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  redis-cli -p "$port" ping 2>/dev/null | grep -q PONG || { echo "local-redis: the server did not start (port $port taken?), see $dir/redis.log" >&2; exit 1; }
  echo "redis://127.0.0.1:$port"
  ;;
stop)
  pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    redis-cli -p "$(cat "$dir/port")" shutdown nosave >/dev/null 2>&1 || kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  ;;
*)
  echo "usage: local-redis.sh start|stop DIR [PORT]" >&2
  exit 2
  ;;
esac
