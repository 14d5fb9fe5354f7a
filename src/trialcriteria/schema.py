"""Every pydantic model of the project: records, the criterion tree, results, gold files and resource files.

The output schema is versioned by ``SCHEMA_VERSION`` (semantic versioning: a new optional field is a minor
bump, a renamed or removed field a major one). Every model forbids unknown keys, so that a gold file or a
resource file with a typo fails loudly instead of being read as empty.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.5.0"

Section = Literal["inclusion", "exclusion", "unspecified"]
NodeKind = Literal["item", "heading", "note", "sentence"]
GoldNodeKind = Literal["item", "heading", "note", "sentence", "group"]
Logic = Literal["all", "any"]
DrugTiming = Literal["prior", "current", "planned", "any"]
GoldSourceKind = Literal["text", "ctgov_v2", "ctgov_v1", "ctgov_xml"]
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
    lab_thresholds: list["LabThreshold"] = Field(default_factory=list)
    time_windows: list["TimeWindow"] = Field(default_factory=list)
    drugs: list["DrugMention"] = Field(default_factory=list)
    facts: list["Fact"] = Field(default_factory=list)
    mentions: list["Mention"] = Field(default_factory=list, description="NER entities (empty when the model is absent).")
    status: Literal["structured", "partly_structured", "not_structured"] = Field(
        "not_structured", description="How much of the criterion the pipeline turned into typed facts.")
    status_reason: str = ""

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

    # -- conveniences for notebooks (not part of the serialized schema) --
    def to_dict(self) -> dict:
        return self.model_dump()

    def to_json(self, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)

    def to_frames(self) -> dict:
        """pandas DataFrames: trials, criteria, lab_thresholds, time_windows, drugs, facts, mentions."""
        from .frames import to_frames

        return to_frames([self])

    def coverage(self) -> dict:
        """Criteria per status, and the share structured (fully or partly)."""
        from .frames import coverage

        return coverage([self])


# ------------------------------------------------------------------------------------------ lab thresholds

Comparator = Literal[">=", ">", "<=", "<", "==", "between"]
Reference = Literal["absolute", "ULN", "LLN", "normal_range", "predicted"]


class TextSpan(StrictModel):
    """A piece of eligibility_text: its text and offsets."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


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


class AnalyteEntry(StrictModel):
    """One analyte of resources/analytes.jsonl."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    loinc: str | None = Field(None, pattern=r"^\d{1,7}-\d$")
    unit: str = Field(description="Canonical UCUM unit ('1' for a unitless ratio).")
    category: Literal["hematology", "chemistry", "liver", "renal", "coagulation", "urinalysis", "cardiac",
                      "vital_sign", "tumor_marker", "hormone", "metabolic", "lipid", "immunology", "virology",
                      "pathology", "pulmonary", "other"]
    synonyms: list[str] = Field(description="Names matched case-insensitively as whole words.")
    abbreviations: list[str] = Field(default_factory=list, description="Abbreviations matched case-sensitively.")
    molar_mass: float | None = Field(None, gt=0, description="g/mol, for mass <-> molar conversions.")
    plausible: tuple[float, float] | None = Field(None, description="Range of plausible cut-offs in the canonical unit.")
    formulas: list[str] = Field(default_factory=list)
    note: str | None = None


class ComparatorRule(StrictModel):
    canonical: Comparator
    patterns: list[str]


class UnitRule(StrictModel):
    ucum: str
    patterns: list[str] = Field(description="Regexes (case-insensitive unless (?-i:...)) of the unit as written.")


class ReferenceRule(StrictModel):
    reference: Literal["ULN", "LLN", "predicted"]
    pattern: str


class PostComparatorRule(StrictModel):
    canonical: Comparator
    pattern: str


class SpecialConversion(StrictModel):
    analyte: str
    from_unit: str
    to_unit: str
    scale: float
    offset: float
    comment: str | None = None


class ThresholdResources(StrictModel):
    """resources/thresholds.json: comparators, units, references and cue words of lab thresholds."""

    comparators: list[ComparatorRule]
    post_comparators: list[PostComparatorRule]
    units: list[UnitRule]
    references: list[ReferenceRule]
    normal_range: str
    condition_openers: list[str]
    qualifiers: list[str]
    blood_pressure_sides: dict[str, str]
    formulas: dict[str, str]
    special_conversions: list[SpecialConversion]
    number_words: dict[str, float] = Field(description="Multipliers written as words: 'twice the ULN', 'three times normal'.")
    glue_stop_words: str = Field(description="Regex of words that, between an analyte and a number, mean the number is not its level ('weight change > 2 kg').")
    after_stop_words: str = Field(description="Regex of words that, right after a value, mean it is a change, not a level ('< 15% rise per day').")
    sex_after: str = Field(description="Regex of the sex a cut-off is for, right after it ('> 450 ms in males', '(female)').")
    sex_before: str = Field(description="Regex of the sex a cut-off is for, right before it ('women: > 470 ms').")


# ---------------------------------------------------------------------- time windows, drugs, other facts

Assertion = Literal["affirmed", "negated", "exception", "conditional", "hypothetical"]
Polarity = Literal["required", "forbidden", "allowed"]
TimeComparator = Literal["within", "at_least", "more_than", "less_than", "at_most", "exactly"]
Anchor = Literal["first_dose", "enrollment", "randomization", "registration", "screening", "consent", "diagnosis",
                 "last_dose", "surgery", "event", "any_time", "none"]
FactKind = Literal["age", "sex", "performance_status", "life_expectancy", "nyha_class", "child_pugh", "ctcae_grade",
                   "qtc", "blood_pressure", "pregnancy", "lactation", "contraception", "prior_lines",
                   "measurable_disease", "tumor_grade", "differentiation", "ki67", "histology", "brain_metastases"]


class Context(StrictModel):
    """What ConText (with rules written for eligibility criteria) says of a fact, and what it means for a
    matcher: the patient must have it, must not have it, or may have it."""

    assertion: Assertion = "affirmed"
    cue: TextSpan | None = Field(None, description="The cue that set the assertion ('no history of', 'unless', 'if').")
    polarity: Polarity = "required"


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
    values: list[str] = Field(default_factory=list, description="Allowed (or named) values: ['0', '1'] for ECOG 0-1.")
    duration: str | None = Field(None, description="ISO 8601 duration when the fact has one (life expectancy, contraception).")
    sex: Literal["female", "male"] | None = Field(None, description="The sex a limit is for, when stated per sex (QTc, blood pressure).")
    context: Context = Field(default_factory=Context)


# ------------------------------------------------------------------------------------- drugs and classes


class DrugClassEntry(StrictModel):
    """One drug class of resources/drug_classes.jsonl."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(description="Canonical name, lower case ('strong cyp3a4 inhibitors').")
    parents: list[str] = Field(default_factory=list, description="Ids of broader classes.")
    atc: str | None = Field(None, description="ATC code of the class when it is an ATC group.")
    synonyms: list[str] = Field(default_factory=list, description="Names matched case-insensitively.")
    note: str | None = None


