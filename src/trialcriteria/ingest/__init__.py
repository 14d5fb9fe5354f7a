"""Readers: every input format -> a stream of TrialRecord (or InputError for a record that cannot be read).

Formats are detected from the content, not trusted from the file name: JSON (API v2 study, study page or
list, classic v1 FullStudiesResponse), legacy XML (`clinical_study`), zip archives of those (streamed), the
AACT `eligibilities.txt` table, and plain text. A file whose content
contradicts its extension gets an error that says so.

Whatever a file holds, reading it ends in records or in an InputError that names it, never in an exception:
JSON nested too deeply or with numbers too long to convert, undecodable bytes, a file name that is not UTF-8
(shown with backslash escapes), and any other failure are errors of that file. In a directory, FIFOs, devices
and sockets are skipped with an error (reading one would block or never end), and so are symbolic links that
lead out of the directory (unless `follow_symlinks`); a subdirectory that cannot be listed is an error too.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..schema import TrialRecord
from .common import InputError, decode_text, display_path
from .aact import HEADER_START as AACT_HEADER
from .aact import aact_records
from .archive import zip_records
from .ctgov_json import json_records
from .ctgov_xml import parse_xml, xml_record
from .text import text_record, with_trial_id

__all__ = ["InputError", "read_paths", "read_path", "records_from_bytes", "text_record", "with_trial_id", "display_path"]

READABLE_SUFFIXES = {".json", ".xml", ".txt", ".text", ".zip"}  # in directories


def _sniff(data: bytes) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    if head[:1] == b"<":
        return "xml"
    if head[:4] == b"PK\x03\x04":
        return "zip"
    return "text"


def _json(text: str, name: str) -> Iterator[TrialRecord | InputError]:
    try:
        decoded = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(f"malformed JSON ({exc.msg}: line {exc.lineno}, column {exc.colno})", file=name)
        return
    except RecursionError:
        yield InputError("JSON nested too deeply to read", file=name)
        return
    except ValueError as exc:  # an integer of more than 4,300 digits
        yield InputError(f"unreadable JSON value ({str(exc).split(';')[0]})", file=name)
        return
    yield from json_records(decoded, file=name)


def records_from_bytes(data: bytes, name: str) -> Iterator[TrialRecord | InputError]:
    """Every record in one file's bytes."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                          (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            yield InputError(f"encoded as {encoding}, not UTF-8; re-encode the file as UTF-8", file=name)
            return
    kind = _sniff(data)
    suffix = Path(name).suffix.lower()
    expected = {".json": "json", ".xml": "xml", ".zip": "zip"}.get(suffix)
    if expected and expected != kind:
        yield InputError(f"named {suffix} but its content is {kind if kind != 'text' else 'plain text or binary'}", file=name)
        return
    if kind == "zip":
        yield InputError("a zip archive inside another input is not read", file=name)
        return
    try:
        text = decode_text(data, name)
    except InputError as exc:
        yield exc
        return
    if kind == "json":
        yield from _json(text, name)
    elif kind == "xml":
        try:
            yield xml_record(parse_xml(data, file=name), file=name)
        except InputError as exc:
            yield exc
    elif text.startswith(AACT_HEADER):
        yield from aact_records(text.splitlines(), file=name)
    else:
        if not text.strip():
            yield InputError("empty input: no text to parse", file=name)
            return
        yield text_record(text, path=name)


def _contained(records: Iterator[TrialRecord | InputError], name: str) -> Iterator[TrialRecord | InputError]:
    """The records of one file; whatever goes wrong while reading it becomes an error naming the file."""
    try:
        yield from records
    except Exception as exc:  # noqa: BLE001 - one bad file must not end the run
        yield InputError(f"cannot read ({type(exc).__name__}: {str(exc)[:200]})", file=name)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _special(mode: int) -> str | None:
    """What a file that is not a regular file or a directory is, or None."""
    return next((what for test, what in _KINDS if test(mode)), None)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _entries(directory: str) -> list[os.DirEntry]:
    with os.scandir(directory) as it:
        return sorted(it, key=lambda e: e.name)


