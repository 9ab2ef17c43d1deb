#!/usr/bin/env bash
# Runs the benchmarks on a throwaway Postgres (fsync on) and Redis of their
# own and prints the figures: the server's on-sale storm and reads
# (booking_storm; arguments go to it: --clients, --workers, --sale-threads,
# --seconds, --seats, --rows, --seats-per-row), then the client's sync and local search (client_sync), then
# an ordinary customer alone and during a flood (flood), then search over
# 100,000 generated events, index against the Postgres path (search_bench),
# then event details and seat maps next to nginx serving the same bodies
# (read_bench; needs nginx-light and wrk), then seat changes pushed to many
# stream subscribers (fanout_bench), then the waiting room's joins and
# admission (queue_bench).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
# The baselines' tools: pgbench comes with Postgres; nginx and wrk are the
# static-file baseline of read_bench.
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends nginx-light wrk
fi
scripts/dev-stack.sh start build/bench-stack 55434 56381 >/dev/null
trap 'scripts/dev-stack.sh stop build/bench-stack 55434 56381' EXIT
psql -h 127.0.0.1 -p 55434 -U postgres -tAc "SHOW fsync; SHOW synchronous_commit" | paste -sd' ' \
    | sed 's/^/# postgres fsync, synchronous_commit: /'
BOXOFFICE_SERVER_BIN=build/server/boxoffice-server \
BOXOFFICE_TEST_PG="host=127.0.0.1 port=55434 user=postgres" \
    build/bench/booking_storm "$@"
echo "# client: first sync, catch-up, local search"
BOXOFFICE_SERVER_BIN=build/server/boxoffice-server \
BOXOFFICE_TEST_PG="host=127.0.0.1 port=55434 user=postgres" \
    build/bench/client_sync
echo "# flood: an ordinary customer alone and during a flood, public limits (issue 8)"
BOXOFFICE_SERVER_BIN=build/server/boxoffice-server \
BOXOFFICE_TEST_PG="host=127.0.0.1 port=55434 user=postgres" \
    build/bench/flood
echo "# search: 100,000 generated events, index vs Postgres path (issue 9)"
BOXOFFICE_SERVER_BIN=build/server/boxoffice-server \
BOXOFFICE_TEST_PG="host=127.0.0.1 port=55434 user=postgres" \
    build/bench/search_bench
echo "# reads: event details and seat map vs nginx serving the same bodies (issue 10)"
BOXOFFICE_SERVER_BIN=build/server/boxoffice-server \
BOXOFFICE_TEST_PG="host=127.0.0.1 port=55434 user=postgres" \
    build/bench/read_bench
echo "# fan-out: seat changes pushed to 1,000 and 10,000 stream subscribers (issue 11)"
BOXOFFICE_SERVER_BIN=build/server/boxoffice-server \
BOXOFFICE_TEST_PG="host=127.0.0.1 port=55434 user=postgres" \
    build/bench/fanout_bench
echo "# waiting room: joins next to pgbench running the join's statement, admission at the rate (issue 11)"
BOXOFFICE_SERVER_BIN=build/server/boxoffice-server \
BOXOFFICE_TEST_PG="host=127.0.0.1 port=55434 user=postgres" \
    build/bench/queue_bench
