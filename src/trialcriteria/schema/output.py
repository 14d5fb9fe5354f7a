"""The output: one TrialResult per trial, its criterion tree and every fact on each criterion.

The output schema is versioned by ``SCHEMA_VERSION`` (semantic versioning: a new optional field is a minor
bump, a renamed or removed field a major one). Every model forbids unknown keys.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import (Anchor, Assertion, BiomarkerAlteration, BiomarkerResult, BiomarkerScale, Comparator,
                   ConditionStatus, DrugTiming, FactKind, Logic, NodeKind, Polarity, Reference, Section, Sex,
                   StrictModel, TimeComparator)
from .records import Source

SCHEMA_VERSION = "1.9.0"


class Problem(StrictModel):
    """A warning attached to a result: something the pipeline noticed and could not (fully) handle."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


class TextSpan(StrictModel):
    """A piece of eligibility_text: its text and offsets."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Context(StrictModel):
    """What ConText (with rules written for eligibility criteria) says of a fact, and what it means for a
    matcher: the patient must have it, must not have it, or may have it."""

    assertion: Assertion = "affirmed"
    cue: TextSpan | None = Field(None, description="The cue that set the assertion ('no history of', 'unless', 'if').")
    polarity: Polarity = "required"


class LabThreshold(StrictModel):
    """One computable cut-off on one analyte ("ANC >= 1.5 x 10^9/L", "AST <= 2.5 x ULN if liver metastases")."""

    analyte: str = Field(description="Canonical analyte name from resources/analytes.jsonl.")
    analyte_id: str
    analyte_text: str = Field(description="The analyte as written.")
    loinc: str | None = None
    comparator: Comparator
    value: float
    value_high: float | None = Field(None, description="Upper bound when comparator is 'between'.")
    unit: str | None = Field(None, description="UCUM code of the unit as written (null for ULN/LLN multiples and unitless values).")
    unit_text: str | None = Field(None, description="The unit as written.")
    reference: Reference = "absolute"
    canonical_value: float | None = Field(None, description="value in the analyte's canonical unit (null when relative or not convertible).")
    canonical_value_high: float | None = None
    canonical_unit: str | None = None
    condition: TextSpan | None = Field(None, description="The condition under which this cut-off applies ('if liver metastases').")
    sex: Literal["female", "male"] | None = Field(None, description="The sex this cut-off is for, when the criterion gives one per sex ('QTcF > 450 ms in males or > 470 ms in females').")
    qualifiers: list[TextSpan] = Field(default_factory=list, description="'without transfusion', 'fasting', ...")
    equivalents: list[TextSpan] = Field(default_factory=list, description="The same cut-off in other units ('(>= 90 g/L)').")
    formula: str | None = Field(None, description="Estimating formula named with it (Cockcroft-Gault, CKD-EPI, MDRD).")
    group: int = Field(0, description="Alternatives (OR) share a group number within the criterion; others differ.")
    flags: list[str] = Field(default_factory=list, description="'implausible', 'unit_not_convertible', 'unit_missing', ...")
    start: int = Field(ge=0, description="Offsets of the whole expression (analyte to unit) in eligibility_text.")
    end: int = Field(ge=0)
    context: Context = Field(default_factory=Context, description="Whether the patient must satisfy the cut-off "
                             "(required), must not (forbidden: an exclusion), or may (allowed: an exception).")


class TimeWindow(StrictModel):
    """A duration or window: 'within 4 weeks before first dose', 'stable for at least 4 weeks', '2 weeks or 5
    half-lives, whichever is longer'."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: Literal["window", "state_duration"] = Field(description="A window between an event and an anchor, or how long a state lasts.")
    comparator: TimeComparator
    duration: str | None = Field(description="ISO 8601 (P14D, P4W, P6M, P3Y); null for 'at any time'.")
    duration_high: str | None = Field(None, description="Upper bound of a range ('2-4 weeks').")
    half_lives: float | None = Field(None, description="'5 half-lives': an alternative duration in half-lives of the drug.")
    combine: Literal["max", "min"] | None = Field(None, description="How duration and half_lives combine ('whichever is longer': max).")
    direction: Literal["before", "after"] | None = Field(None, description="Before or after the anchor.")
    anchor: Anchor
    anchor_text: TextSpan | None = None
    constrains: TextSpan | None = Field(None, description="The event, drug or condition the window constrains.")
    context: Context = Field(default_factory=Context)


