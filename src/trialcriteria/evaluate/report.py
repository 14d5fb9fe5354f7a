"""Scores as tables (the CLI only prints them), and the scoring of a gold folder: criterion trees, lab thresholds,
time windows, drugs, facts, conditions, procedures and biomarkers, whichever of them the folder holds."""

from __future__ import annotations

import json
from pathlib import Path

from ..schema import TrialResult
from .attributes import Agreement, agreement
from .biomarkers import format_biomarkers, score_biomarkers
from .coding import coding_gold, format_coding, score_coding
from .facts import FACT_TYPES, fact_key, match_items, pred_fact_rows
from .gold import gold_key, load_coding, load_facts, load_thresholds, load_trees, predictions_by_key
from .metrics import Counts
from .thresholds import FIELDS, FieldCounts, pair_thresholds, pred_threshold_rows, score_thresholds
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
    """(tree gold, threshold gold, facts gold) found at a path: a gold folder (its trees/, thresholds/ and
    facts/*.json: annotations/ or annotations/real/), a folder of one kind, or a single file."""
    if gold.is_dir() and (gold / "trees").is_dir():
        thresholds = gold / "thresholds"
        facts = gold / "facts"
        return (gold / "trees", thresholds if thresholds.is_dir() and any(thresholds.glob("*.json")) else None,
                facts if facts.is_dir() and any(facts.glob("*.json")) else None)
    files = sorted(gold.glob("*.json")) if gold.is_dir() else [gold]
    sample = json.loads(files[0].read_text(encoding="utf-8")) if files else {}
    if "kinds" in sample:  # coded conditions, procedures and biomarkers: coding_gold
        return None, None, None
    return (gold, None, None) if "criteria" in sample else (None, gold, None)


def coded_docs(gold: Path) -> Path | None:
    """The coded gold at a path (biomarkers are scored wherever it is): the coding gold of `coding_gold`
    (annotations/coding, annotations/real/coding), or any folder or file of coded documents
    (annotations/coding/biomarkers)."""
    found = coding_gold(gold) if gold.is_dir() else None
    if found is not None:
        return found
    files = sorted(gold.glob("*.json")) if gold.is_dir() else [gold]
    sample = json.loads(files[0].read_text(encoding="utf-8")) if files else {}
    return gold if "kinds" in sample else None


def sample_file(gold: Path) -> Path | None:
    """The file naming the split of each document: the folder's sample.tsv, else the parent's
    <folder, singular>_sample.tsv (annotations/coding/biomarker_sample.tsv), else the parent's sample.tsv."""
    folder = gold if gold.is_dir() else gold.parent
    for candidate in (folder / "sample.tsv", folder.parent / f"{folder.name.rstrip('s')}_sample.tsv",
                      folder.parent / "sample.tsv"):
        if candidate.exists():
            return candidate
    return None


def split_docs(gold: Path, split: str | None) -> set[str] | None:
    """The documents of a split ('dev', 'test') listed in the gold's sample file (`sample_file`); None for all."""
    if split is None:
        return None
    sample = sample_file(gold)
    if sample is None:
        raise ValueError(f"{gold}: no sample.tsv names the documents of split {split!r}")
    rows = [ln.split("\t") for ln in sample.read_text(encoding="utf-8").splitlines()]
    col = {name: i for i, name in enumerate(rows[0])}
    docs = {r[col["id"]] for r in rows[1:] if r and r[col["split"]] == split}
    if not docs:
        raise ValueError(f"{sample}: no document in split {split!r}")
    return docs


def _error_rows(doc_id: str, kind: str, missed: list[dict], extra: list[dict], pairs: list[tuple[dict, dict]],
                 key) -> list[dict]:
    """One row per missed or extra record, and per matched pair whose polarity or timing differs."""
    rows = [{"doc": doc_id, "kind": kind, "error": "missed", "text": g.get("text"), "start": g.get("start"),
             "gold": key(g)} for g in missed]
    rows += [{"doc": doc_id, "kind": kind, "error": "extra", "text": p.get("text"), "start": p.get("start"),
              "pred": key(p), "criterion": p.get("criterion")} for p in extra]
    for g, p in pairs:
        for field in ("polarity", "timing"):
            if g.get(field) is not None and p.get(field) != g[field]:
                rows.append({"doc": doc_id, "kind": kind, "error": field, "text": g.get("text"), "start": g.get("start"),
                             "gold": g[field], "pred": p.get(field), "criterion": p.get("criterion"),
                             "status": p.get("status")})
    return rows


