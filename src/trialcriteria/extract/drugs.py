"""Pure: drug and drug-class mentions of a criterion -> DrugMention records with their ids, names, ATC codes and
classes (a drug's classes and all their parents; a class itself and its parents), from the lexicon matcher's
spans, and from the NER model's Drug entities that the lexicon matcher missed (the model backs up the rules)."""

from __future__ import annotations

import re

from ..lexicons.drugs import lexicon
from ..schema import DrugMention, Mention

_GENERIC = re.compile(
    r"^(?:(?:the|any|other|all|oral|study|investigational|concomitant|prohibited|current|prior|drug|drugs|medications?|"
    r"medicines?|agents?|therapy|therapies|treatments?|premedications?|components?|formulations?|products?|intake|"
    r"given|in|its|of|either|arm|cause|interaction|use|regimens?|excipients?|substances?)\b[\s/,-]*)+$", re.I)
# a name whose head is plural or a class word ("quinolones", "sedative medication", "local anesthetic")
_CLASS_HEAD = re.compile(r"(?:[a-z]{3,}(?<![sui])s|medications?|medicines?|therap(?:y|ies)|agents?|agonists?|"
                         r"antagonists?|anesthetics?|anaesthetics?|preparations?|inhibitors?|blockers?)$", re.I)


def _record(text: str, a: int, b: int, kind: str, ident: str, source: str = "lexicon") -> DrugMention:
    lex = lexicon()
    if kind == "drug":
        e = lex.drugs[ident]
        return DrugMention(text=text[a:b], start=a, end=b, kind="drug", id=ident, name=e.name,
                           classes=lex.drug_classes(ident), atc=list(e.atc), source=source)
    c = lex.classes[ident]
    return DrugMention(text=text[a:b], start=a, end=b, kind="class", id=ident, name=c.name,
                       classes=lex.class_classes(ident), atc=[c.atc] if c.atc else [], source=source)


def lexicon_drugs(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> list[DrugMention]:
    """The drug matcher's spans (label `drug:<id>` or `class:<id>`) inside the criterion text[start:end]."""
    out = []
    for a, b, label in spans:
        if a >= start and b <= end:
            kind, _, ident = label.partition(":")
            out.append(_record(text, a, b, kind, ident))
    return out


def model_mentions(ents: list[tuple[int, int, str]], start: int, end: int, text: str,
                   lexicon_records: list[DrugMention]) -> tuple[list[Mention], list[DrugMention]]:
    """The NER entities of a criterion as mentions, and the Drug entities that the lexicon matcher missed as drug
    mentions. Such an entity is looked up in the lexicon once more, forgiving hyphens and plurals
    ("anti-coagulants"); if it is not there it gets id `unknown` (a class when its head word is plural:
    "antimalarial medicines"). Generic words ("study drugs", "medication") are dropped."""
    lex = lexicon()
    mentions, extra = [], []
    for a, b, label in ents:
        if a < start or b > end:
            continue
        surface = text[a:b]
        mentions.append(Mention(type=label, text=surface, start=a, end=b))
        if label != "Drug" or any(d.start < b and a < d.end for d in lexicon_records) or _GENERIC.match(surface.strip()):
            continue
        found = lex.lookup(surface)
        if found:
            extra.append(_record(text, a, b, found[0], found[1], source="model"))
        else:
            kind = "class" if _CLASS_HEAD.search(surface.strip()) else "drug"
            extra.append(DrugMention(text=surface, start=a, end=b, kind=kind, id="unknown",
                                     name=" ".join(surface.lower().split()), source="model"))
    return mentions, extra
