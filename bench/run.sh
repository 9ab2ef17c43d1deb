#!/usr/bin/env bash
# Runs the benchmarks on a throwaway Postgres (fsync on) and Redis of their
# own and prints the figures. Arguments go to booking_storm (--clients,
# --workers, --seconds, --rows, --seats-per-row).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
scripts/dev-stack.sh start build/bench-stack 55434 56381 >/dev/null
trap 'scripts/dev-stack.sh stop build/bench-stack 55434 56381' EXIT
psql -h 127.0.0.1 -p 55434 -U postgres -tAc "SHOW fsync; SHOW synchronous_commit" | paste -sd' ' \
    | sed 's/^/# postgres fsync, synchronous_commit: /'
BOXOFFICE_SERVER_BIN=build/server/boxoffice-server \
BOXOFFICE_TEST_PG="host=127.0.0.1 port=55434 user=postgres" \
    build/bench/booking_storm "$@"
