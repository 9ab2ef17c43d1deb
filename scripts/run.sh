#!/usr/bin/env bash
# Runs Boxoffice locally: installs what is needed, builds, starts a throwaway
# Postgres and Redis under .dev/, seeds the demo catalog and demo staff
# accounts, and runs boxoffice-server in the foreground (Ctrl+C stops it;
# scripts/dev-stack.sh stop .dev stops Postgres and Redis).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/dev-stack.sh start .dev 55432 56379
psql -h 127.0.0.1 -p 55432 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'boxoffice'" \
    | grep -q 1 || psql -q -h 127.0.0.1 -p 55432 -U postgres -c "CREATE DATABASE boxoffice"
export BOXOFFICE_DATABASE="host=127.0.0.1 port=55432 user=postgres dbname=boxoffice"
export BOXOFFICE_REDIS="127.0.0.1:56379"
server=build/server/boxoffice-server
$server seed
for account in "clerk@boxoffice.example clerk" "kiosk@boxoffice.example kiosk" "admin@boxoffice.example admin"; do
    set -- $account
    echo "demo-password" | $server create-user "$1" "Demo $2" "$2" >/dev/null 2>&1 || true
done
echo "Demo staff accounts (password demo-password): clerk@, kiosk@, admin@boxoffice.example"
exec $server --port "${BOXOFFICE_PORT:-8080}"
