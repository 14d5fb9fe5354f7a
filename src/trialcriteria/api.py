"""The public Python API (re-exported by trialcriteria/__init__.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .ingest import InputError, read_path, text_record
from .pipeline import parse_record
from .schema import TrialRecord, TrialResult


def parse(text_or_record: str | TrialRecord) -> TrialResult:
    """Parse one eligibility text (a page, a protocol excerpt, a registry field) or one TrialRecord."""
    record = text_or_record if isinstance(text_or_record, TrialRecord) else text_record(text_or_record)
    return parse_record(record)


def read_dump(path: str | Path) -> Iterator[TrialRecord | InputError]:
    """Every record of a file or directory, in any supported format (bad records come as InputError)."""
    return read_path(path)
