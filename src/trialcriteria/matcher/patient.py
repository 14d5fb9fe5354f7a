"""The patient as the matcher reads it: demographics, dated observations (labs with their reference range, and
assessments such as ECOG or pregnancy status), conditions, medications, procedures and biomarkers, each with the
codes it carries and where it came from (`source`: the FHIR resource, or the flat JSON path).

This is also the flat JSON patient for notebooks (`Patient.model_validate(json)`): every model forbids unknown keys
so that a typo fails loudly, with the field named.

The record is open-world: what it does not say is unknown, not absent. A condition refuted or a medication
not taken says "absent" for that code (and everything under it); `complete` names the lists that are to be read
as complete (a patient with `complete: ["medications"]` takes no drug that is not listed).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from ..schema import StrictModel

ListKind = Literal["conditions", "medications", "procedures", "biomarkers"]


class PatientError(ValueError):
    """Bad patient input: the message names the file, the resource and the field."""


class Coding(StrictModel):
    """A code: `system` is a short name (loinc, icd10cm, snomed, mesh, atc, rxnorm, hgnc, assessment, ...)."""

    system: str
    code: str
    display: str | None = None


class Observation(StrictModel):
    """A lab value or an assessment. `code` is an analyte id or name ('anc'), an assessment ('ecog', 'pregnancy',
    'life_expectancy', ...) or a LOINC code; `value` with its UCUM `unit`, or `text` for a coded or text value."""

    code: str
    loinc: str | None = None
    value: float | None = None
    unit: str | None = None
    text: str | None = None
    low: float | None = Field(None, description="Reference range low, in `unit` (for LLN multiples).")
    high: float | None = Field(None, description="Reference range high, in `unit` (for ULN multiples).")
    date: dt.date | None = None
    source: str = ""


class Event(StrictModel):
    """A condition, medication or procedure: its name, codes and dates. `negated` says the patient does not have
    it (a refuted Condition, a MedicationStatement not taken); `active` whether it is ongoing at the record's time."""

    name: str | None = None
    codes: list[Coding] = Field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    active: bool | None = None
    negated: bool = False
    status: list[str] = Field(default_factory=list, description="Free status words (treated, stable, controlled, ...).")
    source: str = ""


class Biomarker(StrictModel):
    """A tested biomarker: HGNC gene symbol, alteration, HGVS protein change, result, value."""

    gene: str | None = None
    alteration: str | None = None
    variant: str | None = None
    exon: int | None = None
    result: str | None = Field(None, description="positive, negative, wild_type, high, low, ...")
    value: float | None = None
    date: dt.date | None = None
    source: str = ""


class Patient(StrictModel):
    """One patient (see the module docstring)."""

    id: str
    birth_date: dt.date | None = None
    age: float | None = Field(None, description="Age in years, when no birth date is given.")
    sex: Literal["female", "male"] | None = None
    observations: list[Observation] = Field(default_factory=list)
    conditions: list[Event] = Field(default_factory=list)
    medications: list[Event] = Field(default_factory=list)
    procedures: list[Event] = Field(default_factory=list)
    biomarkers: list[Biomarker] = Field(default_factory=list)
    complete: list[ListKind] = Field(default_factory=list, description="Lists to read as complete (closed world).")
    source: str = ""
