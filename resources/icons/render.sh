#!/usr/bin/env bash
# Renders the client's icon from its SVG into the PNG sizes the desktop
# wants (hicolor theme). The PNGs are committed; run this after editing the
# SVG (needs rsvg-convert, Debian's librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256; do
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" hicolor/scalable/apps/boxoffice.svg \
        -o "hicolor/${size}x${size}/apps/boxoffice.png"
done
