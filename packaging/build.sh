#!/usr/bin/env bash
# Build Buurtverbinder as a folder build in dist/buurtverbinder/ (executable: buurtverbinder),
# plus, on Linux, dist/buurtverbinder-<version>-linux-<arch>.tar.gz with a .desktop file.
#
#     packaging/build.sh              # build
#     packaging/build.sh --self-test  # build, then run the frozen app's --self-test
#
# Needs the venv with the build extra:  .venv/bin/pip install -e '.[build]'
# PYTHON=/path/to/python overrides the interpreter (default: .venv/bin/python).
# Windows: packaging/build.ps1. macOS: see packaging/macos/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
RUN_SELFTEST=0
for arg in "$@"; do
    case "$arg" in
        --self-test) RUN_SELFTEST=1 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

if ! "$PY" -m PyInstaller --version >/dev/null 2>&1; then
    echo "PyInstaller is missing: run  $PY -m pip install -e '.[build]'" >&2
    exit 2
fi
VERSION="$("$PY" -c 'import re,pathlib; print(re.search(r"__version__ = \"([^\"]+)\"", pathlib.Path("app/__init__.py").read_text()).group(1))')"
echo "== Buurtverbinder $VERSION"
START=$(date +%s)

echo "== compiling the translations"
"$PY" -m tools.i18n compile
echo "== rendering the icons"
"$PY" packaging/make_icons.py

echo "== PyInstaller"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/buurtverbinder.spec

if [[ "$(uname -s)" == "Linux" ]]; then
    echo "== Linux extras and tar.gz"
    install -m 0644 packaging/linux/buurtverbinder.desktop dist/buurtverbinder/
    install -m 0644 packaging/linux/buurtverbinder-mime.xml dist/buurtverbinder/
    install -m 0644 resources/icons/buurtverbinder-256.png dist/buurtverbinder/buurtverbinder.png
    install -m 0644 packaging/linux/INSTALL.txt dist/buurtverbinder/
    install -m 0755 packaging/linux/install-user.sh dist/buurtverbinder/
    ARCH="$(uname -m)"
    TARBALL="dist/buurtverbinder-$VERSION-linux-$ARCH.tar.gz"
    tar -C dist -czf "$TARBALL" buurtverbinder
    echo "   $TARBALL ($(du -h "$TARBALL" | cut -f1))"
fi

END=$(date +%s)
echo "== built dist/buurtverbinder/ in $((END - START)) s, $(du -sh dist/buurtverbinder | cut -f1)"

if [[ "$RUN_SELFTEST" == 1 ]]; then
    echo "== self-test of the frozen build"
    QT_QPA_PLATFORM=offscreen dist/buurtverbinder/buurtverbinder --self-test
fi
