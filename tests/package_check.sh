#!/usr/bin/env bash
# The Debian packages (issue 12): builds both with CPack from this build
# tree, unpacks them into a throwaway root and checks that every file is
# where Debian expects it, that the Depends name the libraries the binaries
# need, that the desktop entry, metainfo and units are valid, and that the
# unpacked binaries run (--help).
#   tests/package_check.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?build directory}" && pwd)
work=$(mktemp -d /tmp/boxoffice-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { if "$@"; then echo "ok: $*"; else fail "$*"; fi; }

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
if [ "$prefix" != /usr ]; then
    echo "FAIL: the build is configured with CMAKE_INSTALL_PREFIX=$prefix; packages need /usr" \
        "(scripts/package.sh sets it)"
    exit 1
fi

(cd "$build" && cpack -G DEB -B "$work/packages" >"$work/cpack.log" 2>&1) || {
    cat "$work/cpack.log"
    exit 1
}
server_deb=$(ls "$work"/packages/boxoffice-server_*.deb)
client_deb=$(ls "$work"/packages/boxoffice_*.deb)
echo "packages: $(basename "$server_deb") $(basename "$client_deb")"

# Depends: what dpkg-shlibdeps found, plus what is loaded at run time.
server_depends=$(dpkg-deb -f "$server_deb" Depends)
client_depends=$(dpkg-deb -f "$client_deb" Depends)
echo "boxoffice-server Depends: $server_depends"
echo "boxoffice Depends: $client_depends"
for lib in libqt6core6 libqt6network6 libpqxx libhiredis libxapian \
    libsodium libhttp-parser libsystemd0 libjemalloc2 adduser; do
    check grep -q "$lib" <<<"$server_depends"
done
for lib in libqt6core6 libqt6widgets6 libqt6printsupport6 libqt6sql6 libqrencode \
    qt6-qpa-plugins libqt6sql6-sqlite; do
    check grep -q "$lib" <<<"$client_depends"
done
check test -z "$(grep -o 'libqt6widgets6' <<<"$server_depends" || true)"

# The server's maintainer scripts and its configuration kept on upgrade.
dpkg-deb -e "$server_deb" "$work/control"
check test -x "$work/control/postinst"
check grep -q 'adduser --system' "$work/control/postinst"
check grep -qx '/etc/boxoffice/server.ini' "$work/control/conffiles"

root=$work/root
dpkg -x "$server_deb" "$root"
dpkg -x "$client_deb" "$root"
for file in \
    usr/bin/boxoffice-server \
    usr/lib/systemd/system/boxoffice-server.service \
    usr/lib/systemd/system/boxoffice-server@.service \
    etc/boxoffice/server.ini \
    usr/share/doc/boxoffice-server/OPERATIONS.md \
    usr/share/doc/boxoffice-server/ARCHITECTURE.md \
    usr/share/doc/boxoffice-server/API.md \
    usr/share/doc/boxoffice-server/WEBSHOP.md \
    usr/share/boxoffice/web/index.html \
    usr/share/boxoffice/web/style.css \
    usr/share/boxoffice/web/js/app.js \
    usr/share/doc/boxoffice-server/examples/nginx-boxoffice.conf \
    usr/share/doc/boxoffice-server/examples/boxoffice-locations.conf \
    usr/bin/boxoffice \
    usr/share/applications/boxoffice.desktop \
    usr/share/metainfo/example.boxoffice.Boxoffice.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/boxoffice.svg; do
    check test -f "$root/$file"
done
for size in 16 22 24 32 48 64 128 256; do
    check test -f "$root/usr/share/icons/hicolor/${size}x${size}/apps/boxoffice.png"
done
# Each package holds only its own files.
check test -z "$(dpkg-deb -c "$server_deb" | grep -E 'usr/bin/boxoffice$|applications' || true)"
check test -z "$(dpkg-deb -c "$client_deb" | grep -E 'boxoffice-server|systemd|boxoffice/web' || true)"

if command -v desktop-file-validate >/dev/null; then
    check desktop-file-validate "$root/usr/share/applications/boxoffice.desktop"
fi
if command -v appstreamcli >/dev/null; then
    check appstreamcli validate --no-net \
        "$root/usr/share/metainfo/example.boxoffice.Boxoffice.metainfo.xml"
fi
if command -v systemd-analyze >/dev/null; then
    # verify wants the ExecStart binary where the unit says: point it at the
    # unpacked one.
    mkdir -p "$work/units"
    for unit in boxoffice-server.service boxoffice-server@.service; do
        sed "s|/usr/bin/boxoffice-server|$root/usr/bin/boxoffice-server|" \
            "$root/usr/lib/systemd/system/$unit" >"$work/units/$unit"
    done
    check systemd-analyze verify "$work/units/boxoffice-server.service" \
        "$work/units/boxoffice-server@8081.service"
fi

# The installed nginx example is a configuration nginx accepts, TLS and all
# (with a throwaway certificate where the example expects one).
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ -x "$nginx" ] && command -v openssl >/dev/null; then
    examples=$root/usr/share/doc/boxoffice-server/examples
    gateway=$work/gateway
    mkdir -p "$gateway/snippets"
    cp "$examples/boxoffice-locations.conf" "$gateway/snippets/"
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=boxoffice.example.org \
        -keyout "$gateway/boxoffice.key" -out "$gateway/boxoffice.crt" 2>/dev/null
    sed -e "s|/etc/ssl/boxoffice/|$gateway/|" -e "s|include snippets/|include $gateway/snippets/|" \
        "$examples/nginx-boxoffice.conf" >"$gateway/site.conf"
    printf 'pid %s/nginx.pid;\nevents {}\nhttp {\n    include %s/site.conf;\n}\n' \
        "$gateway" "$gateway" >"$gateway/nginx.conf"
    check "$nginx" -t -q -p "$gateway" -e "$gateway/error.log" -c "$gateway/nginx.conf"
fi

# The unpacked binaries run against the system's libraries.
check grep -q -- '--trusted-proxies' <("$root/usr/bin/boxoffice-server" --help)
# The installed server finds the installed shop by default.
check grep -q -- '/usr/share/boxoffice/web' <("$root/usr/bin/boxoffice-server" --help)
check grep -q -- "boxoffice-server $(dpkg-deb -f "$server_deb" Version | cut -d- -f1)" \
    <("$root/usr/bin/boxoffice-server" --version)
check grep -q -- '--kiosk' <(QT_QPA_PLATFORM=offscreen "$root/usr/bin/boxoffice" --help)

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all package checks passed"
