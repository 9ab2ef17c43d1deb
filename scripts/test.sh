#!/usr/bin/env bash
# Installs what is needed, builds with warnings as errors, and runs every
# test. The suite starts its own throwaway Postgres (and a Redis per test)
# and stops it again; nothing else needs to be running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure --timeout 900 "$@"
