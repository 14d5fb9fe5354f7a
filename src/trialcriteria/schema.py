"""Every pydantic model of the project: records, the criterion tree, results, gold files and resource files.

The output schema is versioned by ``SCHEMA_VERSION`` (semantic versioning: a new optional field is a minor
bump, a renamed or removed field a major one). Every model forbids unknown keys, so that a gold file or a
resource file with a typo fails loudly instead of being read as empty.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0.0"

Section = Literal["inclusion", "exclusion", "unspecified"]
NodeKind = Literal["item", "heading", "note", "sentence"]
SourceFormat = Literal["text", "ctgov_v2", "ctgov_v1", "ctgov_xml", "aact", "fhir"]
Sex = Literal["all", "female", "male"]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


class Problem(StrictModel):
    """A warning attached to a result: something the pipeline noticed and could not (fully) handle."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


class Criterion(StrictModel):
    """One node of the criterion tree: a list item, a heading, a note or a prose sentence."""

    id: str = Field(description="Stable id: section prefix and 1-based sibling path, e.g. inc-5.2.")
    parent_id: str | None = None
    section: Section
    kind: NodeKind = "item"
    marker: str | None = Field(None, description="List marker as written (markdown escapes removed), e.g. '5.', '(3)', '•'.")
    text: str = Field(description="Normalized text: line wraps and hyphenation joined, markdown escapes removed.")
    start: int = Field(ge=0, description="eligibility_text[start:end] is the raw text of this node (marker excluded).")
    end: int = Field(ge=0)
    depth: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _span_ordered(self) -> "Criterion":
        if self.end < self.start:
            raise ValueError(f"criterion {self.id}: end {self.end} < start {self.start}")
        return self


class TrialResult(StrictModel):
    """Everything the pipeline says about one trial."""

    schema_version: str = SCHEMA_VERSION
    pipeline_version: str
    trial_id: str
    source: Source
    title: str | None = None
    conditions: list[str] = Field(default_factory=list)
    overall_status: str | None = None
    last_update: str | None = None
    sex: Sex | None = None
    minimum_age: str | None = Field(None, description="ISO 8601 duration, e.g. P18Y; null when there is no limit.")
    maximum_age: str | None = None
    healthy_volunteers: bool | None = None
    std_ages: list[str] = Field(default_factory=list)
    eligibility_text: str = Field(description="The exact text that all offsets point into.")
    criteria: list[Criterion] = Field(default_factory=list)
    warnings: list[Problem] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------- gold files


class GoldNode(StrictModel):
    id: str
    parent_id: str | None
    section: Section
    kind: NodeKind
    marker: str | None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class GoldTree(StrictModel):
    """A hand-annotated criterion tree (annotations/trees/*.json); see annotations/GUIDELINES.md."""

    doc_id: str
    source: str = Field(description="'shared:<path under ../shared>' or 'repo:<path under the repository>'.")
    source_kind: Literal["text", "ctgov_v2", "ctgov_xml"]
    criteria: list[GoldNode]

    @model_validator(mode="after")
    def _parents_exist(self) -> "GoldTree":
        ids = {n.id for n in self.criteria}
        if len(ids) != len(self.criteria):
            raise ValueError(f"{self.doc_id}: duplicate node ids")
        for n in self.criteria:
            if n.parent_id is not None and n.parent_id not in ids:
                raise ValueError(f"{self.doc_id}: {n.id} names a missing parent {n.parent_id}")
        return self


# ------------------------------------------------------------------------------------------ resource files


class SectionHeaderRule(StrictModel):
    section: Literal["inclusion", "exclusion", "eligibility", "nci"]
    pattern: str = Field(description="Python regex matched (case-insensitive) against a line with its marker removed.")
    comment: str | None = None


class CueRule(StrictModel):
    pattern: str
    weight: float
    comment: str | None = None


class SegmenterResources(StrictModel):
    """resources/segmenter.json: the data the section finder and the criterion splitter run on."""

    section_headers: list[SectionHeaderRule]
    section_intro: list[str] = Field(description="Regexes of sentences that only introduce a section's list.")
    note_prefixes: list[str]
    region_stop: list[str] = Field(description="Regexes of whole lines that end an eligibility region in a pasted page.")
    page_noise: list[str] = Field(description="Regexes of lines that are page furniture (PDF headers and footers).")
    criterion_cues: list[CueRule] = Field(description="Weighted regexes: how much a line reads like a criterion.")
    inclusion_cues: list[CueRule]
    exclusion_cues: list[CueRule]
    prose_openers: list[CueRule] = Field(description="Sentences that open a prose eligibility passage, with their section weight.")
    prose_cues: list[CueRule] = Field(description="Sentences that continue a prose eligibility passage (weight > 0: inclusion, < 0: exclusion).")
    prose_skip: list[str] = Field(description="Regexes of sentences in a prose criteria field that state no eligibility (study design).")
    abbreviations_no_split: list[str] = Field(description="Abbreviations after which a period does not end a sentence.")


class RecordError(StrictModel):
    """A record that could not be read or parsed: one line of errors.jsonl."""

    record_id: str | None = Field(None, description="NCT id or record locator when known.")
    file: str | None = None
    reason: str
