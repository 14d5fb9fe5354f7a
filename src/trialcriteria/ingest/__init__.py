"""Readers: every input format -> a stream of TrialRecord (or InputError for a record that cannot be read).

Formats are detected from the content, not trusted from the file name: JSON (API v2 study, study page or
list, classic v1 FullStudiesResponse), legacy XML (`clinical_study`), and plain text. A file whose content
contradicts its extension gets an error that says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..schema import TrialRecord
from .common import InputError, decode_text
from .ctgov_json import json_records
from .ctgov_xml import parse_xml, xml_record
from .text import text_record

__all__ = ["InputError", "read_paths", "read_path", "records_from_bytes", "text_record"]

READABLE_SUFFIXES = {".json", ".xml", ".txt", ".text", ".md"}


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
    kind = _sniff(data)
    suffix = Path(name).suffix.lower()
    expected = {".json": "json", ".xml": "xml", ".zip": "zip"}.get(suffix)
    if expected and expected != kind:
        yield InputError(f"named {suffix} but its content is {kind if kind != 'text' else 'plain text or binary'}", file=name)
        return
    if kind == "zip":
        yield InputError("zip archives are read by `trialcriteria batch`", file=name)
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
            yield InputError(f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", file=name)
            return
        yield from json_records(decoded, file=name)
    elif kind == "xml":
        try:
            yield xml_record(parse_xml(data, file=name), file=name)
        except InputError as exc:
            yield exc
    else:
        if not text.strip():
            yield InputError("empty input: no text to parse", file=name)
            return
        yield text_record(text, path=name)


def read_path(path: str | Path) -> Iterator[TrialRecord | InputError]:
    """Every record under a path: a file, or a directory tree of files at any depth (sorted)."""
    p = Path(path)
    if p.is_dir():
        for child in sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in READABLE_SUFFIXES):
            yield from read_path(child)
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
