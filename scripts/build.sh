#!/usr/bin/env bash
# Configures and builds into build/ with Ninja (and ccache when present).
# Extra arguments go to CMake, e.g. -DBOXOFFICE_SANITIZE=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache needs a home for its cache; CI may run without HOME.
export CCACHE_DIR="${CCACHE_DIR:-${HOME:-$PWD}/.ccache}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBOXOFFICE_WERROR=ON "$@" >/dev/null
ninja -C build
