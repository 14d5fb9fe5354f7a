"""Rules and lexicons kept as data. Each file is validated by its schema model when it is loaded."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _res

from ..schema import AnalyteEntry, CueRule, SegmenterResources, ThresholdResources
from ..schema.rules import (
    BiomarkerRules,
    ContextRules,
    FactsResources,
    GeneEntry,
    NerTypeRules,
    StatusRules,
    TimeResources,
)

PACKAGE = "trialcriteria.resources"


def read_json(name: str) -> object:
    return json.loads(_res.files(PACKAGE).joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class WeightedPattern:
    regex: re.Pattern[str]
    weight: float

    def score(self, text: str, cap: int = 2) -> float:
        """Weight times the number of matches, at most `cap` matches counted."""
        n = 0
        for _ in self.regex.finditer(text):
            n += 1
            if n >= cap:
                break
        return self.weight * n


def _weighted(rules: list[CueRule], flags: int = re.I) -> tuple[WeightedPattern, ...]:
    return tuple(WeightedPattern(re.compile(r.pattern, flags), r.weight) for r in rules)


def _any(patterns: list[str], flags: int = re.I) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@dataclass(frozen=True)
class SegmenterRules:
    """resources/segmenter.json compiled once."""

    headers: tuple[tuple[str, re.Pattern[str]], ...]
    section_intro: re.Pattern[str]
    note_prefix: re.Pattern[str]
    region_stop: re.Pattern[str]
    page_noise: re.Pattern[str]
    criterion_cues: tuple[WeightedPattern, ...]
    inclusion_cues: tuple[WeightedPattern, ...]
    exclusion_cues: tuple[WeightedPattern, ...]
    prose_openers: tuple[WeightedPattern, ...]
    prose_cues: tuple[WeightedPattern, ...]
    prose_skip: re.Pattern[str]
    no_split_abbreviations: frozenset[str]
    placeholder: re.Pattern[str]
    pdq_labels: re.Pattern[str]
    prose_list_opener: re.Pattern[str]
    prose_list_starts: re.Pattern[str]
    pdq_connectors: re.Pattern[str]
    pdq_inside_words: re.Pattern[str]
    pdq_starters: re.Pattern[str]
    connector: re.Pattern[str]
    logic_min: re.Pattern[str]
    logic_all: re.Pattern[str]
    logic_any: re.Pattern[str]


@lru_cache(maxsize=1)
def segmenter_rules() -> SegmenterRules:
    data = SegmenterResources.model_validate(read_json("segmenter.json"))
    headers = tuple(
        (h.section, re.compile(h.pattern, 0 if h.section == "nci" else re.I)) for h in data.section_headers
    )
    notes = "|".join(data.note_prefixes)
    return SegmenterRules(
        headers=headers,
        section_intro=_any(data.section_intro),
        note_prefix=re.compile(rf"(?:{notes})\s*[:：]"),
        region_stop=_any(data.region_stop),
        page_noise=_any(data.page_noise, re.I | re.M),
        criterion_cues=_weighted(data.criterion_cues),
        inclusion_cues=_weighted(data.inclusion_cues),
        exclusion_cues=_weighted(data.exclusion_cues),
        prose_openers=_weighted(data.prose_openers),
        prose_cues=_weighted(data.prose_cues),
        prose_skip=_any(data.prose_skip),
        no_split_abbreviations=frozenset(a.lower() for a in data.abbreviations_no_split),
        connector=re.compile(data.connector, re.I),
        pdq_labels=re.compile(data.pdq_labels),
        prose_list_opener=re.compile(data.prose_list_opener, re.I),
        prose_list_starts=re.compile(data.prose_list_starts, re.I),
        pdq_connectors=re.compile(data.pdq_connectors),
        pdq_inside_words=re.compile(data.pdq_inside_words),
        pdq_starters=re.compile(data.pdq_starters),
        logic_min=re.compile(data.logic_min, re.I),
        logic_all=re.compile(data.logic_all, re.I),
        logic_any=re.compile(data.logic_any, re.I),
        placeholder=re.compile("^(?:" + "|".join(f"(?:{p})" for p in data.placeholders) + r")\W*$", re.I),
    )


def read_jsonl(name: str) -> list[dict]:
    text = _res.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def threshold_resources() -> ThresholdResources:
    return ThresholdResources.model_validate(read_json("thresholds.json"))


@lru_cache(maxsize=1)
def analytes() -> dict[str, AnalyteEntry]:
    """resources/analytes.jsonl by id."""
    entries = [AnalyteEntry.model_validate(row) for row in read_jsonl("analytes.jsonl")]
    return {e.id: e for e in entries}


@lru_cache(maxsize=1)
def context_rules() -> ContextRules:
    """resources/context_rules.json, validated."""
    return ContextRules.model_validate(read_json("context_rules.json"))


@lru_cache(maxsize=16)
def context_pattern(name: str) -> re.Pattern[str]:
    """One regex field of resources/context_rules.json ('allowed_heading', 'indication', 'negated_permission',
    ...), compiled case-insensitively once."""
    return re.compile(getattr(context_rules(), name), re.I)


@lru_cache(maxsize=1)
def status_rules() -> StatusRules:
    """resources/status.json, validated."""
    return StatusRules.model_validate(read_json("status.json"))


@lru_cache(maxsize=1)
def time_resources() -> dict:
    """resources/time.json, validated (as a dict: the time-window rules compile it)."""
    data = read_json("time.json")
    TimeResources.model_validate(data)
    return data


@lru_cache(maxsize=1)
def facts_resources() -> dict:
    """resources/facts.json, validated (as a dict: the fact rules compile it)."""
    data = read_json("facts.json")
    FactsResources.model_validate(data)
    return data


@lru_cache(maxsize=1)
def ner_type_rules() -> NerTypeRules:
    """resources/ner_types.json, validated."""
    return NerTypeRules.model_validate(read_json("ner_types.json"))


@lru_cache(maxsize=1)
def biomarker_genes() -> dict[str, GeneEntry]:
    """resources/biomarker_genes.jsonl (built from lexicons/sources/biomarker_genes.tsv and HGNC) by symbol."""
    entries = [GeneEntry.model_validate(row) for row in read_jsonl("biomarker_genes.jsonl")]
    return {e.symbol: e for e in entries}


@lru_cache(maxsize=1)
def biomarker_rules() -> BiomarkerRules:
    """resources/biomarkers.json, validated; every gene it names is in the gene lexicon."""
    rules = BiomarkerRules.model_validate(read_json("biomarkers.json"))
    genes = biomarker_genes()
    named = {g for m in rules.markers for g in m.genes} | set(rules.variant_genes.values())
    named |= {g for g in rules.ish_alteration if g != "_default"} | set(rules.mmr_genes)
    unknown = sorted(named - set(genes))
    if unknown:
        raise ValueError(f"biomarkers.json names genes that resources/biomarker_genes.jsonl lacks: {', '.join(unknown)}")
    return rules
