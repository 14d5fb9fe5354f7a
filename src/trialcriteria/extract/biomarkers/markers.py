"""Markers: where a criterion names a gene (the gene lexicon) or a biomarker that is no single gene's written form
(`markers` of resources/biomarkers.json: MSI-H, dMMR, TMB, hormone receptors, BRCA1/2, RAS, Ph+, t(15;17)).

- Overlapping markers: the longest wins ("ER and/or progesterone receptor" over "ER").
- "estrogen receptor (ER)": the abbreviation in brackets joins the marker it abbreviates.
- A fusion named by its two genes ("BCR-ABL", "EML4-ALK" when both are in the lexicon, "PML/RARA") is one marker on
  the 3' gene, the kinase or receptor that the fusion activates and that matchers test (ABL1, ALK, RARA).
- A gene named as a drug's target is no biomarker: "anti-HER2", "EGFR inhibitors", "EGFR-TKI", "agents directed
  against EGFR and/or HER2"; nor is a gene named as a place ("the kinase domain of Bcr-Abl") (`drug_before`,
  `drug_after`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .rules import Rules


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    genes: tuple[str, ...]
    alteration: str | None = None
    result: str | None = None


def raw_markers(work: str, present: frozenset[str], r: Rules, genes: bool = True) -> list[Marker]:
    """Gene mentions (when `genes`: the gene matcher's cheap test passed) and pattern markers (each tried only
    when a string of its gate is `present`), overlaps resolved longest first, in text order."""
    found = [Marker(a, b, (sym,)) for a, b, sym in r.genes.find(work, checked=True)] if genes else []
    for spec, rx, gate in r.markers:
        if not gate.isdisjoint(present):
            found += [Marker(m.start(), m.end(), tuple(spec.genes), spec.alteration, spec.result)
                      for m in rx.finditer(work)]
    kept: list[Marker] = []
    for mk in sorted(found, key=lambda x: (-(x.end - x.start), x.start)):
        if all(mk.end <= k.start or mk.start >= k.end for k in kept):
            kept.append(mk)
    return sorted(kept, key=lambda x: x.start)


_BRACKET_OPEN = re.compile(r"\s*[(\[]\s*")
_BRACKET_CLOSE = re.compile(r"\s*[)\]]")


def join_abbreviations(work: str, markers: list[Marker]) -> list[Marker]:
    """'estrogen receptor (ER)' -> one marker over the whole, when the bracket holds the same genes."""
    out: list[Marker] = []
    i = 0
    while i < len(markers):
        mk = markers[i]
        nxt = markers[i + 1] if i + 1 < len(markers) else None
        opened = _BRACKET_OPEN.match(work, mk.end)
        if nxt is not None and opened and opened.end() == nxt.start and set(nxt.genes) == set(mk.genes):
            closed = _BRACKET_CLOSE.match(work, nxt.end)
            if closed:
                out.append(replace(mk, end=closed.end(), alteration=mk.alteration or nxt.alteration,
                                   result=mk.result or nxt.result))
                i += 2
                continue
        out.append(mk)
        i += 1
    return out


def join_fusions(work: str, markers: list[Marker], r: Rules) -> list[Marker]:
    """'BCR-ABL', 'PML/RARA': two single-gene markers joined by a fusion joiner -> one fusion on the 3' gene."""
    out: list[Marker] = []
    for mk in markers:
        prev = out[-1] if out else None
        if (prev is not None and len(prev.genes) == 1 and len(mk.genes) == 1 and prev.genes != mk.genes
                and prev.alteration is None and mk.alteration in (None, "fusion")):
            joiner = r.fusion_joiner.match(work, prev.end)
            if joiner and joiner.end() == mk.start:
                out[-1] = Marker(prev.start, mk.end, mk.genes, "fusion", mk.result)
                continue
        out.append(mk)
    return out


def drug_target(work: str, mk: Marker, r: Rules) -> bool:
    """The gene is named as what a drug targets ('anti-PD-L1', 'EGFR inhibitor', 'HER2-directed therapy')."""
    if not mk.genes:
        return False
    if r.drug_after.match(work, mk.end):
        return True
    return r.drug_before.search(work, max(0, mk.start - 60), mk.start) is not None


def find_markers(work: str, present: frozenset[str], r: Rules, genes: bool = True) -> tuple[list[Marker], list[Marker]]:
    """The markers of a criterion's text (`present`: the gate strings it holds; `genes`: whether it may name a
    gene), in order (module docstring), and apart the genes named as a drug's target or a place."""
    markers = join_fusions(work, join_abbreviations(work, raw_markers(work, present, r, genes)), r)
    target = [drug_target(work, mk, r) for mk in markers]
    return [m for m, t in zip(markers, target) if not t], [m for m, t in zip(markers, target) if t]