class DrugMention(StrictModel):
    """A drug or a drug class named in a criterion."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: Literal["drug", "class"]
    id: str = Field(description="Id in resources/drugs.jsonl or resources/drug_classes.jsonl; 'unknown' for a model-only mention.")
    name: str
    classes: list[str] = Field(default_factory=list, description="Class ids: a drug's classes and their parents; a class itself and its parents.")
    atc: list[str] = Field(default_factory=list)
    source: Literal["lexicon", "model"] = "lexicon"
    timing: DrugTiming = Field("any", description="When the drug is taken, as the criterion says: prior (before the "
                               "trial), current (at screening or enrollment), planned (during the trial), any.")
    window: int | None = Field(None, description="Index in the criterion's time_windows of the window that bounds "
                               "the drug's timing ('within 4 weeks before the first dose').")
    context: Context = Field(default_factory=Context)


class ConditionMention(StrictModel):
    """A condition named in a criterion ("history of interstitial lung disease", "active hepatitis B"), coded with
    MeSH (descent by tree number: "any malignancy" is C04) and ICD-10-CM where a bridge or a curated table gives it."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    mesh_id: str | None = Field(None, description="The most specific MeSH descriptor that names it (D######); null when none does.")
    name: str | None = Field(None, description="The MeSH descriptor's name.")
    tree_numbers: list[str] = Field(default_factory=list, description="MeSH tree numbers of the descriptor (C04.557...): a class matches by prefix.")
    icd10cm: list[str] = Field(default_factory=list, description="ICD-10-CM codes (validated against the code list).")
    status: list[ConditionStatus] = Field(default_factory=list, description="active, history, controlled, uncontrolled, symptomatic, treated, stable.")
    window: int | None = Field(None, description="Index in the criterion's time_windows of the window that bounds it ('within 3 years').")
    source: Literal["lexicon", "model"] = "lexicon"
    context: Context = Field(default_factory=Context)


class ProcedureMention(StrictModel):
    """A procedure named in a criterion: surgery (major/minor), radiotherapy (with its site), transplant (type)."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    id: str = Field(description="Id in the procedure vocabulary (lexicons/sources/procedures.tsv); 'other' when none fits.")
    name: str
    mesh_id: str | None = None
    site: str | None = Field(None, description="Body site as written ('to the lung').")
    window: int | None = Field(None, description="Index in the criterion's time_windows of the window that bounds it.")
    context: Context = Field(default_factory=Context)


class BiomarkerMention(StrictModel):
    """A biomarker named in a criterion: gene (HGNC), alteration, variant, scale and result."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    gene: str | None = Field(None, description="HGNC approved symbol (ERBB2 for HER2, CD274 for PD-L1); null for MSI and TMB.")
    hgnc_id: str | None = Field(None, description="HGNC:3430")
    alteration: BiomarkerAlteration
    variant: str | None = Field(None, description="HGVS protein change, three-letter amino acids: p.Val600Glu.")
    exon: int | None = None
    scale: BiomarkerScale | None = None
    result: BiomarkerResult | None = None
    comparator: Comparator | None = None
    value: float | None = None
    context: Context = Field(default_factory=Context)


class Mention(StrictModel):
    """An entity found by the NER model trained on Chia (Condition, Drug, Procedure, Measurement, ...)."""

    type: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    context: Context = Field(default_factory=Context)


class Fact(StrictModel):
    """One of the other computable facts (age, performance status, NYHA class, ...), typed by `kind`; `value`
    is its canonical form (annotations/facts/GUIDELINES.md lists them)."""

    kind: FactKind
    value: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    scale: str | None = Field(None, description="ECOG, Karnofsky, WHO, Lansky; RECIST 1.1, iRECIST; CTCAE v5.0.")
    comparator: str | None = None
    number: float | None = None
    number_high: float | None = Field(None, description="The upper bound of a range ('Age 18-80 years': 80).")
    values: list[str] = Field(default_factory=list, description="Allowed (or named) values: ['0', '1'] for ECOG 0-1.")
    duration: str | None = Field(None, description="ISO 8601 duration when the fact has one (life expectancy, contraception).")
    sex: Literal["female", "male"] | None = Field(None, description="The sex a limit is for, when stated per sex (QTc, blood pressure).")
    context: Context = Field(default_factory=Context)


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
    logic: Logic | None = Field(None, description="How the node's children combine (nodes with children other than "
                                "notes): all must hold, or any one is enough ('one of the following', 'OR').")
    min_count: int | None = Field(None, ge=2, description="'At least two of the following': logic any with this minimum.")
    lab_thresholds: list["LabThreshold"] = Field(default_factory=list)
    time_windows: list["TimeWindow"] = Field(default_factory=list)
    drugs: list["DrugMention"] = Field(default_factory=list)
    facts: list["Fact"] = Field(default_factory=list)
    conditions: list["ConditionMention"] = Field(default_factory=list)
    procedures: list["ProcedureMention"] = Field(default_factory=list)
    biomarkers: list["BiomarkerMention"] = Field(default_factory=list)
    mentions: list["Mention"] = Field(default_factory=list, description="NER entities (empty when the model is absent).")
    status: Literal["structured", "partly_structured", "not_structured"] = Field(
        "not_structured", description="How much of the criterion the pipeline turned into typed facts.")
    status_reason: str = ""

    @model_validator(mode="after")
    def _span_ordered(self) -> "Criterion":
        if self.end < self.start:
            raise ValueError(f"criterion {self.id}: end {self.end} < start {self.start}")
        return self


class Header(StrictModel):
    """A section header of the eligibility text, with the introduction that belongs to it ("Inclusion Criteria:
    Patients must meet all of the following:")."""

    section: Literal["inclusion", "exclusion", "unspecified"]
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


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
    headers: list[Header] = Field(default_factory=list, description="The section headers, with offsets.")
    criteria: list[Criterion] = Field(default_factory=list)
    warnings: list[Problem] = Field(default_factory=list)

    # -- conveniences for notebooks (not part of the serialized schema) --
    def to_dict(self) -> dict:
        return self.model_dump()

    def to_json(self, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)

    def to_frames(self) -> dict:
        """pandas DataFrames: trials, criteria, lab_thresholds, time_windows, drugs, facts, mentions."""
        from ..frames import to_frames

        return to_frames([self])

    def coverage(self) -> dict:
        """Criteria per status, and the share structured (fully or partly)."""
        from ..frames import coverage

        return coverage([self])


Criterion.model_rebuild()
