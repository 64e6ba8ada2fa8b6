"""The organisation's logo for a campaign's cards, kept as a file beside the database (one per
campaign, named by the campaign's id), so choosing a logo needs no change to the shared
tables. It stays on this computer: a colleague who prints the same campaign chooses it again."""
from __future__ import annotations

import io
from pathlib import Path

from app.services import paths
from app.services.atomic import atomic_write_bytes
from app.services.errors import AppError
from app.services.i18n import N_

MAX_LOGO_BYTES = 3_000_000
SUFFIXES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}


class LogoInvalidError(AppError):
    msgid = N_("This file cannot be used as a logo. Choose a PNG or JPEG picture of at most "
               "3 MB.")


def folder() -> Path:
    return paths.data_dir() / "logos"


def _kind(data: bytes) -> str | None:
    for magic, suffix in SUFFIXES.items():
        if data.startswith(magic):
            return suffix
    return None


def check(data: bytes) -> None:
    """Raise LogoInvalidError unless `data` is a sound PNG or JPEG of at most 3 MB."""
    _check(data)


def read_file(path: Path) -> bytes:
    """A chosen logo file's bytes, checked (LogoInvalidError if unreadable or no picture)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise LogoInvalidError()
        data = path.read_bytes()
    except OSError:
        raise LogoInvalidError() from None
    _check(data)
    return data


def _check(data: bytes) -> str:
    suffix = _kind(data or b"")
    if not data or len(data) > MAX_LOGO_BYTES or suffix is None:
        raise LogoInvalidError()
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except Exception:  # noqa: BLE001 (any decoding error means: not a usable picture)
        raise LogoInvalidError() from None
    return suffix


def _name(campaign_id: str) -> str:
    safe = "".join(c for c in str(campaign_id) if c.isalnum() or c == "-")
    if not safe or safe != str(campaign_id):
        raise LogoInvalidError()
    return safe


def set_logo(campaign_id: str, data: bytes) -> Path:
    """Store (or replace) the campaign's logo; refuses anything but a sound PNG or JPEG."""
    suffix = _check(data)
    name = _name(campaign_id)
    target = folder() / f"{name}{suffix}"
    atomic_write_bytes(target, data)
    for other in SUFFIXES.values():
        if other != suffix:
            (folder() / f"{name}{other}").unlink(missing_ok=True)
    return target


def set_logo_from_file(campaign_id: str, path: Path) -> Path:
    return set_logo(campaign_id, read_file(path))


def logo(campaign_id: str) -> bytes:
    """The campaign's logo, or b"" when none was chosen (or the file went bad)."""
    try:
        name = _name(campaign_id)
    except LogoInvalidError:
        return b""
    for suffix in SUFFIXES.values():
        path = folder() / f"{name}{suffix}"
        if path.is_file():
            data = path.read_bytes()
            try:
                _check(data)
            except LogoInvalidError:
                return b""
            return data
    return b""


def remove_logo(campaign_id: str) -> None:
    name = _name(campaign_id)
    for suffix in SUFFIXES.values():
        (folder() / f"{name}{suffix}").unlink(missing_ok=True)
