"""Small helpers for tests: parse a string as a registry field or as a pasted document."""

from __future__ import annotations

from trialcriteria.pipeline import parse_record
from trialcriteria.schema import Source, TrialRecord, TrialResult


def parse_text(text: str, registry: bool = True) -> TrialResult:
    record = TrialRecord(trial_id="T", source=Source(path="t.txt", format="text"), document_text=text,
                         from_registry_field=registry)
    return parse_record(record)


def rows(text: str, registry: bool = True) -> list[tuple]:
    """(id, parent_id, section, marker, raw span) of each node."""
    r = parse_text(text, registry)
    return [(c.id, c.parent_id, c.section, c.marker, r.eligibility_text[c.start : c.end]) for c in r.criteria]
