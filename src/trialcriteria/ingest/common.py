"""Shared helpers of the readers: ids, decoding, errors."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter

NCT_ID = re.compile(r"\bNCT\d{8}\b")


class InputError(Exception):
    """A file or record that cannot be read; the message names the file or record and the problem."""

    def __init__(self, message: str, *, file: str | None = None, record_id: str | None = None,
                 not_a_study: bool = False):
        super().__init__(message)
        self.file = file
        self.record_id = record_id
        # a well-formed file that holds no study record (an RSS search feed, a StudyFields selection, an empty
        # results page): skipped with a note, not a failed record
        self.not_a_study = not_a_study

    def __str__(self) -> str:  # "file [record]: problem"
        where = " ".join(x for x in (self.file, f"[{self.record_id}]" if self.record_id else None) if x)
        return f"{where}: {self.args[0]}" if where else str(self.args[0])


def display_path(path: str | os.PathLike) -> str:
    """A path as text that can always be written out: bytes that are not UTF-8 (kept by the file system in a
    name) are shown as backslash escapes ("bad\\xff.json"); every other name is returned as it is."""
    raw = os.fspath(path)
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "backslashreplace")
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        return os.fsencode(raw).decode("utf-8", "backslashreplace")


def stable_text_id(text: str) -> str:
    """A stable id for a text with no NCT id: derived from its content, not from its file name."""
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def find_nct_id(text: str) -> str | None:
    """The NCT id a free text is about: the most frequent one (first seen wins a tie), None when absent."""
    ids = NCT_ID.findall(text)
    if not ids:
        return None
    counts = Counter(ids)
    best = max(counts.values())
    return next(i for i in ids if counts[i] == best)


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (BOM removed); refuse binary data and other encodings with a clear error."""
    if b"\x00" in data[:8192]:
        raise InputError("binary data (NUL bytes), not a text file", file=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-encode the file as UTF-8",
            file=name,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text