def score_gold(preds: list[TrialResult], gold: Path, repo: Path, shared: Path, docs: set[str] | None = None,
               errors: list[dict] | None = None) -> dict:
    """Every score of the predictions against the gold at `gold` (only the documents `docs`, when given):
    {'trees': TreeReport, 'lab_thresholds': {doc: FieldCounts}, 'facts': {kind: Counts (micro)}, 'attributes':
    {name: Agreement}}, for the kinds present. Attributes are the polarity of each kind, and drug timing, over the
    matched records whose gold gives them."""
    trees, thresholds, facts = gold_kinds(gold)

    def keep(items):
        return [d for d in items if docs is None or d.doc_id in docs]

    out: dict = {"attributes": {}}
    if trees is not None:
        out["trees"] = score_trees(preds, keep(load_trees(trees)), repo, shared, errors)
    by_key = predictions_by_key(preds)
    if thresholds is not None:
        rows, pol = {}, Agreement()
        for doc in keep(load_thresholds(thresholds)):
            pred = by_key.get(gold_key(doc.source))
            if pred is None:
                continue
            gold_rows, pred_rows = [t.model_dump() for t in doc.thresholds], pred_threshold_rows(pred)
            rows[doc.doc_id] = score_thresholds(gold_rows, pred_rows, overlap=True)
            pairs = pair_thresholds(gold_rows, pred_rows, overlap=True)[1]
            pol += agreement(pairs, "polarity")
            if errors is not None:
                errors += _threshold_errors(doc.doc_id, gold_rows, pred_rows, pairs)
        out["lab_thresholds"] = rows
        out["attributes"]["lab_thresholds polarity"] = pol
    if facts is not None:
        counts = {k: Counts() for k in FACT_TYPES}
        attrs = {f"{k} polarity": Agreement() for k in FACT_TYPES} | {"drugs timing": Agreement()}
        for doc in keep(load_facts(facts, "*.json")):
            pred = by_key.get(gold_key(doc.source))
            if pred is None:
                continue
            for kind in FACT_TYPES:
                pairs, missed, extra = match_items([x.model_dump() for x in getattr(doc, kind)],
                                                   pred_fact_rows(pred, kind), kind, overlap=True)
                counts[kind] += Counts(tp=len(pairs), fp=len(extra), fn=len(missed))
                if errors is not None:
                    errors += _error_rows(doc.doc_id, kind, missed, extra, pairs, lambda x, k=kind: fact_key(k, x))
                attrs[f"{kind} polarity"] += agreement(pairs, "polarity")
                if kind == "drugs":
                    attrs["drugs timing"] += agreement(pairs, "timing")
        out["facts"] = counts
        out["attributes"].update(attrs)
    coding = coding_gold(gold)
    if coding is not None:
        out["coding"] = score_coding(by_key, keep(load_coding(coding)), errors, out["attributes"])
    coded = coded_docs(gold)
    if coded is not None:
        out["biomarkers"] = score_biomarkers(keep(load_coding(coded)), by_key, gold_key, errors)
        if out["biomarkers"].documents:
            out["attributes"]["biomarkers polarity"] = out["biomarkers"].polarity
    return out


def _threshold_errors(doc_id: str, gold: list[dict], pred: list[dict], pairs: list[tuple[dict, dict]]) -> list[dict]:
    def key(t: dict) -> tuple:
        return (t["analyte"], t["comparator"], t["value"], t.get("unit"), t.get("reference"), t.get("condition"), t.get("sex"))

    paired_g, paired_p = {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}
    rows = _error_rows(doc_id, "lab_thresholds", [g for g in gold if id(g) not in paired_g],
                       [p for p in pred if id(p) not in paired_p], pairs, key)
    rows += [{"doc": doc_id, "kind": "lab_thresholds", "error": "fields", "text": g.get("text"), "start": g.get("start"),
              "gold": key(g), "pred": key(p)} for g, p in pairs if key(g) != key(p)]
    return rows


def format_attributes(attrs: dict[str, Agreement]) -> str:
    head = f"{'attribute':<26} {'compared':>8} {'agreed':>7} {'accuracy':>8} {'errors on structured criteria':>30}"
    lines = [head, "-" * len(head)]
    for name, a in attrs.items():
        if a.compared:
            lines.append(f"{name:<26} {a.compared:>8} {a.agreed:>7} {a.accuracy:>8.3f} {a.structured_errors:>30}")
    total_errors = sum(a.structured_errors for k, a in attrs.items() if k.endswith("polarity"))
    lines.append(f"polarity errors on structured criteria, all kinds: {total_errors}")
    return "\n".join(lines)


def format_report(report: dict) -> str:
    parts = []
    if "trees" in report:
        parts.append("Criterion trees\n" + format_table(report["trees"]))
    if "lab_thresholds" in report:
        parts.append("\nLab thresholds\n" + format_threshold_table(report["lab_thresholds"]))
    if "facts" in report:
        parts.append("\nTime windows (duration, comparator, anchor), drugs (kind, id, classes), facts (kind, value)\n"
                     + format_fact_table(report["facts"]))
    if "coding" in report:
        parts.append("\nConditions (MeSH) and procedures: mentions matched by overlap; coded F1 needs the exact code\n"
                     + format_coding(report["coding"]))
    if "biomarkers" in report and report["biomarkers"].documents:
        parts.append("\nBiomarkers (mentions by overlap; coded = gene, alteration, variant and result)\n"
                     + format_biomarkers(report["biomarkers"]))
    if any(a.compared for a in report.get("attributes", {}).values()):
        trees = report.get("trees")
        micro = trees.micro if trees is not None else None
        extra = "" if micro is None else (
            f"\nlogic of nodes with two children or more: {micro.logic_ok} of {micro.logic_total} right "
            f"({micro.logic_accuracy:.3f}); gold text no criterion covers: {micro.lost_chars} of {micro.gold_chars} "
            f"characters")
        parts.append("\nPolarity and timing of matched records" + extra + "\n" + format_attributes(report["attributes"]))
    return "\n".join(parts)


def report_json(report: dict) -> dict:
    out = {}
    if "trees" in report:
        out["trees"] = report["trees"].to_dict()
    if "lab_thresholds" in report:
        out["lab_thresholds"] = {k: v.row() for k, v in report["lab_thresholds"].items()}
    if "facts" in report:
        out["facts"] = {k: v.row() for k, v in report["facts"].items()}
    if "coding" in report:
        out["coding"] = {k: v.row() for k, v in report["coding"].items()}
    if "biomarkers" in report:
        out["biomarkers"] = report["biomarkers"].row()
    if report.get("attributes"):
        out["attributes"] = {k: v.row() for k, v in report["attributes"].items()}
    return out
