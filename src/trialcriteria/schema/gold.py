"""Hand-annotated gold files (annotations/): criterion trees, lab thresholds, time windows, drugs and facts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import (Anchor, BiomarkerAlteration, BiomarkerResult, BiomarkerScale, Comparator, ConditionStatus,
                   DrugTiming, FactKind, GoldNodeKind, GoldSourceKind, Logic, Polarity, Reference, Section, StrictModel,
                   TimeComparator)

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




class GoldCondition(StrictModel):
    """A condition named in a criterion, coded with a MeSH descriptor (annotations/coding/GUIDELINES.md)."""

    text: str
    mesh_id: str | None = Field(pattern=r"^D\d{6,9}$", description="The most specific MeSH descriptor that names it; null when none does.")
    status: list[ConditionStatus] = Field(default_factory=list)
    polarity: Polarity
    start: int | None = None
    end: int | None = None


class GoldProcedure(StrictModel):
    """A procedure named in a criterion: an entry of the procedure vocabulary, or `other`."""

    text: str
    id: str
    site: str | None = None
    polarity: Polarity
    start: int | None = None
    end: int | None = None


class GoldBiomarker(StrictModel):
    """A biomarker named in a criterion: gene, alteration, variant, scale and result."""

    text: str
    gene: str | None = Field(description="HGNC approved symbol (ERBB2 for HER2, CD274 for PD-L1); null for MSI and TMB.")
    alteration: BiomarkerAlteration
    variant: str | None = Field(None, description="HGVS protein change, three-letter amino acids: p.Val600Glu.")
    exon: int | None = None
    scale: BiomarkerScale | None = None
    result: BiomarkerResult | None = None
    comparator: Comparator | None = None
    value: float | None = None
    polarity: Polarity
    start: int | None = None
    end: int | None = None


class GoldCodingDoc(StrictModel):
    """Hand-coded conditions, procedures and biomarkers of one document (annotations/real/coding/,
    annotations/coding/); `kinds` says which lists were annotated (an empty list is then a statement)."""

    doc_id: str
    source: str
    source_kind: GoldSourceKind
    kinds: list[Literal["conditions", "procedures", "biomarkers"]]
    conditions: list[GoldCondition] = Field(default_factory=list)
    procedures: list[GoldProcedure] = Field(default_factory=list)
    biomarkers: list[GoldBiomarker] = Field(default_factory=list)
