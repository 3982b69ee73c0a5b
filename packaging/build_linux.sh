#!/usr/bin/env bash
# Build Dadras's one-folder Linux bundle (dist/dadras/) with PyInstaller, then smoke-test it.
#
#   packaging/build_linux.sh              # from anywhere inside a clone
#
# Environment (all optional):
#   PYTHON=python3.11        the interpreter the build venv is made from (3.11 or newer)
#   DADRAS_BUILD_VENV=DIR    the build venv (default: build/packaging/venv, reused if present)
#   DADRAS_DIST=DIR          where the bundle goes (default: dist; the bundle is DIR/dadras)
#   DADRAS_SKIP_APT=1        do not apt-get the Qt runtime libraries (root only does it anyway)
#   DADRAS_SKIP_SMOKE=1      build only
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONDONTWRITEBYTECODE=1

PYTHON="${PYTHON:-python3}"
VENV="${DADRAS_BUILD_VENV:-$ROOT/build/packaging/venv}"
DIST="${DADRAS_DIST:-$ROOT/dist}"
WORK="$ROOT/build/pyinstaller"

SCRIPT_START=$(date +%s)
log() { printf '==> %s\n' "$*"; }

# -------------------------------------------------------------- system libraries (Debian)
# The libraries Qt needs offscreen and on X11 (as .ci/run and the README's "Linux libraries"),
# plus poppler-utils for the smoke test's pdftotext. Installed only when running as root with
# apt-get available and something is missing; otherwise listed for the user to install.
DEB_PACKAGES=(
    libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
    libglib2.0-0 fonts-dejavu-core poppler-utils
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
)
if command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for package in "${DEB_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        if [ "${DADRAS_SKIP_APT:-0}" != "1" ] && [ "$(id -u)" = "0" ] \
            && command -v apt-get >/dev/null 2>&1; then
            log "apt-get install ${missing[*]}"
            apt-get update -qq
            apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
        else
            log "warning: missing Debian packages (install them as root): ${missing[*]}"
        fi
    fi
fi

# ------------------------------------------------------------------------------ build venv
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "Python 3.11 or newer is needed (set PYTHON=...)" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
    log "creating the build venv in $VENV"
    "$PYTHON" -m venv "$VENV"
fi
log "pip install .[packaging]"
# tzdata: bundled so that Asia/Tehran resolves even where /usr/share/zoneinfo is missing.
"$VENV/bin/python" -m pip install -q --upgrade ".[packaging]" tzdata </dev/null

# ------------------------------------------------------------------------------- build
log "pyinstaller packaging/dadras.spec"
start=$(date +%s)
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/dadras.spec </dev/null
end=$(date +%s)
BUNDLE="$DIST/dadras"

log "build time: $((end - start)) s (pyinstaller only)"
log "bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1), $(find "$BUNDLE" -type f | wc -l) files)"

log "total so far (apt, venv, pip, pyinstaller): $(($(date +%s) - SCRIPT_START)) s"

if [ "${DADRAS_SKIP_SMOKE:-0}" = "1" ]; then
    exit 0
fi
log "smoke test"
"$ROOT/packaging/smoke_test.sh" "$BUNDLE"
