"""`atomic_write` and `atomic_file`: the old file or the whole new one, never half; a calm
message in the user's language when the disk says no; and every writer goes through them."""
from __future__ import annotations

import ast
import errno
import os
from pathlib import Path

import pytest

from app.services import atomic, i18n
from app.services.atomic import atomic_write, atomic_write_bytes, atomic_write_text
from app.services.errors import DiskFullError, ReadOnlyError

ROOT = Path(__file__).resolve().parents[2]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_whole_file_arrives_with_the_users_usual_mode(tmp_path):
    old = os.umask(0o022)
    try:
        out = atomic_write_text(tmp_path / "sub" / "brief.txt", "Dag Mieke")
        secret = atomic_write_bytes(tmp_path / "geheim.key", b"AGE-SECRET", private=True)
    finally:
        os.umask(old)
    assert out.read_text(encoding="utf-8") == "Dag Mieke"
    assert out.stat().st_mode & 0o777 == 0o644
    assert secret.stat().st_mode & 0o777 == 0o600
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "sub") == []


def test_a_write_that_breaks_off_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "lijst.xlsx"
    target.write_bytes(b"the good old list")

    def half(tmp: str) -> None:
        Path(tmp).write_bytes(b"half a li")
        raise KeyboardInterrupt  # the user stopped it, or a bug: not a write error

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, half)
    assert target.read_bytes() == b"the good old list"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("code,kind,parent", [
    (errno.ENOSPC, atomic.WriteDiskFullError, DiskFullError),
    (errno.EROFS, atomic.WriteReadOnlyError, ReadOnlyError),
    (errno.EACCES, atomic.WriteNotAllowedError, atomic.WriteError),
    (errno.ENOENT, atomic.WriteFolderGoneError, atomic.WriteError),
    (errno.EIO, atomic.WriteError, atomic.WriteError),
])
def test_each_refusal_of_the_disk_becomes_a_calm_error(tmp_path, code, kind, parent):
    target = tmp_path / "verslag.pdf"
    target.write_bytes(b"%PDF- old")

    def refused(tmp: str) -> None:
        Path(tmp).write_bytes(b"%PDF- new, partly")
        raise OSError(code, os.strerror(code))

    with pytest.raises(kind) as info:
        atomic_write(target, refused)
    assert type(info.value) is kind and isinstance(info.value, parent)
    # still an OSError with its errno: handlers written for the raw error keep working
    assert isinstance(info.value, OSError) and info.value.errno == code
    assert target.read_bytes() == b"%PDF- old"
    assert _leftovers(tmp_path) == []
    i18n.set_language("nl")
    dutch = info.value.user_message()
    i18n.set_language("fr")
    french = info.value.user_message()
    assert dutch != french and "{" not in dutch + french
    assert "Traceback" not in dutch and "Errno" not in dutch


def test_a_file_held_open_elsewhere_on_windows_is_named_as_such(tmp_path):
    exc = PermissionError(errno.EACCES, "The process cannot access the file")
    exc.winerror = 32  # ERROR_SHARING_VIOLATION: Excel has the list open
    error = atomic.write_error(exc, tmp_path / "lijst.xlsx")
    assert isinstance(error, atomic.WriteLockedError)
    i18n.set_language("nl")
    assert "lijst.xlsx" in error.user_message()


def test_the_rename_failing_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "settings.json"
    target.write_text("{}", encoding="utf-8")

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(atomic.WriteDiskFullError):
        atomic_write_text(target, '{"language": "fr"}')
    assert target.read_text(encoding="utf-8") == "{}"
    assert _leftovers(tmp_path) == []


def test_a_file_where_a_folder_should_be_is_refused_calmly(tmp_path):
    (tmp_path / "afdrukken").write_text("not a folder", encoding="utf-8")
    with pytest.raises(atomic.WriteError):
        atomic_write_text(tmp_path / "afdrukken" / "plan.pdf", "x")


def test_settings_are_saved_through_it(tmp_path, monkeypatch):
    from app.services.settings import Settings

    settings = Settings(language="fr")
    settings.save()
    assert Settings.load().language == "fr"
    assert Settings.file().stat().st_mode & 0o777 == 0o600

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(DiskFullError):
        Settings(language="en").save()
    assert Settings.load().language == "fr"


def test_a_database_copy_that_fails_leaves_nothing(tmp_path, db, db_path, monkeypatch):
    from app.services.database import vacuum_into

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(DiskFullError):
        vacuum_into(db_path, tmp_path / "copies" / "copy.sqlite3")
    assert list((tmp_path / "copies").iterdir()) == []


