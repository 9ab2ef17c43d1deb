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
for role in clerk kiosk scanner; do
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
# The door admitting a ticket sold at the counter, and the counter's till
# closing after two cash sales (the shift opened with a float of 150).
api() { # method path token [json]
    curl -sf -X "$1" "http://127.0.0.1:$port$2" -H "Authorization: Bearer $3" \
        -H "Content-Type: application/json" -H "Idempotency-Key: shot-$RANDOM-$RANDOM" \
        ${4:+--data "$4"}
}
token=$(curl -sf "http://127.0.0.1:$port/v1/auth/login" -H "Content-Type: application/json" \
    --data '{"email":"clerk@boxoffice.example","password":"demo-password"}' |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
api POST /v1/shifts "$token" '{"till":"Counter 1","float_cents":15000}' >/dev/null
read -r event name < <(psql -h 127.0.0.1 -p $pgport -U postgres -d boxoffice -tA -F ' ' -c \
    "SELECT e.id, e.name FROM events e JOIN venues v ON v.id = e.venue_id
     WHERE v.name = 'Hafenhalle' AND e.starts_at > now() ORDER BY e.starts_at, e.id LIMIT 1")
tickets=$(psql -h 127.0.0.1 -p $pgport -U postgres -d boxoffice -tA -c \
    "SELECT string_agg(id::text, ',') FROM (SELECT id FROM tickets WHERE event_id = $event
     AND status = 'available' ORDER BY id DESC LIMIT 3) t")
first=${tickets%%,*} rest=${tickets#*,}
secret=$(api POST "/v1/event/$event/bookings" "$token" \
    "{\"ticket_ids\":[$rest],\"customer_name\":\"Greta Garbo\",\"payment_details\":{\"method\":\"cash\",\"amount_tendered\":50000}}" |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["tickets"][0]["secret"])')
api POST "/v1/event/$event/bookings" "$token" \
    "{\"ticket_ids\":[$first],\"payment_details\":{\"method\":\"cash\",\"amount_tendered\":20000}}" >/dev/null
shoot scanner@boxoffice.example scanner.png --scan --screenshot-search "$name" \
    --screenshot-scan "$secret"
shoot clerk@boxoffice.example shift-closing.png --screenshot-close-shift
# The web shop, in headless Chromium (the browser tests' packages).
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    /usr/bin/python3 tests/web/screenshot.py "http://127.0.0.1:$port" docs/screenshots/shop.png
else
    echo "No chromium/chromedriver: the shop's screenshot is left as it is (scripts/install-deps.sh)."
fi
ls -l docs/screenshots
