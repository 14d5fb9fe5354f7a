"""The rule and lexicon files of resources/: each is validated by its model when it is loaded."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Comparator, StrictModel

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
