"""The matcher's rules (resources/match.json), loaded once, and the lookups built from the lexicons: analytes by id,
LOINC and name; drugs by ATC code and RxNorm; assessments by LOINC and name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import analytes, read_json
from ..schema.rules import MatchResources


@lru_cache(maxsize=1)
def match_rules() -> MatchResources:
    return MatchResources.model_validate(read_json("match.json"))


@lru_cache(maxsize=65536)
def norm(text: str | None) -> str:
    """Lower case, hyphens and punctuation as spaces, single spaces: how names are compared."""
    return " ".join(re.sub(r"[-_/,.;:()'’]+", " ", (text or "").lower()).split())


@dataclass(frozen=True)
class Lookups:
    analyte_by_key: dict[str, str]   # id, LOINC, name, synonym, abbreviation (normalized) -> analyte id
    assessment_by_key: dict[str, str]  # LOINC or normalized name -> assessment kind
    atc_to_drugs: dict[str, tuple[str, ...]]  # ATC code -> drug ids
    rxnorm_to_drug: dict[str, str]  # RxCUI -> drug name
    true_words: frozenset[str]
    false_words: frozenset[str]


@lru_cache(maxsize=1)
def lookups() -> Lookups:
    from ..lexicons.drugs import lexicon

    rules = match_rules()
    by_key: dict[str, str] = {}
    for a in analytes().values():
        for key in [a.name, *a.synonyms, *a.abbreviations]:
            by_key.setdefault(norm(key), a.id)
        if a.loinc:
            by_key[a.loinc] = a.id
        by_key[a.id] = a.id
    assess = dict(rules.assessment_loinc)
    for kind, names in rules.assessment_names.items():
        for n in [kind, *names]:
            assess.setdefault(norm(n), kind)
    atc: dict[str, list[str]] = {}
    for d in lexicon().drugs.values():
        for code in d.atc:
            atc.setdefault(code, []).append(d.id)
    return Lookups(by_key, assess, {k: tuple(v) for k, v in atc.items()},
                   {r[0]: r[1] for r in rules.rxnorm_to_atc},
                   frozenset(norm(w) for w in rules.true_words) | frozenset(rules.true_words),
                   frozenset(norm(w) for w in rules.false_words) | frozenset(rules.false_words))


def truth(text: str | None) -> bool | None:
    """'positive', 'Pregnant', 'LA9633-4' -> True; 'negative', 'not pregnant' -> False; else None."""
    if text is None:
        return None
    lk = lookups()
    key = norm(text)
    if text in lk.false_words or key in lk.false_words:
        return False
    if text in lk.true_words or key in lk.true_words:
        return True
    return None
