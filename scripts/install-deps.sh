#!/usr/bin/env bash
# Installs the Debian 12 packages Boxoffice builds and runs with.
set -euo pipefail
packages=(
    cmake ninja-build ccache g++ pkg-config clang-format
    qt6-base-dev qt6-websockets-dev libqt6sql6-sqlite qt6-qpa-plugins
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqrencode-dev libzxing-dev poppler-utils fonts-dejavu-core
    libpqxx-dev libhiredis-dev libhttp-parser-dev libsodium-dev libxapian-dev libjemalloc-dev
    postgresql-15 postgresql-contrib redis-server redis-tools curl
    libsystemd-dev
    # packaging (scripts/package.sh, tests/package_check.sh): dpkg-shlibdeps,
    # and the checks of the desktop entry, the metainfo and the units
    dpkg-dev file desktop-file-utils appstream systemd openssl
    # the gateway test (tst_gateway): real nginx in front of two servers
    nginx-light
    # renders resources/icons' PNGs from the SVG (resources/icons/render.sh)
    librsvg2-bin
    # the web shop's browser tests (tst_web_shop): headless Chromium driven
    # by Selenium, zbarimg reading the tickets' QR codes back
    chromium chromium-driver python3-selenium zbar-tools
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
