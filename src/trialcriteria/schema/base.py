"""The base of every model, and the vocabularies that output, gold and rule files share."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Section = Literal["inclusion", "exclusion", "unspecified"]
NodeKind = Literal["item", "heading", "note", "sentence", "group"]
GoldNodeKind = NodeKind
Logic = Literal["all", "any"]
DrugTiming = Literal["prior", "current", "planned", "any"]
GoldSourceKind = Literal["text", "ctgov_v2", "ctgov_v1", "ctgov_xml"]
SourceFormat = Literal["text", "ctgov_v2", "ctgov_v1", "ctgov_xml", "aact", "fhir"]
# where a trial id came from: the registry record, the NCT id in a text's file name, the NCT id in the text,
# a hash of the text (no NCT id anywhere), or the user (`--id`, `trial_id=`)
IdSource = Literal["record", "file_name", "text", "content_hash", "user"]
Sex = Literal["all", "female", "male"]
Comparator = Literal[">=", ">", "<=", "<", "==", "between"]
Reference = Literal["absolute", "ULN", "LLN", "normal_range", "predicted"]
Assertion = Literal["affirmed", "negated", "exception", "conditional", "hypothetical"]
Polarity = Literal["required", "forbidden", "allowed"]
TimeComparator = Literal["within", "at_least", "more_than", "less_than", "at_most", "exactly"]
Anchor = Literal["first_dose", "enrollment", "randomization", "registration", "screening", "consent", "diagnosis",
                 "last_dose", "surgery", "event", "any_time", "none"]
FactKind = Literal["age", "sex", "performance_status", "life_expectancy", "nyha_class", "child_pugh", "ctcae_grade",
                   "qtc", "blood_pressure", "pregnancy", "lactation", "contraception", "prior_lines",
                   "measurable_disease", "tumor_grade", "differentiation", "ki67", "histology", "brain_metastases"]

ConditionStatus = Literal["active", "history", "controlled", "uncontrolled", "symptomatic", "treated", "stable"]
BiomarkerAlteration = Literal["mutation", "deletion", "insertion", "amplification", "fusion", "expression", "status",
                              "msi", "mmr", "tmb"]
BiomarkerResult = Literal["positive", "negative", "wild_type", "high", "low", "deficient", "proficient", "equivocal"]
BiomarkerScale = Literal["IHC", "ISH", "TPS", "CPS", "H-score", "percent", "mut/Mb"]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
