#!/usr/bin/env bash
# Makes the README's screenshots from the real client: a throwaway stack with
# the demo catalog, the real server, and `boxoffice --screenshot` in counter
# and kiosk mode on Qt's offscreen platform, and the web shop in headless
# Chromium. Writes docs/screenshots/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
# SCREENSHOTS_NO_BUILD=1: use the build/ as it is (boxoffice and the server built).
[ -n "${SCREENSHOTS_NO_BUILD:-}" ] || scripts/build.sh >/dev/null
work=$(mktemp -d /tmp/boxoffice-shots.XXXXXX)
chmod 755 "$work"
pgport=${SCREENSHOTS_PG_PORT:-55436} redisport=${SCREENSHOTS_REDIS_PORT:-56383}
port=${SCREENSHOTS_PORT:-18099}
scripts/dev-stack.sh start "$work/stack" $pgport $redisport >/dev/null
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    scripts/dev-stack.sh stop "$work/stack" $pgport $redisport >/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
psql -q -h 127.0.0.1 -p $pgport -U postgres -c "CREATE DATABASE boxoffice"
export BOXOFFICE_DATABASE="host=127.0.0.1 port=$pgport user=postgres dbname=boxoffice"
export BOXOFFICE_REDIS="127.0.0.1:$redisport"
server=build/server/boxoffice-server
$server seed >/dev/null
for role in clerk kiosk; do
    echo "demo-password" | $server create-user "$role@boxoffice.example" "Demo $role" "$role" >/dev/null
done
$server --port $port >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

mkdir -p docs/screenshots
shoot() { # account file extra-args...
    local account=$1 file=$2
    shift 2
    echo "demo-password" | env QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 \
        XDG_CONFIG_HOME="$work/config-$file" XDG_DATA_HOME="$work/data-$file" \
        build/app/boxoffice --server "http://127.0.0.1:$port" --email "$account" --password-stdin \
        --language en --screenshot "docs/screenshots/$file" "$@"
}
# The concert hall, with its balconies beside the stalls; the kiosk's seat
# and pay screens.
shoot clerk@boxoffice.example counter.png --screenshot-search Hafenhalle
shoot kiosk@boxoffice.example kiosk.png --kiosk --screenshot-search Hafenhalle
shoot kiosk@boxoffice.example kiosk-pay.png --kiosk --screenshot-search Hafenhalle --screenshot-pay
# The web shop, in headless Chromium (the browser tests' packages).
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    /usr/bin/python3 tests/web/screenshot.py "http://127.0.0.1:$port" docs/screenshots/shop.png
else
    echo "No chromium/chromedriver: the shop's screenshot is left as it is (scripts/install-deps.sh)."
fi
ls -l docs/screenshots
