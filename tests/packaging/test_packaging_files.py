"""The packaging files: one version everywhere, a spec that carries what the app needs, a
per-user Windows installer with the .bvx type, valid Linux desktop files and icons."""
import ast
import configparser
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import app

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"


def test_spec_reads_the_one_version_and_collects_what_the_app_needs():
    text = (PACKAGING / "buurtverbinder.spec").read_text(encoding="utf-8")
    ast.parse(text)
    version = re.search(r'__version__ = "([^"]+)"',
                        (ROOT / "app" / "__init__.py").read_text()).group(1)
    assert version == app.__version__
    assert 'collect_submodules("app"' in text
    for needed in ('"resources"', '"translations", ("*.mo",)', '"app/migrations", ("*.py"',
                   '"docs/handleiding"', 'name="buurtverbinder"', "upx=False"):
        assert needed in text, needed
    assert "onefile" not in text.lower() or "not a single file" in text


def test_spec_windows_version_resource_is_well_formed(tmp_path):
    text = (PACKAGING / "buurtverbinder.spec").read_text(encoding="utf-8")
    source = text[text.index("def windows_version_file"):text.index("excludes = [")]
    namespace = {"re": re, "Path": Path, "VERSION": "1.2.3", "workpath": str(tmp_path)}
    exec(source, namespace)  # our own spec
    written = Path(namespace["windows_version_file"]()).read_text(encoding="utf-8")

    class Node:
        def __init__(self, *args, **kwargs):
            self.args, self.kwargs = args, kwargs

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")
    info = eval(written, dict.fromkeys(names, Node))  # the text we just wrote
    assert info.kwargs["ffi"].kwargs["filevers"] == (1, 2, 3, 0)
    assert "StringStruct('ProductVersion', '1.2.3')" in written


def test_inno_setup_script_installs_per_user_with_shortcut_and_bvx():
    iss = (PACKAGING / "windows" / "buurtverbinder.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert "DefaultDirName={autopf}" in iss  # = %LOCALAPPDATA%\Programs when per user
    assert 'Name: "{autoprograms}\\{#AppName}"' in iss  # Start menu
    assert "SetupIconFile={#Root}\\resources\\icons\\buurtverbinder.ico" in iss
    assert 'Subkey: "Software\\Classes\\.bvx"' in iss and "Root: HKA" in iss
    assert '""{app}\\{#AppExe}"" ""%1"""' in iss  # the package path is passed on
    assert "ChangesAssociations=yes" in iss
    for lang in ("Dutch.isl", "French.isl", "Default.isl"):
        assert lang in iss
    # every custom message exists in the three languages
    names = set(re.findall(r"^(?:nl|fr|en)\.(\w+)=", iss, re.M))
    for name in names:
        for lang in ("nl", "fr", "en"):
            assert re.search(rf"^{lang}\.{name}=.+", iss, re.M), f"{lang}.{name}"
    assert "{cm:" in iss and names


def test_build_scripts_pass_the_version_and_are_valid_shell():
    build_sh = PACKAGING / "build.sh"
    assert subprocess.run(["bash", "-n", str(build_sh)]).returncode == 0
    assert subprocess.run(["bash", "-n", str(ROOT / ".ci" / "build-selftest")]).returncode == 0
    assert subprocess.run(["sh", "-n", str(PACKAGING / "linux" / "install-user.sh")]
                          ).returncode == 0
    assert "set -euo pipefail" in build_sh.read_text()
    ps1 = (PACKAGING / "build.ps1").read_text(encoding="utf-8")
    assert '"/DAppVersion=$Version"' in ps1 and "buurtverbinder.spec" in ps1
    assert "buurtverbinder-selftest.log" in ps1


def test_desktop_file_and_mime_type_agree():
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(PACKAGING / "linux" / "buurtverbinder.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"] == "buurtverbinder %f"
    assert entry["Icon"] == "buurtverbinder" and entry["Terminal"] == "false"
    assert {"Comment[nl]", "Comment[fr]", "GenericName[nl]", "GenericName[fr]"} <= set(entry)
    mime = ET.parse(PACKAGING / "linux" / "buurtverbinder-mime.xml").getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    kind = mime.find(f"{ns}mime-type")
    assert entry["MimeType"].rstrip(";") == kind.get("type")
    assert kind.find(f"{ns}glob").get("pattern") == "*.bvx"


def test_icon_files_hold_every_size(qapp):
    from PySide6.QtGui import QImage

    ico = (ICONS / "buurtverbinder.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count == 6
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert sizes == {16, 24, 32, 48, 64, 256}
    assert not QImage(str(ICONS / "buurtverbinder.ico")).isNull()
    icns = (ICONS / "buurtverbinder.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    for size in (16, 32, 48, 256, 512):
        image = QImage(str(ICONS / f"buurtverbinder-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    ET.parse(ICONS / "buurtverbinder.svg")


def test_icon_containers_round_trip(qapp, tmp_path):
    """The ICO writer makes files Qt reads back at each size."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_icons", PACKAGING / "make_icons.py")
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    pngs = {s: make_icons.render_png(s) for s in (16, 32, 256)}
    data = make_icons.ico_bytes(pngs)
    out = tmp_path / "test.ico"
    out.write_bytes(data)
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(out))
    assert reader.imageCount() == 3
    widths = set()
    for index in range(3):
        assert reader.jumpToImage(index)
        widths.add(reader.read().width())
    assert widths == {16, 32, 256}


def test_readme_documents_the_build_and_its_timing():
    readme = (PACKAGING / "README.md").read_text(encoding="utf-8")
    for needed in ("build.sh", "build.ps1", "--self-test", ".ci/build-selftest",
                   "PrivilegesRequired=lowest", ".bvx", "app/__init__.py"):
        assert needed in readme, needed
    assert re.search(r"\d+ s to build", readme)


@pytest.mark.parametrize("script", ["install-user.sh"])
def test_linux_installer_installs_and_uninstalls_per_user(tmp_path, script):
    """Run install-user.sh on a fake unpacked folder with HOME in a temporary folder."""
    folder = tmp_path / "buurtverbinder"
    folder.mkdir()
    for name in ("buurtverbinder.desktop", "buurtverbinder-mime.xml", script):
        (folder / name).write_bytes((PACKAGING / "linux" / name).read_bytes())
    (folder / "buurtverbinder.png").write_bytes((ICONS / "buurtverbinder-256.png").read_bytes())
    exe = folder / "buurtverbinder"
    exe.write_text("#!/bin/sh\necho ok\n")
    exe.chmod(0o755)
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["sh", str(folder / script)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    target = home / ".local" / "opt" / "buurtverbinder"
    desktop = home / ".local" / "share" / "applications" / "buurtverbinder.desktop"
    assert (target / "buurtverbinder").is_file()
    assert f"Exec={target}/buurtverbinder %f" in desktop.read_text()
    assert (home / ".local" / "bin" / "buurtverbinder").resolve() == target / "buurtverbinder"
    done = subprocess.run(["sh", str(target / script), "--uninstall"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not target.exists() and not desktop.exists()
