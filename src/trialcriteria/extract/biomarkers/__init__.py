"""Pure: a criterion's text -> its biomarker mentions (BiomarkerMention: HGNC gene, alteration, HGVS variant,
exon, scale, result, comparator and value), as annotations/coding/GUIDELINES.md defines them.

The flow, one module each:
1. `markers`: genes of the gene lexicon and the pattern markers of resources/biomarkers.json (MSI-H, dMMR, TMB,
   hormone receptors, BRCA1/2, Ph+), fusions named by their genes on the 3' gene, drug targets dropped.
2. `attributes`: the run of attributes after each marker, cut into groups, and the prefixes before it.
3. chains (here): markers listed together share what the list says ("ER/PR < 10%", "KRAS, NRAS and BRAF
   wild-type", "positive for ER and/or PgR"): a marker with nothing of its own takes the groups of the next
   marker of its list that has some, or the prefix of the list's first marker.
4. orphans (here): an exon, a complete variant, a scale with a value or result written apart from its gene
   ("HER2-positive disease: 3+ by IHC", "T790M mutation") takes the gene its variant names (V600E -> BRAF), PD-L1
   for TPS and CPS, no gene for mut/Mb, else the nearest gene before it (or just after it), a gene named as a
   drug's target or as a place ('the kinase domain of Bcr-Abl') included.
5. `records`: each group -> one record per gene, exon, variant and value, the alteration decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ...resources import biomarker_genes
from ...schema import BiomarkerMention
from ..facts.common import plain
from .attributes import Item, prefix_items, scan, split_groups
from .markers import Marker, find_markers
from .records import Draft, Reading, add_prefix, drafts, read_group
from .rules import VALUED, Rules, may_have_orphans, rules

CHAIN = re.compile(r"[\s,/&+-]*(?:and/or|and|or|nor)?[\s,/&+-]*")
ORPHAN_BEFORE, ORPHAN_AFTER = 200, 100


@dataclass
class Run:
    marker: Marker
    groups: list[list[Item]]
    prefix: list[tuple[str, int]]
    end: int
    shared: list[list[Item]] = field(default_factory=list)
    shared_prefix: list[tuple[str, int]] = field(default_factory=list)

    @property
    def says(self) -> bool:
        return bool(self.groups or any(k != "filler" for k, _ in self.prefix) or self.marker.result)


def runs_of(work: str, markers: list[Marker], r: Rules) -> list[Run]:
    runs: list[Run] = []
    for i, mk in enumerate(markers):
        limit = markers[i + 1].start if i + 1 < len(markers) else len(work)
        items = scan(work, mk.end, limit, r)
        prefix = prefix_items(work, mk.start, r, runs[-1].end if runs else 0)
        runs.append(Run(mk, split_groups(items, work), prefix, items[-1].end if items else mk.end))
    return runs


def share_in_lists(runs: list[Run], work: str) -> None:
    """Step 3 of the module docstring."""
    chains: list[list[Run]] = []
    for i, run in enumerate(runs):
        if i and CHAIN.fullmatch(work, runs[i - 1].end, run.marker.start) and run.marker.genes and runs[i - 1].marker.genes:
            chains[-1].append(run)
        else:
            chains.append([run])
    for chain in chains:
        _share_method(chain)
        donor: Run | None = None
        for run in reversed(chain):
            if run.groups:
                donor = run
            elif not run.says and donor is not None:
                run.shared = donor.groups
        head = chain[0]
        if any(k != "filler" for k, _ in head.prefix):
            for run in chain[1:]:
                if not run.says and not run.shared:
                    run.shared_prefix = head.prefix


def placeholder(work: str, run: Run, found: list[Draft], r: Rules) -> bool:
    """A marker named only to say that any result will do ('Hormone receptor status: Not specified', 'any HER2
    status', 'regardless of EGFR status'): no record."""
    if any(d.result or d.value is not None for d in found):
        return False
    start = min([run.marker.start] + [s for _, s in run.prefix])
    return (r.placeholder_after.match(work, run.end) is not None
            or r.placeholder_before.search(work, max(0, start - 40), start) is not None)


def _share_method(chain: list[Run]) -> None:
    """'ER-positive and/or PR-positive by IHC': the method that ends a list holds for every member of it."""
    last = next((run for run in reversed(chain) if run.groups), None)
    if last is None or last.groups[-1][-1].kind not in ("ihc", "ish") or last.groups[-1][-1].group("zero"):
        return
    method = last.groups[-1][-1]
    for run in chain:
        if run is not last and run.groups and not any(x.kind in ("ihc", "ish") or x.kind in VALUED for x in run.groups[-1]):
            run.groups = run.groups[:-1] + [run.groups[-1] + [method]]


def run_drafts(run: Run, work: str, r: Rules) -> list[Draft]:
    found = _coordinated(run, work, r) + _run_drafts(run, work, r)
    return [] if found and placeholder(work, run, found, r) else found


def _coordinated(run: Run, work: str, r: Rules) -> list[Draft]:
    """'mutation or amplification of c-KIT': the alteration listed first is a record of its own (its word)."""
    out = []
    rx = dict(r.attributes)["alteration"]
    for kind, start in run.prefix:
        m = rx.match(work, start) if kind == "coordinated" else None
        if m is not None:
            rd = Reading(m.start(), m.end(), words=[m.lastgroup])
            out += drafts(rd, run.marker.genes, (m.start(), m.end()), r, run.marker.alteration)
    return out


def _separate_prefix(rd: Reading, prefix: list[tuple[str, int]]) -> bool:
    """'amplification of ErbB2 3+ by IHC': an alteration word before the gene and a scored value after it that
    names another alteration are two records."""
    words = [k for k, _ in prefix if k in ("mutation", "amplification", "fusion")]
    return bool(words) and bool(rd.values) and not rd.words and rd.scale in ("IHC", "TPS", "CPS", "H-score", "percent")


def _run_drafts(run: Run, work: str, r: Rules) -> list[Draft]:
    mk = run.marker
    own = [(k, s) for k, s in run.prefix if k != "coordinated"]
    start = min([mk.start] + [s for k, s in own if k != "filler"])
    prefix = own + run.shared_prefix
    if not run.groups and not run.shared:
        if mk.alteration in ("msi", "mmr", "tmb") and mk.result is None and all(k == "filler" for k, _ in prefix):
            return []  # "MSI test results": the marker named without a result, a value or the word status
        rd = add_prefix(Reading(start, mk.end), prefix, work, r)
        return drafts(rd, mk.genes, (start, mk.end), r, mk.alteration, mk.result)
    out = []
    for i, group in enumerate(run.groups or run.shared):
        rd = read_group(group, r)
        span = (mk.start, mk.end) if not run.groups else (start, rd.end) if i == 0 else (rd.start, rd.end)
        if i == 0 and run.groups and _separate_prefix(rd, prefix):
            out += drafts(add_prefix(Reading(start, mk.end), prefix, work, r), mk.genes, (start, mk.end), r, mk.alteration)
            span = (mk.start, rd.end)
        elif i == 0:
            add_prefix(rd, prefix, work, r)
        if i == 0:
            first = rd.result
        elif rd.result is None and not rd.values and not rd.scale and (rd.variants or rd.exons):
            rd.result = first  # "BRAF mutation-positive (V600E or V600K)": the variants are positive too
        out += drafts(rd, mk.genes, span, r, mk.alteration, mk.result)
    return out


def _nearest(markers: list[Marker], pos: int, following: bool = True) -> tuple[str, ...] | None:
    before = [m for m in markers if m.genes and m.end <= pos and pos - m.end <= ORPHAN_BEFORE]
    if before:
        return before[-1].genes
    after = [m for m in markers if following and m.genes and m.start >= pos and m.start - pos <= ORPHAN_AFTER]
    return after[0].genes if after else None


def orphan_genes(rd: Reading, markers: list[Marker], r: Rules, after: bool = True) -> tuple[str, ...] | None:
    """The genes of an attribute group written apart from any gene (step 4), None when there is none (`after`:
    a gene just after it may be its gene)."""
    named = [r.variant_genes[key] for v, key in rd.variants if v and key in r.variant_genes]
    if named:
        return (named[0],)
    if rd.scale in ("TPS", "CPS"):
        return ("CD274",)
    if rd.scale == "mut/Mb":
        return ()
    return _nearest(markers, rd.start, after)


def _orphan_reading(group: list[Item], r: Rules) -> Reading | None:
    rd = read_group(group, r)
    kinds = {x.kind for x in group}
    if not (rd.exons or any(v for v, _ in rd.variants) or rd.values or (rd.method and rd.result)):
        return None
    if kinds <= {"ihc_score", "ihc_range", "result", "cmpnum", "codon"}:  # "2+" alone: IHC only with its words
        return None
    return rd


def orphan_drafts(work: str, markers: list[Marker], covered: list[tuple[int, int]], r: Rules) -> list[Draft]:
    out: list[Draft] = []
    for hit in r.orphan_start.finditer(work):
        if any(a <= hit.start() < b for a, b in covered):
            continue
        limit = next((m.start for m in markers if m.start > hit.start()), len(work))
        items = scan(work, hit.start(), limit, r)
        if not items:
            continue
        covered.append((hit.start(), items[-1].end))
        for group in split_groups(items, work):
            rd = _orphan_reading(group, r)  # "positive by ISH": a result first is only a gene's before it
            genes = orphan_genes(rd, markers, r, group[0].kind != "result") if rd is not None else None
            if genes is not None:
                out += drafts(rd, genes, (rd.start, rd.end), r, "tmb" if rd.scale == "mut/Mb" else None)
    return out


_OPEN, _CLOSE = re.compile(r"\s*[(\[]\s*"), re.compile(r"\s*[)\]]")


def _key(d: Draft) -> tuple:
    return d.gene, d.alteration, d.variant, d.exon, d.scale, d.result, d.comparator, d.value


def unique(found: list[Draft], work: str) -> list[Draft]:
    """The same record twice over overlapping text once, or restated in brackets right after it ("Estrogen
    receptor positive (ER+)", "Philadelphia chromosome positive (Ph+)"); in text order."""
    out: list[Draft] = []
    for d in sorted(found, key=lambda x: (x.start, -x.end)):
        same = [o for o in out if _key(o) == _key(d)]
        if any(o.start < d.end and d.start < o.end for o in same):
            continue
        if any(_OPEN.fullmatch(work, o.end, d.start) for o in same if o.end <= d.start) and _CLOSE.match(work, d.end):
            continue
        out.append(d)
    return out


def may_name_biomarkers(text: str) -> bool:
    """A cheap test: whether the text may name a biomarker at all (a gene's word, a marker's or an attribute's
    gate word, or a variant); a whole trial's text is tested once before its criteria are read."""
    r = rules()
    present, genes = r.screen(text)
    return bool(present or genes or r.variant_token.search(text))


def biomarker_drafts(text: str) -> list[Draft]:
    """The biomarker records of a criterion's text (offsets into it)."""
    r = rules()
    present, genes = r.screen(text)
    if not present and not genes and r.variant_token.search(text) is None:
        return []
    work = plain(text)
    markers, silent = find_markers(work, present, r, genes)
    orphans = may_have_orphans(work, present)
    if not markers and not orphans:
        return []  # (a drug's target, 'EGFR TKI', still names the gene of an orphan: 'T790M after an EGFR TKI')
    runs = runs_of(work, markers, r)
    share_in_lists(runs, work)
    found = [d for run in runs for d in run_drafts(run, work, r)]
    covered = [(run.marker.start, max(run.end, run.marker.end)) for run in runs]
    nearby = sorted(markers + silent, key=lambda m: m.start)
    return unique(found + (orphan_drafts(work, nearby, covered, r) if orphans else []), work)


def _closed(text: str, start: int, end: int) -> int:
    """The end of a span that opens a bracket it does not close, moved past the closing bracket next to it."""
    inside = text[start:end]
    if inside.count("(") > inside.count(")") and text[end:end + 1] == ")":
        return end + 1
    if inside.count("[") > inside.count("]") and text[end:end + 1] == "]":
        return end + 1
    return end


def extract_biomarkers(text: str, base: int = 0) -> list[BiomarkerMention]:
    """The biomarker mentions of the criterion `text`, whose offset in the eligibility text is `base`."""
    genes = biomarker_genes()
    found = [replace(d, end=_closed(text, d.start, d.end)) for d in biomarker_drafts(text)]
    return [BiomarkerMention(text=text[d.start:d.end], start=d.start + base, end=d.end + base, gene=d.gene,
                             hgnc_id=genes[d.gene].hgnc_id if d.gene else None, alteration=d.alteration,
                             variant=d.variant, exon=d.exon, scale=d.scale, result=d.result,
                             comparator=d.comparator, value=d.value)
            for d in found]


__all__ = ["extract_biomarkers", "biomarker_drafts", "may_name_biomarkers", "Draft"]
