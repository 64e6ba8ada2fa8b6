#!/bin/sh
# Install Buurtverbinder for this user only (no administrator rights needed):
# the program goes to ~/.local/opt/buurtverbinder, a menu entry and the .bvx file type are
# registered. Run it from the unpacked folder:  ./install-user.sh
# Remove again with:  ./install-user.sh --uninstall
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
TARGET="$HOME/.local/opt/buurtverbinder"
BIN="$HOME/.local/bin"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$TARGET" "$BIN/buurtverbinder" "$DATA/applications/buurtverbinder.desktop" \
        "$DATA/icons/hicolor/256x256/apps/buurtverbinder.png" \
        "$DATA/mime/packages/buurtverbinder-mime.xml"
    update-mime-database "$DATA/mime" 2>/dev/null || true
    echo "Buurtverbinder is removed. Your data (in ~/.local/share/Buurtverbinder) is kept."
    exit 0
fi

if [ "$HERE" != "$TARGET" ]; then
    mkdir -p "$(dirname "$TARGET")"
    rm -rf "$TARGET"
    cp -a "$HERE" "$TARGET"
fi
mkdir -p "$BIN" "$DATA/applications" "$DATA/icons/hicolor/256x256/apps" "$DATA/mime/packages"
ln -sf "$TARGET/buurtverbinder" "$BIN/buurtverbinder"
sed "s|^Exec=buurtverbinder|Exec=$TARGET/buurtverbinder|" "$TARGET/buurtverbinder.desktop" \
    > "$DATA/applications/buurtverbinder.desktop"
cp "$TARGET/buurtverbinder.png" "$DATA/icons/hicolor/256x256/apps/buurtverbinder.png"
cp "$TARGET/buurtverbinder-mime.xml" "$DATA/mime/packages/buurtverbinder-mime.xml"
update-mime-database "$DATA/mime" 2>/dev/null || true
update-desktop-database "$DATA/applications" 2>/dev/null || true
xdg-mime default buurtverbinder.desktop application/x-buurtverbinder-exchange 2>/dev/null || true
echo "Buurtverbinder is installed: find it in the applications menu, or run $BIN/buurtverbinder"
