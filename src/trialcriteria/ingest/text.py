"""Plain text (pasted registry pages, protocol excerpts, papers) -> TrialRecord."""

from __future__ import annotations

import re
from pathlib import Path

from .fields import iso_age, normalize_healthy_volunteers, normalize_sex
from ..schema import Source, TrialRecord
from .common import find_nct_id, stable_text_id

# Structured fields as a pasted ClinicalTrials.gov page shows them ("Ages Eligible for Study: | 18 Years and older").
_AGES = re.compile(
    r"Ages? Eligible for Study:\s*+\|?\s*+(?:(\d+\s+\w+?)s?\s+(?:and\s+older|to\s+(\d+\s+\w+?)s?)|up\s+to\s+(\d+\s+\w+?)s?)", re.I
)
_SEX = re.compile(r"Sex(?:es)? Eligible for Study:\s*+\|?\s*+(All|Female|Male|Both)\b", re.I)
# "Sex" on a line of its own (after an optional "-"), the value on a later line (after an optional "-" that
# opens its line); possessive runs and lookarounds keep it linear on long runs of spaces and blank lines
_SEX_LIST = re.compile(r"^-?[^\S\n]*+Sex(?:\s*+(?<=\n)-|(?=[^\S\n]*+\n))\s*+(All|Female|Male)[^\S\n]*+$", re.M)
# an NCT id in a file name: "_" and "-" separate words there ("NCT02222222_criteria.txt")
_NAME_NCT = re.compile(r"(?<![A-Za-z0-9])NCT\d{8}(?!\d)")
_HV = re.compile(r"Accepts Healthy Volunteers:\s*+\|?\s*+(Yes|No)\b", re.I)


def _age(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return iso_age(value if value.lower().endswith("s") else value + "s")
    except ValueError:
        return None


def text_id(text: str, path: str | None = None, trial_id: str | None = None) -> tuple[str, str]:
    """(trial id, where it came from) of a free text: the id the user gave, else the NCT id in the file's name
    (curators name files after the trial), else the NCT id the text names most, else a hash of the text."""
    if trial_id:
        return trial_id, "user"
    named = _NAME_NCT.findall(Path(path).name) if path else []
    if len(set(named)) == 1:
        return named[0], "file_name"
    found = find_nct_id(text)
    return (found, "text") if found else (stable_text_id(text), "content_hash")


def with_trial_id(record: TrialRecord, trial_id: str) -> TrialRecord:
    """The record under the trial id a user gave (--id, trial_id=), its source saying so."""
    return record.model_copy(update={"trial_id": trial_id, "source": record.source.model_copy(update={"id_from": "user"})})


def text_record(text: str, path: str | None = None, trial_id: str | None = None) -> TrialRecord:
    """Wrap a free text as a record; take the trial id (see text_id) and the page's structured fields when it
    shows them."""
    fields: dict = {}
    m = _AGES.search(text)
    if m:
        fields["minimum_age"] = _age(m.group(1))
        fields["maximum_age"] = _age(m.group(2) or m.group(3))
    m = _SEX.search(text) or _SEX_LIST.search(text)
    if m:
        fields["sex"] = normalize_sex(m.group(1))
    m = _HV.search(text)
    if m:
        fields["healthy_volunteers"] = normalize_healthy_volunteers(m.group(1))
    tid, id_from = text_id(text, path, trial_id)
    return TrialRecord(
        trial_id=tid,
        source=Source(path=path, format="text", id_from=id_from),
        document_text=text,
        from_registry_field=False,
        **fields,
    )
