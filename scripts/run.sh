#!/usr/bin/env bash
# Runs Boxoffice locally: installs what is needed, builds, starts a throwaway
# Postgres and Redis under .dev/, seeds the demo catalog and demo staff
# accounts, starts boxoffice-server on 127.0.0.1:8080 and then the boxoffice
# client in counter mode, signed in as the demo clerk. The web shop is at
# the server's address (printed).
#   scripts/run.sh           counter mode
#   scripts/run.sh --kiosk   the self-service kiosk (signed in as the demo kiosk;
#                            closing it asks for the staff PIN, 2468 by default)
# Closing the client stops the server; scripts/dev-stack.sh stop .dev stops
# Postgres and Redis. Without a display, the server runs in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Only what it runs: the test suite and the benchmarks wait for scripts/test.sh.
BOXOFFICE_BUILD_TARGETS="boxoffice-server boxoffice" scripts/build.sh
scripts/dev-stack.sh start .dev 55432 56379
psql -h 127.0.0.1 -p 55432 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'boxoffice'" \
    | grep -q 1 || psql -q -h 127.0.0.1 -p 55432 -U postgres -c "CREATE DATABASE boxoffice"
export BOXOFFICE_DATABASE="host=127.0.0.1 port=55432 user=postgres dbname=boxoffice"
export BOXOFFICE_REDIS="127.0.0.1:56379"
# The demo's counters and kiosks run on this machine: trusted, like a venue's
# own network would be (docs/API.md, "Limits").
export BOXOFFICE_SEARCH_INDEX="${BOXOFFICE_SEARCH_INDEX:-$PWD/.dev/search-index}"
export BOXOFFICE_RATE_LIMIT_EXEMPT="${BOXOFFICE_RATE_LIMIT_EXEMPT-127.0.0.0/8,::1}"
# This tree's shop, even where a package installed another one.
export BOXOFFICE_WEB_ROOT="${BOXOFFICE_WEB_ROOT:-$PWD/resources/web}"
server=build/server/boxoffice-server
$server seed
for account in "clerk@boxoffice.example clerk" "kiosk@boxoffice.example kiosk" \
    "admin@boxoffice.example admin" "door@boxoffice.example scanner"; do
    set -- $account
    echo "demo-password" | $server create-user "$1" "Demo $2" "$2" >/dev/null 2>&1 || true
done
echo "Demo staff accounts (password demo-password): clerk@, kiosk@, admin@, door@boxoffice.example"
port="${BOXOFFICE_PORT:-8080}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display: running only the server (start build/app/boxoffice on a desktop)."
    echo "Web shop: http://127.0.0.1:$port/"
    exec $server --port "$port"
fi
$server --port "$port" > .dev/server.log 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null' EXIT
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
echo "Server on http://127.0.0.1:$port (log: .dev/server.log); starting the client."
echo "Web shop: http://127.0.0.1:$port/ (open it in a browser)"
account=clerk@boxoffice.example
case " $* " in *" --kiosk "*) account=kiosk@boxoffice.example ;; esac
case " $* " in *" --scan "*) account=door@boxoffice.example ;; esac
echo "demo-password" | build/app/boxoffice --server "http://127.0.0.1:$port" \
    --email "$account" --password-stdin "$@"
