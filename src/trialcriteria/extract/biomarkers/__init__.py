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
   for TPS and CPS, no gene for mut/Mb, else the nearest gene before it (or just after it).
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
from .rules import Rules, may_have_orphans, rules

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
    runs = []
    for i, mk in enumerate(markers):
        limit = markers[i + 1].start if i + 1 < len(markers) else len(work)
        items = scan(work, mk.end, limit, r)
        prefix = prefix_items(work, mk.start, r, markers[i - 1].end if i else 0)
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


def run_drafts(run: Run, work: str, r: Rules) -> list[Draft]:
    found = _run_drafts(run, r)
    return [] if found and placeholder(work, run, found, r) else found


def _run_drafts(run: Run, r: Rules) -> list[Draft]:
    mk = run.marker
    start = min([mk.start] + [s for k, s in run.prefix if k != "filler"])
    prefix = run.prefix + run.shared_prefix
    if not run.groups and not run.shared:
        rd = add_prefix(Reading(start, mk.end), prefix)
        return drafts(rd, mk.genes, (start, mk.end), r, mk.alteration, mk.result)
    out = []
    for i, group in enumerate(run.groups or run.shared):
        rd = read_group(group, r)
        if i == 0:
            add_prefix(rd, prefix)
        span = (mk.start, mk.end) if not run.groups else (start, rd.end) if i == 0 else (rd.start, rd.end)
        out += drafts(rd, mk.genes, span, r, mk.alteration, mk.result)
    return out


def _nearest(markers: list[Marker], pos: int) -> tuple[str, ...] | None:
    before = [m for m in markers if m.genes and m.end <= pos and pos - m.end <= ORPHAN_BEFORE]
    if before:
        return before[-1].genes
    after = [m for m in markers if m.genes and m.start >= pos and m.start - pos <= ORPHAN_AFTER]
    return after[0].genes if after else None


def orphan_genes(rd: Reading, markers: list[Marker], r: Rules) -> tuple[str, ...] | None:
    """The genes of an attribute group written apart from any gene (step 4), None when there is none."""
    named = [r.variant_genes[key] for v, key in rd.variants if v and key in r.variant_genes]
    if named:
        return (named[0],)
    if rd.scale in ("TPS", "CPS"):
        return ("CD274",)
    if rd.scale == "mut/Mb":
        return ()
    return _nearest(markers, rd.start)


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
            rd = _orphan_reading(group, r)
            genes = orphan_genes(rd, markers, r) if rd is not None else None
            if genes is not None:
                out += drafts(rd, genes, (rd.start, rd.end), r, "tmb" if rd.scale == "mut/Mb" else None)
    return out


def unique(found: list[Draft]) -> list[Draft]:
    """The same record twice over overlapping text once; in text order."""
    out: list[Draft] = []
    for d in sorted(found, key=lambda x: (x.start, x.end)):
        key = (d.gene, d.alteration, d.variant, d.exon, d.scale, d.result, d.comparator, d.value)
        if not any(o.start < d.end and d.start < o.end and key == (o.gene, o.alteration, o.variant, o.exon, o.scale,
                                                                     o.result, o.comparator, o.value) for o in out):
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
    markers = find_markers(work, present, r, genes)
    orphans = may_have_orphans(work, present)
    if not markers and not orphans:
        return []
    runs = runs_of(work, markers, r)
    share_in_lists(runs, work)
    found = [d for run in runs for d in run_drafts(run, work, r)]
    covered = [(run.marker.start, max(run.end, run.marker.end)) for run in runs]
    return unique(found + (orphan_drafts(work, markers, covered, r) if orphans else []))


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
