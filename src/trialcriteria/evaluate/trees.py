"""Criterion trees: a predicted node counts when its whitespace-trimmed [start, end) in the source document
equals a gold node's. Section accuracy and parent accuracy are computed over the matched nodes: a parent is
right when both are top-level or when the predicted parent's span equals the gold parent's span."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..schema import GoldTree, TrialResult
from .gold import gold_key, predictions_by_key, source_text
from .metrics import Counts, total


@dataclass
class TreeCounts(Counts):
    section_ok: int = 0
    parent_ok: int = 0
    logic_ok: int = 0  # matched gold nodes with two children or more whose logic (all / any) is right
    logic_total: int = 0
    gold_chars: int = 0  # non-space characters of the gold nodes
    lost_chars: int = 0  # ... that no predicted criterion covers

    @property
    def section_accuracy(self) -> float:
        return self.section_ok / self.tp if self.tp else 1.0

    @property
    def parent_accuracy(self) -> float:
        return self.parent_ok / self.tp if self.tp else 1.0

    @property
    def logic_accuracy(self) -> float:
        return self.logic_ok / self.logic_total if self.logic_total else 1.0

    def row(self) -> dict:
        return {**super().row(), "section_accuracy": self.section_accuracy, "parent_accuracy": self.parent_accuracy,
                "logic_accuracy": self.logic_accuracy}


@dataclass
class Span:
    start: int
    end: int
    section: str
    parent: tuple[int, int] | None
    logic: str | None = None
    children: int = 0  # children other than notes


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def score_tree(source_text: str, gold: list[Span], pred: list[Span]) -> TreeCounts:
    """Compare two trees over the same source text (spans already in source coordinates)."""
    gold_by = {trim(source_text, g.start, g.end): g for g in gold}
    counts = TreeCounts()
    seen = set()
    for p in pred:
        key = trim(source_text, p.start, p.end)
        g = gold_by.get(key)
        if g is None or key in seen:
            counts.fp += 1
            continue
        seen.add(key)
        counts.tp += 1
        counts.section_ok += g.section == p.section
        gp = trim(source_text, *g.parent) if g.parent else None
        pp = trim(source_text, *p.parent) if p.parent else None
        counts.parent_ok += gp == pp
        if g.children >= 2 and g.logic is not None:
            counts.logic_total += 1
            counts.logic_ok += g.logic == p.logic
    counts.fn = len(gold_by) - len(seen)
    covered = bytearray(len(source_text))
    for p in pred:
        covered[p.start : p.end] = b"\x01" * (p.end - p.start)
    for g in gold:
        for i in range(g.start, g.end):
            if not source_text[i].isspace():
                counts.gold_chars += 1
                counts.lost_chars += not covered[i]
    return counts


def _children(nodes) -> dict[str, int]:
    out: dict[str, int] = {}
    for n in nodes:
        if n.parent_id is not None and n.kind != "note":
            out[n.parent_id] = out.get(n.parent_id, 0) + 1
    return out


def gold_spans(tree: GoldTree) -> list[Span]:
    by_id = {n.id: n for n in tree.criteria}
    kids = _children(tree.criteria)
    return [
        Span(n.start, n.end, n.section,
             (by_id[n.parent_id].start, by_id[n.parent_id].end) if n.parent_id else None, n.logic, kids.get(n.id, 0))
        for n in tree.criteria
    ]


def pred_spans(result: TrialResult) -> list[Span]:
    off = result.source.offset
    by_id = {c.id: c for c in result.criteria}
    kids = _children(result.criteria)
    return [
        Span(c.start + off, c.end + off, c.section,
             (by_id[c.parent_id].start + off, by_id[c.parent_id].end + off) if c.parent_id else None,
             getattr(c, "logic", None), kids.get(c.id, 0))
        for c in result.criteria
    ]


@dataclass
class TreeReport:
    per_doc: dict[str, TreeCounts] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # gold documents with no prediction

    @property
    def micro(self) -> TreeCounts:
        return total(self.per_doc.values()) if self.per_doc else TreeCounts()

    def to_dict(self) -> dict:
        return {"per_document": {k: v.row() for k, v in self.per_doc.items()}, "micro": self.micro.row(),
                "missing_predictions": self.missing}


def tree_differences(doc_id: str, text: str, gold: list[Span], pred: list[Span]) -> list[dict]:
    """The nodes of either tree whose span the other lacks, and matched nodes with another section, parent or
    logic."""
    gold_by = {trim(text, g.start, g.end): g for g in gold}
    pred_by = {trim(text, p.start, p.end): p for p in pred}
    rows = []
    for key in sorted(set(gold_by) | set(pred_by)):
        g, p = gold_by.get(key), pred_by.get(key)
        what = "missed" if p is None else "extra" if g is None else None
        if what is None:
            diffs = [f for f, a, b in (("section", g.section, p.section), ("parent", g.parent and trim(text, *g.parent),
                     p.parent and trim(text, *p.parent)), ("logic", g.logic if g.children >= 2 else None,
                     p.logic if g.children >= 2 else None)) if a != b]
            what = ",".join(diffs) or None
        if what:
            rows.append({"doc": doc_id, "kind": "trees", "error": what, "start": key[0], "text": text[key[0] : key[1]][:160]})
    return rows


def score_trees(preds: list[TrialResult], golds: list[GoldTree], repo: Path, shared: Path,
                errors: list[dict] | None = None) -> TreeReport:
    """Match predictions to gold by record (file name and locator), then score each document."""
    by_key = predictions_by_key(preds)
    report = TreeReport()
    for tree in golds:
        pred = by_key.get(gold_key(tree.source))
        if pred is None:  # listed, not scored: a gold directory may hold more documents than were parsed
            report.missing.append(tree.doc_id)
            continue
        text = source_text(tree.source, repo, shared)
        report.per_doc[tree.doc_id] = score_tree(text, gold_spans(tree), pred_spans(pred))
        if errors is not None:
            errors += tree_differences(tree.doc_id, text, gold_spans(tree), pred_spans(pred))
    return report