def _walk(root: Path, follow_symlinks: bool = False) -> Iterator[Path | InputError]:
    """Files under a directory at any depth, in a stable order (each directory's files, then its subdirectories),
    without listing the whole tree at once; what cannot or must not be read comes as an InputError."""
    real_root = os.path.realpath(root)
    stack, seen = [str(root)], {real_root}
    while stack:
        directory = stack.pop()
        try:
            entries = _entries(directory)
        except OSError as exc:
            yield InputError(f"cannot list directory ({exc.strerror or exc}); its files were not read",
                             file=display_path(directory))
            continue
        subdirs = []
        for entry in entries:
            item = _classify(entry, real_root, follow_symlinks, seen)
            if item == "dir":
                subdirs.append(entry.path)
            elif item is not None:
                yield item
        stack.extend(reversed(subdirs))


def _classify(entry: os.DirEntry, real_root: str, follow: bool, seen: set[str]) -> Path | InputError | str | None:
    """A directory entry -> 'dir' (to descend into), a Path (to read), an InputError, or None (not an input)."""
    name = display_path(entry.path)
    readable = Path(entry.name).suffix.lower() in READABLE_SUFFIXES
    try:
        link = entry.is_symlink()
        st = os.stat(entry.path)  # follows a link
    except OSError as exc:
        return InputError(f"broken symbolic link or unreadable entry ({exc.strerror or exc}); skipped",
                          file=name) if readable or link else None
    if link:
        target = os.path.realpath(entry.path)
        if not follow and not _inside(target, real_root):
            return InputError("a symbolic link that leads out of the input directory; skipped "
                              "(--follow-symlinks reads it)", file=name) if readable or stat.S_ISDIR(st.st_mode) else None
        if stat.S_ISDIR(st.st_mode):
            if not follow or target in seen:  # read at its real place, or a loop
                return None
            seen.add(target)
            return "dir"
    elif stat.S_ISDIR(st.st_mode):
        seen.add(os.path.realpath(entry.path))
        return "dir"
    if not readable:
        return None
    what = _special(st.st_mode)
    if what:
        return InputError(f"{what}, not a regular file; skipped", file=name)
    return Path(entry.path)


def read_path(path: str | Path, follow_symlinks: bool = False) -> Iterator[TrialRecord | InputError]:
    """Every record under a path: a file, a zip archive, or a directory tree of files at any depth."""
    name = display_path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        yield InputError(f"cannot read ({exc.strerror or exc})", file=name)
        return
    if not stat.S_ISDIR(st.st_mode):
        yield from _contained(_file_records(Path(path), st.st_mode, name), name)
        return
    for child in _walk(Path(path), follow_symlinks):
        if isinstance(child, InputError):
            yield child
            continue
        child_name = display_path(child)
        try:
            mode = os.stat(child).st_mode
        except OSError as exc:
            yield InputError(f"cannot read ({exc.strerror or exc})", file=child_name)
            continue
        yield from _contained(_file_records(child, mode, child_name), child_name)


def _file_records(p: Path, mode: int, name: str) -> Iterator[TrialRecord | InputError]:
    """The records of one file named on the command line (or found in a directory)."""
    what = _special(mode)
    if what == "a FIFO (named pipe)":  # named on the command line ('<(zcat dump.json.gz)'): read it once, whole
        with open(p, "rb") as fh:
            yield from records_from_bytes(fh.read(), name)
        return
    if what:
        yield InputError(f"{what}, not a regular file; not read", file=name)
        return
    with open(p, "rb") as fh:
        head = fh.read(len(AACT_HEADER))
    if head[:4] == b"PK\x03\x04":
        if p.suffix.lower() not in (".zip", ""):
            yield InputError(f"named {p.suffix} but its content is a zip archive", file=name)
            return
        yield from zip_records(str(p), records_from_bytes, name)
        return
    if head == AACT_HEADER.encode():
        # streamed (the AACT table can be large); bytes that are not UTF-8 are an error of their row
        with open(p, encoding="utf-8", errors="surrogateescape", newline="") as fh:
            yield from aact_records(fh, file=name)
        return
    yield from records_from_bytes(p.read_bytes(), name)


def read_paths(paths: Iterable[str | Path], follow_symlinks: bool = False) -> Iterator[TrialRecord | InputError]:
    for p in paths:
        yield from read_path(p, follow_symlinks)
