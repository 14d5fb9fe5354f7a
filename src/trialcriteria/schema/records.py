"""What the readers produce (one TrialRecord per trial, before any parsing) and what a bad record becomes."""

from __future__ import annotations

from pydantic import Field

from .base import IdSource, Sex, SourceFormat, StrictModel


class Source(StrictModel):
    """Where a trial came from."""

    path: str | None = Field(None, description="File the record was read from; null for stdin or a Python string.")
    format: SourceFormat
    record: str | None = Field(None, description="Locator of the record inside a multi-record file (index or member).")
    offset: int = Field(
        0,
        ge=0,
        description="Offset of eligibility_text inside the source document text (text inputs); 0 for registry records.",
    )
    id_from: IdSource = Field(
        "record",
        description="Where trial_id came from: 'record' (the registry record's id), 'file_name' (an NCT id in the text "
        "file's name), 'text' (the NCT id the text names most), 'content_hash' (no NCT id: 'text-' + a hash of the "
        "text), 'user' (set with --id or trial_id=).",
    )


class TrialRecord(StrictModel):
    """One trial as read from an input, before any parsing: the output of ingest/."""

    trial_id: str
    source: Source
    document_text: str = Field(description="Text the eligibility text is taken from: a whole text file, or the criteria field of a record.")
    from_registry_field: bool = Field(
        False, description="True when document_text is the registry's eligibility field itself (no region search needed)."
    )
    title: str | None = None
    conditions: list[str] = Field(default_factory=list)
    overall_status: str | None = None
    last_update: str | None = None
    sex: Sex | None = None
    minimum_age: str | None = None
    maximum_age: str | None = None
    healthy_volunteers: bool | None = None
    std_ages: list[str] = Field(default_factory=list)


class RecordError(StrictModel):
    """A record that could not be read or parsed: one line of errors.jsonl."""

    record_id: str | None = Field(None, description="NCT id or record locator when known.")
    file: str | None = None
    reason: str
    skipped: bool = Field(
        False,
        description="True for a well-formed file that holds no study record (an RSS search feed, a StudyFields "
        "selection, an empty results page): skipped with a note, not a failure (batch lists it in skipped.jsonl).",
    )
