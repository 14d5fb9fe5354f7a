"""Records: what a group of attributes says (a `Reading`) -> one record per gene, exon, variant and value, with
the alteration decided as annotations/coding/GUIDELINES.md says:

- the marker's own kind first (MSI, MMR, TMB; a fusion named by its genes or by a translocation);
- MLH1, MSH2, MSH6, PMS2 with a deficient or proficient result ("loss of MLH1") -> `mmr`;
- a specific word: deletion, insertion, amplification, fusion (rearrangement, translocation);
- overexpression: `expression` on a scale ("HER2 overexpression (2-3+)"), else `status` positive;
- expression -> `expression`; a variant, exon or codon, or a mutation word -> `mutation` ("mutation status" with no
  result -> `status`, as in "EGFR mutation status known");
- a result shown by IHC without a score ("PR-positive by IHC") -> `status`, with scale IHC;
- a scale (unless the word status names a result not given): IHC, TPS, CPS, H-score, percent -> `expression`; ISH -> the gene's `ish_alteration` (amplification for
  HER2, fusion for ALK); mut/Mb -> `tmb`;
- the word status with no result and no value ("PD-L1 status by IHC"), or a result alone (positive, negative,
  wild-type) -> `status`.

Variants become HGVS protein changes with three-letter residues ("V600E" -> p.Val600Glu, "G719X" -> p.Gly719Xaa);
a deleted residue is `del` ("F508del", "delta F508" -> p.Phe508del); a codon without its new residue ("V600",
"codon 12") names no variant. IHC scores are values: "3+" == 3, "2+ or
3+" >= 2, "0 or 1+" <= 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from .attributes import Item
from .rules import SCALES, Rules, comparator

RESULTS = {"pos": "positive", "neg": "negative", "wt": "wild_type", "high": "high", "low": "low", "eq": "equivocal",
           "def": "deficient", "prof": "proficient"}
PREFIX_RESULTS = {"result_pos": "positive", "result_neg": "negative", "result_wt": "wild_type", "high": "high",
                  "low": "low", "result_def": "deficient"}


@dataclass
class Reading:
    """What one group of attributes says."""

    start: int
    end: int
    words: list[str] = field(default_factory=list)
    exons: list[int] = field(default_factory=list)
    variants: list[tuple[str | None, str]] = field(default_factory=list)  # (HGVS or None when partial, "V600")
    codon: bool = False
    scale: str | None = None
    method: str | None = None
    values: list[tuple[str, float]] = field(default_factory=list)
    result: str | None = None

    @property
    def says(self) -> bool:
        return bool(self.words or self.exons or self.variants or self.codon or self.scale or self.method
                    or self.values or self.result)


@dataclass(frozen=True)
class Draft:
    start: int
    end: int
    gene: str | None
    alteration: str
    variant: str | None = None
    exon: int | None = None
    scale: str | None = None
    result: str | None = None
    comparator: str | None = None
    value: float | None = None


def hgvs(item: Item, r: Rules) -> list[tuple[str | None, str]]:
    """A variant item -> [(HGVS protein change or None when the new residue is missing, 'V600')]."""
    aa = r.amino_acids
    if item.group("aa3"):
        old, pos, new = item.group("aa3"), item.group("pos3"), item.group("new3")
        key = next((k for k, v in aa.items() if v == old), "?") + pos
        return [(f"p.{old}{pos}{'Ter' if new == '*' else new}" if new else None, key)]
    if item.group("daa"):  # "delta F508": the residue deleted
        old, pos = item.group("daa"), item.group("dpos")
        return [(f"p.{aa[old]}{pos}del", old + pos)]
    old, pos, new = item.group("aa"), item.group("pos"), item.group("new")
    key = old + pos
    if not new:
        return [(None, key)]
    if new in ("fs", "del"):
        return [(f"p.{aa[old]}{pos}{new}", key)]
    return [(f"p.{aa[old]}{pos}{aa[n]}", key) for n in new.split("/")]


def _ihc_values(item: Item) -> list[tuple[str, float]]:
    if item.kind == "ihc" and item.group("zero"):
        return [("==", 0.0)]
    if item.group("sym"):
        return [("==", float(len(item.group("sym"))))]
    lo = int(item.group("lo"))
    if item.kind == "ihc_score":
        return [(comparator(item.group("cmp")), float(lo))]
    hi = int(item.group("hi"))
    if lo == 0:
        return [("<=", float(hi))]
    if hi == 3:
        return [(">=", float(lo))]
    return [("==", float(v)) for v in range(lo, hi + 1)]


def read_group(items: list[Item], r: Rules) -> Reading:
    rd = Reading(items[0].start, items[-1].end)
    for it in items:
        k = it.kind
        if k == "exon":
            rd.exons += [int(n) for n in (it.group("n"), it.group("n2")) if n]
        elif k == "variant":
            rd.variants += hgvs(it, r)
        elif k == "codon":
            rd.codon = True
        elif k in ("ihc_range", "ihc_score") or (k == "ihc" and it.group("zero")):
            rd.scale, rd.values = "IHC", rd.values + _ihc_values(it)
        elif k in ("ihc", "ish"):
            rd.method = rd.method or SCALES[k]
        elif k in ("tps", "cps", "hscore", "percent", "tmbval"):
            rd.scale = "TPS" if it.group("tps") else "CPS" if it.group("cps") else SCALES[k]
            rd.values.append((comparator(it.group("cmp"), it.group("post")), float(it.group("v"))))
        elif k == "cmpnum":
            rd.values.append((comparator(it.group("cmp")), float(it.group("v"))))
        elif k == "result":
            rd.result = rd.result or RESULTS[it.match.lastgroup]
        elif k == "alteration":
            rd.words.append(it.match.lastgroup)
    return rd


def add_prefix(rd: Reading, prefix: list[tuple[str, int]], work: str, r: Rules) -> Reading:
    """The words before a marker ("positive for", "wild-type", "mutations in", "T790M") fill what its group
    leaves open."""
    for kind, start in prefix:
        if kind == "variant":
            rd.variants += hgvs(Item("variant", start, start, dict(r.attributes)["variant"].match(work, start)), r)
        elif kind in PREFIX_RESULTS:
            rd.result = rd.result or PREFIX_RESULTS[kind]
        elif kind not in ("filler", "coordinated"):
            rd.words.append(kind)
    return rd


def alteration(rd: Reading, gene: str | None, marker_alteration: str | None, r: Rules) -> str | None:
    """The alteration a reading names for a gene (the module docstring gives the order)."""
    words = rd.words
    if marker_alteration and marker_alteration != "mutation":
        return marker_alteration
    if gene in r.mmr_genes and rd.result in ("deficient", "proficient"):
        return "mmr"
    specific = next((w for w in words if w in ("deletion", "insertion", "amplification", "fusion")), None)
    if specific:
        return specific
    if "overexpression" in words:
        return "expression" if rd.scale else "status"
    if "expression" in words:
        return "expression"
    if "mutation" in words or marker_alteration == "mutation":
        return "status" if "status" in words and rd.result is None else "mutation"
    if rd.variants or rd.exons or rd.codon:
        return "mutation"
    if "status" in words and rd.result is None and not rd.values:
        return "status"
    if rd.method == "IHC" and not rd.scale and not rd.values and rd.result is not None:
        return "status"  # "PR-positive by IHC": a result, shown by IHC
    scale = rd.scale or rd.method
    if scale == "ISH":
        return r.ish_alteration.get(gene or "", r.ish_alteration["_default"])
    if scale == "mut/Mb":
        return "tmb"
    if scale or rd.values:
        return "expression"
    if "status" in words or rd.result is not None:
        return "status"
    return None


def result_of(rd: Reading, alt: str, marker_result: str | None) -> str | None:
    """The reading's result; overexpression without a value, and amplification shown by ISH, are positive; a
    loss ('absence of CD23', 'loss of PTEN') is deficient only for mismatch repair, else negative."""
    if rd.result or marker_result:
        found = rd.result or marker_result
        return "negative" if found == "deficient" and alt != "mmr" else found
    if "overexpression" in rd.words and not rd.values:
        return "positive"
    if alt == "amplification" and (rd.scale or rd.method) == "ISH" and not rd.values:
        return "positive"
    return None


def drafts(rd: Reading, genes: tuple[str, ...], span: tuple[int, int], r: Rules, marker_alteration: str | None = None,
           marker_result: str | None = None) -> list[Draft]:
    """One draft per gene, exon, variant and value of a reading."""
    out = []
    variants = [v for v, _ in rd.variants if v] or [None]
    for gene, exon, variant, (cmp, value) in product(genes or (None,), rd.exons or [None], variants,
                                                     rd.values or [(None, None)]):
        alt = alteration(rd, gene, marker_alteration, r)
        if alt is None:
            continue
        out.append(Draft(span[0], span[1], gene, alt, variant, exon, rd.scale or rd.method,
                         result_of(rd, alt, marker_result), cmp, value))
    return out