# --- one writer -------------------------------------------------------------------------------

LOW_LEVEL = {("os", "replace"), ("os", "rename"), ("tempfile", "mkstemp"),
             ("tempfile", "NamedTemporaryFile"), ("shutil", "move")}
# Erasure scrubs a log in place, not by renaming, because the app keeps it open: it calls none
# of these.
EXEMPT = {"app/services/atomic.py"}


def _low_level_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in LOW_LEVEL):
            found.append(f"{node.func.value.id}.{node.func.attr} (line {node.lineno})")
    return found


def test_no_writer_renames_files_by_hand():
    """The exchange's packages, mailbox files and key files too (issue 20)."""
    offenders = {}
    for path in sorted((ROOT / "app").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in EXEMPT or rel.startswith("app/migrations/"):
            continue
        calls = _low_level_calls(path)
        if calls:
            offenders[rel] = calls
    assert offenders == {}


def test_the_walk_sees_a_hand_made_rename(tmp_path):
    sample = tmp_path / "writer.py"
    sample.write_text("import os\ndef save(a, b):\n    os.replace(a, b)\n", encoding="utf-8")
    assert _low_level_calls(sample) == ["os.replace (line 3)"]


# --- streaming writers -------------------------------------------------------------------------

def test_a_streamed_file_appears_whole_and_private_when_asked(tmp_path):
    target = tmp_path / "pakket.bvx"
    with atomic.atomic_file(target, private=True) as fh:
        fh.write(b"PK\x03\x04" + b"x" * 70_000)
        assert not target.exists() and len(_leftovers(tmp_path)) == 1  # only the temporary
    assert target.read_bytes()[:4] == b"PK\x03\x04" and target.stat().st_size == 70_004
    assert target.stat().st_mode & 0o777 == 0o600 and _leftovers(tmp_path) == []


def test_a_stream_that_breaks_off_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "pakket.bvx"
    target.write_bytes(b"the package of last week")
    with pytest.raises(KeyboardInterrupt), atomic.atomic_file(target) as fh:
        fh.write(b"half a new package")
        raise KeyboardInterrupt  # a cancel, or a bug: passed on unchanged
    assert target.read_bytes() == b"the package of last week" and _leftovers(tmp_path) == []


def test_a_full_stick_while_streaming_is_told_calmly(tmp_path):
    i18n.set_language("nl")
    target = tmp_path / "pakket.bvx"
    with pytest.raises(DiskFullError) as caught, atomic.atomic_file(target) as fh:
        fh.write(b"begin")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert "schijf" in caught.value.user_message().lower() and isinstance(caught.value, OSError)
    assert not target.exists() and _leftovers(tmp_path) == []


def test_a_named_temporary_is_never_one_that_exists(tmp_path):
    """The mailbox names its temporaries so that the other users know whose file is being
    written; a name already taken is refused, not overwritten."""
    taken = tmp_path / ".bv-tmp-abc.part"
    taken.write_bytes(b"someone else's")
    with pytest.raises(atomic.WriteError), atomic.atomic_file(tmp_path / "x.json",
                                                              temp=taken) as fh:
        fh.write(b"mine")
    assert taken.read_bytes() == b"someone else's" and not (tmp_path / "x.json").exists()


def test_a_held_temporary_is_not_taken_for_a_killed_export(tmp_path):
    from app.services import leftovers

    with atomic.atomic_file(tmp_path / "pakket.bvx", held=True) as fh:
        fh.write(b"PK\x03\x04 being written")
        (tmp,) = leftovers.killed_exports(tmp_path)
        assert leftovers.remove_killed_exports(tmp_path) == [] and tmp.exists()
    assert (tmp_path / "pakket.bvx").exists() and not tmp.exists()


def test_a_key_file_on_a_read_only_stick_is_refused_calmly(tmp_path, monkeypatch):
    """`keys export` and the keys dialog write through `atomic_write_text` now."""
    from app.cli.commands import keys as keys_command

    def read_only(*_a, **_k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.os, "replace", read_only)
    assert keys_command.atomic_write_text is atomic_write_text
    with pytest.raises(ReadOnlyError):
        atomic_write_text(tmp_path / "sleutel.json", "{}", private=True)
    assert _leftovers(tmp_path) == [] and not (tmp_path / "sleutel.json").exists()
