"""Readers: every input format -> a stream of TrialRecord (or InputError for a record that cannot be read).

Formats are detected from the content, not trusted from the file name: JSON (API v2 study, study page or
list, classic v1 FullStudiesResponse), legacy XML (`clinical_study`), zip archives of those (streamed), the
AACT `eligibilities.txt` table, and plain text. A file whose content
contradicts its extension gets an error that says so.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..schema import TrialRecord
from .common import InputError, decode_text
from .aact import HEADER_START as AACT_HEADER
from .aact import aact_records
from .archive import zip_records
from .ctgov_json import json_records
from .ctgov_xml import parse_xml, xml_record
from .text import text_record

__all__ = ["InputError", "read_paths", "read_path", "records_from_bytes", "text_record"]

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
        try:
            decoded = json.loads(text)
        except json.JSONDecodeError as exc:
            yield InputError(f"malformed JSON ({exc.msg}: line {exc.lineno}, column {exc.colno})", file=name)
            return
        yield from json_records(decoded, file=name)
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


def _walk(root: Path) -> Iterator[Path]:
    """Files under a directory at any depth, in a stable order, without listing the whole tree at once."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if p.suffix.lower() in READABLE_SUFFIXES:
                yield p


def read_path(path: str | Path) -> Iterator[TrialRecord | InputError]:
    """Every record under a path: a file, a zip archive, or a directory tree of files at any depth."""
    p = Path(path)
    if p.is_dir():
        for child in _walk(p):
            yield from read_path(child)
        return
    try:
        with open(p, "rb") as fh:
            head = fh.read(len(AACT_HEADER))
    except OSError as exc:
        yield InputError(f"cannot read ({exc.strerror or exc})", file=str(path))
        return
    if head[:4] == b"PK\x03\x04":
        if p.suffix.lower() not in (".zip", ""):
            yield InputError(f"named {p.suffix} but its content is a zip archive", file=str(path))
            return
        yield from zip_records(str(path), records_from_bytes)
        return
    if head == AACT_HEADER.encode():
        with open(p, encoding="utf-8", newline="") as fh:  # streamed: the AACT table can be large
            yield from aact_records(fh, file=str(path))
        return
    try:
        data = p.read_bytes()
    except OSError as exc:
        yield InputError(f"cannot read ({exc.strerror or exc})", file=str(path))
        return
    yield from records_from_bytes(data, str(path))


def read_paths(paths: Iterable[str | Path]) -> Iterator[TrialRecord | InputError]:
    for p in paths:
        yield from read_path(p)
