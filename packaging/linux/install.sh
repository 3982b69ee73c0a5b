#!/usr/bin/env bash
# Install a built Dadras bundle for one user (default) or system-wide (--system, as root):
# the bundle folder, a `dadras` command, the menu entry and the icons.
#
#   packaging/linux/install.sh dist/dadras            # ~/.local/opt/dadras, ~/.local/bin/dadras
#   sudo packaging/linux/install.sh --system dist/dadras   # /opt/dadras, /usr/local/bin/dadras
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ICONS="$(cd "$HERE/../../resources/icons" && pwd)"

if [ "${1:-}" = "--system" ]; then
    shift
    PREFIX=/usr/local
    APP_DIR=/opt/dadras
    SHARE=/usr/share
else
    PREFIX="$HOME/.local"
    APP_DIR="$HOME/.local/opt/dadras"
    SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
if [ "$#" -ne 1 ] || [ ! -x "$1/dadras" ]; then
    echo "usage: $0 [--system] BUNDLE_DIR   (the folder holding the dadras executable)" >&2
    exit 64
fi
BUNDLE="$(cd "$1" && pwd)"

rm -rf "$APP_DIR"
mkdir -p "$(dirname "$APP_DIR")" "$PREFIX/bin" "$SHARE/applications"
cp -a "$BUNDLE" "$APP_DIR"
ln -sfn "$APP_DIR/dadras" "$PREFIX/bin/dadras"

for size in 16 24 32 48 64 128 256; do
    install -D -m 644 "$ICONS/dadras-$size.png" \
        "$SHARE/icons/hicolor/${size}x${size}/apps/dadras.png"
done
install -D -m 644 "$ICONS/dadras.svg" "$SHARE/icons/hicolor/scalable/apps/dadras.svg"
# The menu entry runs the installed executable by its full path (PATH may lack ~/.local/bin).
sed "s|^Exec=dadras$|Exec=\"$APP_DIR/dadras\"|" "$HERE/dadras.desktop" \
    >"$SHARE/applications/dadras.desktop"
chmod 644 "$SHARE/applications/dadras.desktop"

command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 \
    && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "installed: $APP_DIR, $PREFIX/bin/dadras, $SHARE/applications/dadras.desktop"
