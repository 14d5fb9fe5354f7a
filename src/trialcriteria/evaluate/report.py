"""Scores as tables (the CLI only prints them), and the scoring of a gold folder: criterion trees, lab thresholds,
time windows, drugs and facts, whichever of them the folder holds."""

from __future__ import annotations

import json
from pathlib import Path

from ..schema import TrialResult
from .facts import score_fact_docs
from .gold import load_facts, load_thresholds, load_trees
from .metrics import Counts, total
from .thresholds import FIELDS, FieldCounts, score_threshold_docs
from .trees import TreeReport, score_trees


def format_table(report: TreeReport) -> str:
    head = f"{'document':<14} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'section':>8} {'parent':>7}"
    rows = [head, "-" * len(head)]
    for doc, c in list(report.per_doc.items()) + [("micro", report.micro)]:
        if doc == "micro":
            rows.append("-" * len(head))
        rows.append(f"{doc:<14} {c.tp + c.fn:>5} {c.tp + c.fp:>5} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} "
                    f"{c.section_accuracy:>8.3f} {c.parent_accuracy:>7.3f}")
    if report.missing:
        rows.append("not scored (no prediction): " + ", ".join(report.missing))
    return "\n".join(rows)


def format_threshold_table(rows: dict[str, FieldCounts]) -> str:
    head = f"{'document':<16} {'gold':>5} {'pred':>5} {'strict P':>9} {'R':>6} {'F1':>6} " + " ".join(f"{f[:8]:>9}" for f in FIELDS)
    lines = [head, "-" * len(head)]
    micro = FieldCounts()
    for name, c in rows.items():
        micro += c
    for name, c in list(rows.items()) + [("micro", micro)]:
        r = c.row()
        if name == "micro":
            lines.append("-" * len(head))
        lines.append(f"{name:<16} {c.gold:>5} {c.pred:>5} {r['strict']['precision']:>9.3f} {r['strict']['recall']:>6.3f} "
                     f"{r['strict']['f1']:>6.3f} " + " ".join(f"{r[f]['f1']:>9.3f}" for f in FIELDS))
    lines.append("(per-field columns are F1)")
    return "\n".join(lines)


def format_fact_table(rows: dict[str, Counts]) -> str:
    head = f"{'kind':<14} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"
    lines = [head, "-" * len(head)]
    for name, c in rows.items():
        lines.append(f"{name:<14} {c.tp + c.fn:>5} {c.tp + c.fp:>5} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}")
    return "\n".join(lines)


def gold_kinds(gold: Path) -> tuple[Path | None, Path | None, Path | None]:
    """(tree gold, threshold gold, facts gold) found at a path: annotations/ (its trees/, thresholds/ and
    facts/seed-*.json), a folder of one kind, or a single file."""
    if gold.is_dir() and (gold / "trees").is_dir():
        thresholds = gold / "thresholds"
        facts = gold / "facts"
        return (gold / "trees", thresholds if thresholds.is_dir() and any(thresholds.glob("*.json")) else None,
                facts if facts.is_dir() and any(facts.glob("seed-*.json")) else None)
    files = sorted(gold.glob("*.json")) if gold.is_dir() else [gold]
    sample = json.loads(files[0].read_text(encoding="utf-8")) if files else {}
    return (gold, None, None) if "criteria" in sample else (None, gold, None)


def score_gold(preds: list[TrialResult], gold: Path, repo: Path, shared: Path) -> dict:
    """Every score of the predictions against the gold at `gold`: {'trees': TreeReport, 'lab_thresholds':
    {doc: FieldCounts}, 'facts': {kind: Counts (micro)}}, for the kinds present."""
    trees, thresholds, facts = gold_kinds(gold)
    out: dict = {}
    if trees is not None:
        out["trees"] = score_trees(preds, load_trees(trees), repo, shared)
    if thresholds is not None:
        out["lab_thresholds"] = score_threshold_docs(preds, load_thresholds(thresholds))[0]
    if facts is not None:
        out["facts"] = {kind: total(docs.values()) for kind, docs in score_fact_docs(preds, load_facts(facts)).items()}
    return out


def format_report(report: dict) -> str:
    parts = []
    if "trees" in report:
        parts.append("Criterion trees\n" + format_table(report["trees"]))
    if "lab_thresholds" in report:
        parts.append("\nLab thresholds\n" + format_threshold_table(report["lab_thresholds"]))
    if "facts" in report:
        parts.append("\nTime windows (duration, comparator, anchor), drugs (kind, id, classes), facts (kind, value)\n"
                     + format_fact_table(report["facts"]))
    return "\n".join(parts)


def report_json(report: dict) -> dict:
    out = {}
    if "trees" in report:
        out["trees"] = report["trees"].to_dict()
    if "lab_thresholds" in report:
        out["lab_thresholds"] = {k: v.row() for k, v in report["lab_thresholds"].items()}
    if "facts" in report:
        out["facts"] = {k: v.row() for k, v in report["facts"].items()}
    return out
