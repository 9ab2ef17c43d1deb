#!/usr/bin/env bash
# Configures and builds into build/ with Ninja (and ccache when present).
# Extra arguments go to CMake, e.g. -DBOXOFFICE_SANITIZE=ON.
# BOXOFFICE_BUILD_TARGETS="boxoffice-server boxoffice" builds only those
# (scripts/run.sh, scripts/package.sh); by default everything is built.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache needs a home for its cache; CI may run without HOME.
export CCACHE_DIR="${CCACHE_DIR:-${HOME:-$PWD}/.ccache}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBOXOFFICE_WERROR=ON "$@" >/dev/null
# shellcheck disable=SC2086 # a list of target names
ninja -C build ${BOXOFFICE_BUILD_TARGETS:-}
