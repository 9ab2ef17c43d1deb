#!/usr/bin/env bash
# Builds the two Debian packages, boxoffice-server and boxoffice, into
# build/packages/ (CPack, components server and client; Depends from
# dpkg-shlibdeps). Extra arguments go to CMake.
#   scripts/package.sh
#   sudo apt install ./build/packages/boxoffice-server_*.deb ./build/packages/boxoffice_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BOXOFFICE_BUILD_TARGETS="boxoffice-server boxoffice" scripts/build.sh -DCMAKE_INSTALL_PREFIX=/usr "$@"
rm -f build/packages/*.deb
(cd build && cpack -G DEB >/dev/null)
for deb in build/packages/*.deb; do
    echo "$deb"
    dpkg-deb -f "$deb" Package Version Depends | sed 's/^/    /'
done
