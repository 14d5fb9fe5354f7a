"""Zip archives (`ctg-studies.json.zip`, `AllPublicXML.zip`), streamed member by member, never unpacked to
disk. Members are checked before they are read: no absolute paths or `..` (zip slip), and size and
compression-ratio limits against zip bombs."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from ..schema import TrialRecord
from .common import InputError

MAX_MEMBER_BYTES = 64 * 1024 * 1024  # the largest ClinicalTrials.gov study is about 3.6 MB
MAX_RATIO = 100  # JSON and XML compress 5-20x; a bomb compresses 1000x and more
RATIO_FLOOR = 1024 * 1024  # small members may compress well by chance


def unsafe_member(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return "a path that climbs out of the archive ('..')"
    return None


def zip_members(path: str, name: str | None = None) -> Iterator[tuple[str, bytes] | InputError]:
    """(member name, bytes) of every file member, in archive order; refused members as InputError. `name` is
    how the archive is shown (its path by default)."""
    name = path if name is None else name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield InputError(f"not a readable zip archive ({exc})", file=name)
        return
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            where = f"{name}!{info.filename}"
            why = unsafe_member(info.filename)
            if why:
                yield InputError(f"zip member has {why}; refused", file=where)
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                yield InputError(f"zip member of {info.file_size} bytes exceeds the {MAX_MEMBER_BYTES}-byte limit; refused", file=where)
                continue
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                yield InputError(f"zip member expands {info.file_size // max(info.compress_size, 1)}x (a zip bomb?); refused", file=where)
                continue
            try:
                with zf.open(info) as fh:
                    data = fh.read(MAX_MEMBER_BYTES + 1)  # the header may lie about the size
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                yield InputError(f"unreadable zip member ({exc})", file=where)
                continue
            if len(data) > MAX_MEMBER_BYTES:
                yield InputError("zip member larger than its header says; refused", file=where)
                continue
            yield where, data


def zip_records(path: str, parse_bytes: Callable[[bytes, str], Iterator[TrialRecord | InputError]],
                name: str | None = None) -> Iterator[TrialRecord | InputError]:
    for item in zip_members(path, name):
        if isinstance(item, InputError):
            yield item
            continue
        name, data = item
        if name.lower().endswith((".json", ".xml", ".txt")):
            yield from parse_bytes(data, name)
