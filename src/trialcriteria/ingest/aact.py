"""AACT (CTTI) pipe-delimited export, table `eligibilities` (`eligibilities.txt`) -> TrialRecord.

The exporter wrote `copy ... to STDOUT with delimiter '|' csv header`, then replaced every newline (and a
newline followed by a space) with `~`. We read the CSV and turn `~` back into newlines: a blank line cannot be
told from a single line break any more, and that is all that is lost.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from .fields import iso_age, normalize_healthy_volunteers, normalize_sex
from ..schema import Source, TrialRecord
from .common import InputError

HEADER_START = "id|nct_id|"
REQUIRED = ("nct_id", "criteria")
FIELD_LIMIT = 64 * 1024 * 1024  # csv's default of 131,072 characters is less than a long criteria text may take


def _rows(reader) -> Iterator[list[str] | InputError]:
    """The reader's rows; a row it cannot read (a field over FIELD_LIMIT, a stray NUL) is an error of its own
    and reading goes on with the next line."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(f"unreadable row ({exc})", record_id=f"line {reader.line_num}")


def _not_utf8(row: list[str]) -> bool:
    """Whether a row read with errors='surrogateescape' held bytes that are not UTF-8."""
    try:
        for value in row:
            value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("t", "true", "1", "yes")


def aact_records(lines: Iterable[str], *, file: str | None = None) -> Iterator[TrialRecord | InputError]:
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    reader = csv.reader(lines, delimiter="|", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        yield InputError("empty AACT table", file=file)
        return
    except csv.Error as exc:
        yield InputError(f"unreadable AACT header ({exc})", file=file)
        return
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        yield InputError(f"AACT table lacks the column(s) {', '.join(missing)}", file=file)
        return
    col = {name: i for i, name in enumerate(header)}
    for n, row in enumerate(_rows(reader), start=2):
        where = f"line {n}"
        if isinstance(row, InputError):
            row.file = file
            yield row
            continue
        if not row:
            continue
        if _not_utf8(row):
            yield InputError("not valid UTF-8; re-encode the table as UTF-8", file=file, record_id=where)
            continue
        if len(row) != len(header):
            yield InputError(f"{len(row)} fields where the header has {len(header)}", file=file, record_id=where)
            continue
        get = lambda name: row[col[name]] if name in col else None  # noqa: E731
        nct = (get("nct_id") or "").strip()
        if not nct:
            yield InputError("row has no nct_id", file=file, record_id=where)
            continue
        try:
            min_age, max_age = iso_age(get("minimum_age")), iso_age(get("maximum_age"))
        except ValueError as exc:
            yield InputError(str(exc), file=file, record_id=nct)
            continue
        ages = [label for key, label in (("child", "CHILD"), ("adult", "ADULT"), ("older_adult", "OLDER_ADULT"))
                if _flag(get(key))]
        yield TrialRecord(
            trial_id=nct,
            source=Source(path=file, format="aact", record=where),
            document_text=(get("criteria") or "").replace("~", "\n"),
            from_registry_field=True,
            sex=normalize_sex(get("gender")),
            minimum_age=min_age,
            maximum_age=max_age,
            healthy_volunteers=normalize_healthy_volunteers(get("healthy_volunteers")),
            std_ages=ages,
        )