class DrugEntry(StrictModel):
    """One drug of resources/drugs.jsonl."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(description="International non-proprietary name, lower case.")
    classes: list[str] = Field(description="Ids of the classes it belongs to directly (their parents follow).")
    atc: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list, description="Brand names, code names, spelling variants.")


# ---------------------------------------------------------------------------------------------- gold files


class GoldNode(StrictModel):
    id: str
    parent_id: str | None
    section: Section
    kind: GoldNodeKind
    marker: str | None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    logic: Logic | None = Field(None, description="How the node's children combine (nodes with children; annotations/real/GUIDELINES.md).")
    min_count: int | None = Field(None, ge=2, description="'At least two of the following': logic any with this minimum.")


class GoldThreshold(StrictModel):
    """A hand-annotated lab threshold (annotations/thresholds/; see its GUIDELINES.md)."""

    analyte: str
    comparator: Comparator
    value: float
    value_high: float | None = None
    unit: str | None = None
    reference: Reference = "absolute"
    condition: str | None = None
    sex: Literal["female", "male"] | None = None
    polarity: Polarity | None = None
    text: str
    start: int | None = None
    end: int | None = None


class GoldThresholdDoc(StrictModel):
    doc_id: str
    source: str
    source_kind: GoldSourceKind
    thresholds: list[GoldThreshold]


class ChiaGoldThreshold(GoldThreshold):
    """A lab threshold annotated on a line of a Chia file (matched within its line)."""

    trial: str
    section: Literal["inc", "exc"]
    line: int = Field(ge=0)


class GoldWindow(StrictModel):
    text: str
    duration: str | None
    duration_high: str | None = None
    comparator: TimeComparator
    anchor: Anchor
    direction: Literal["before", "after"] | None = None
    half_lives: float | None = None
    combine: Literal["max", "min"] | None = None
    kind: Literal["window", "state_duration"] = "window"
    polarity: Polarity | None = None
    start: int | None = None
    end: int | None = None


class GoldDrug(StrictModel):
    text: str
    kind: Literal["drug", "class"]
    id: str
    classes: list[str] = Field(default_factory=list)
    timing: DrugTiming | None = None
    polarity: Polarity | None = None
    start: int | None = None
    end: int | None = None


class GoldFact(StrictModel):
    text: str
    kind: FactKind
    value: str
    polarity: Polarity | None = None
    start: int | None = None
    end: int | None = None


class GoldFactsDoc(StrictModel):
    """Hand-annotated time windows, drugs and facts of one document (annotations/facts/)."""

    doc_id: str
    source: str
    source_kind: GoldSourceKind
    time_windows: list[GoldWindow] = Field(default_factory=list)
    drugs: list[GoldDrug] = Field(default_factory=list)
    facts: list[GoldFact] = Field(default_factory=list)


class ChiaGoldFact(StrictModel):
    """A time window, drug or fact annotated on a line of a Chia file (annotations/facts/chia.jsonl)."""

    trial: str
    section: Literal["inc", "exc"]
    line: int = Field(ge=0)
    type: Literal["time_window", "drug", "fact"]
    text: str
    duration: str | None = None
    duration_high: str | None = None
    comparator: TimeComparator | None = None
    anchor: Anchor | None = None
    direction: Literal["before", "after"] | None = None
    half_lives: float | None = None
    combine: Literal["max", "min"] | None = None
    window_kind: Literal["window", "state_duration"] | None = None
    kind: str | None = Field(None, description="drug | class for drugs; the fact kind for facts.")
    id: str | None = None
    classes: list[str] = Field(default_factory=list)
    value: str | None = None


class GoldTree(StrictModel):
    """A hand-annotated criterion tree (annotations/trees/*.json); see annotations/GUIDELINES.md."""

    doc_id: str
    source: str = Field(description="'shared:<path under ../shared>' or 'repo:<path under the repository>', "
                                    "optionally with '!<zip member>' and '#<record locator>'.")
    source_kind: GoldSourceKind
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


Criterion.model_rebuild()
