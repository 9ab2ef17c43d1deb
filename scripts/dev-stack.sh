#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis for development, tests and benchmarks.
#   scripts/dev-stack.sh start DIR [PG_PORT] [REDIS_PORT]   start (idempotent)
#   scripts/dev-stack.sh stop DIR [PG_PORT] [REDIS_PORT]    stop both
#   scripts/dev-stack.sh crash-postgres DIR                 stop Postgres like a crash
#                                                           (immediate: recovery on start)
# Postgres runs with durable commits (fsync and synchronous_commit on).
# As root, Postgres runs as the "postgres" user, which must be able to reach
# DIR; when it cannot, the data lives in a private folder under /tmp instead.
set -euo pipefail

cmd=${1:?usage: dev-stack.sh start|stop DIR [PG_PORT] [REDIS_PORT]}
dir=$(mkdir -p "${2:?DIR missing}" && cd "$2" && pwd)
pg_port=${3:-55432}
redis_port=${4:-56379}
pgbin=/usr/lib/postgresql/15/bin

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Where Postgres keeps its data: DIR/pg, or a /tmp folder if postgres cannot
# traverse DIR (recorded in DIR/pg.location so stop finds it).
pg_location() {
    if [ -f "$dir/pg.location" ]; then cat "$dir/pg.location"; return; fi
    local loc="$dir/pg"
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$dir"; then
        loc=$(mktemp -d /tmp/boxoffice-pg.XXXXXX)
    fi
    echo "$loc" > "$dir/pg.location"
    echo "$loc"
}

case "$cmd" in
start)
    pgdir=$(pg_location)
    mkdir -p "$pgdir"
    [ "$(id -u)" = 0 ] && chown postgres "$pgdir" && chmod 700 "$pgdir"
    if [ ! -f "$pgdir/data/PG_VERSION" ]; then
        as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$pgdir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pgdir'
max_connections = 400
shared_buffers = 256MB
fsync = on
synchronous_commit = on
full_page_writes = on
# What an operator sets for an on-sale (docs/OPERATIONS.md): room for the
# write-ahead log between checkpoints, and where the time goes.
max_wal_size = 4GB
checkpoint_timeout = 15min
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
track_io_timing = on
timezone = 'UTC'
log_min_messages = warning
CONF
    fi
    if ! as_pg "$pgbin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
        as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/postgres.log" -w -t 60 start >/dev/null
    fi
    if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
        mkdir -p "$dir/redis"
        redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save '' \
            --appendonly no --dir "$dir/redis" --logfile "$dir/redis/redis.log" \
            --pidfile "$dir/redis/redis.pid"
        for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    echo "postgres: host=127.0.0.1 port=$pg_port user=postgres   redis: 127.0.0.1:$redis_port"
    ;;
stop)
    if [ -f "$dir/pg.location" ]; then
        pgdir=$(cat "$dir/pg.location")
        as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true
    fi
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    ;;
crash-postgres)
    pgdir=$(cat "$dir/pg.location")
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null
    ;;
*)
    echo "unknown command $cmd" >&2; exit 2 ;;
esac
