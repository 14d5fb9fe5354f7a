"""The Chia scorers: the segmenter against Chia's one-criterion-per-line files, and lab thresholds, time windows,
drugs and the other facts against our Chia-derived gold (annotations/thresholds/chia.jsonl,
annotations/facts/chia.jsonl), line by line."""

from __future__ import annotations

from pathlib import Path

from ..evaluate.facts import FACT_TYPES, diff_items, fact_key, pred_fact_rows
from ..evaluate.metrics import Counts
from ..evaluate.thresholds import FieldCounts, pred_threshold_rows, score_thresholds
from ..evaluate.trees import Span, TreeCounts, score_tree
from ..schema import ChiaGoldFact, ChiaGoldThreshold
from .brat import iter_brat_files, line_of, split_trials, trial_ids
from .trials import parse_chia_trial

def score_chia(brat_dir: Path, limit: int | None = None) -> tuple[Counts, int]:
    """Boundary P/R/F1 of the segmenter against Chia's one-criterion-per-line files (micro over trials)."""
    total, n = TreeCounts(), 0
    for trial in trial_ids(brat_dir)[:limit]:
        t = parse_chia_trial(brat_dir, trial)
        off = t.result.source.offset
        total += score_tree(t.text, t.gold,
                            [Span(c.start + off, c.end + off, c.section, None) for c in t.result.criteria])
        n += 1
    return total, n


def chia_scored_lines(brat_dir: Path, trials: set[str]) -> set[tuple[str, str, int]]:
    """The Chia lines a threshold annotator reads: every line with a Measurement -Has_value-> Value pair."""
    out = set()
    for f in iter_brat_files(brat_dir, sorted(trials)):
        for rel in f.relations:
            m = f.entities.get(rel.arg1)
            if rel.type == "Has_value" and m is not None and m.type == "Measurement":
                out.add((f.trial, f.section, line_of(f.text, m.start)))
    return out


def score_chia_thresholds(brat_dir: Path, gold_path: Path, splits: tuple[str, ...] = ("test", "dev")) -> dict[str, FieldCounts]:
    """Lab thresholds against annotations/thresholds/chia.jsonl, line by line, per split."""
    gold = [ChiaGoldThreshold.model_validate_json(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    split_of = {t: s for s, ts in split_trials(trial_ids(brat_dir)).items() for t in ts}
    out: dict[str, FieldCounts] = {}
    for split in splits:
        trials = {t for t, s in split_of.items() if s == split}
        lines = chia_scored_lines(brat_dir, trials)
        gold_by: dict[tuple, list[dict]] = {}
        for g in gold:
            if split_of.get(g.trial) == split:
                gold_by.setdefault((g.trial, g.section, g.line), []).append(g.model_dump())
        lines |= set(gold_by)
        pred_by: dict[tuple, list[dict]] = {}
        for trial in sorted({t for t, _, _ in lines}):
            parsed = parse_chia_trial(brat_dir, trial)
            for row in pred_threshold_rows(parsed.result):
                pred_by.setdefault(parsed.line_key(row["start"]), []).append(row)
        total = FieldCounts()
        for key in lines:
            total += score_thresholds(gold_by.get(key, []), pred_by.get(key, []), overlap=False)
        out[f"chia-{split}"] = total
    return out


RECORD_KINDS = {"time_window": "time_windows", "drug": "drugs", "fact": "facts"}  # gold record type -> result list


def read_chia_lines(path: Path) -> dict[tuple[str, str, int], tuple[str, ...]]:
    """annotations/facts/chia_lines.txt: every line the annotators read, with the kinds annotated on it
    (a fourth column `all`, or record types such as `fact`; missing means all)."""
    out: dict[tuple[str, str, int], tuple[str, ...]] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip():
            continue
        t, s, n, *rest = row.split("\t")
        kinds = rest[0].split(",") if rest and rest[0] != "all" else list(RECORD_KINDS)
        out[(t, s, int(n))] = tuple(RECORD_KINDS[k] for k in kinds)
    return out


def _distinct(kind: str, items: list[dict]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for x in items:
        seen.setdefault(fact_key(kind, x), x)
    return list(seen.values())


def score_chia_facts(brat_dir: Path, gold_path: Path, errors: list[dict] | None = None) -> dict[str, Counts]:
    """Time windows, drugs and facts against annotations/facts/chia.jsonl, line by line (the lines annotated,
    each for the kinds annotated on it); facts also per split. With `errors`, each line's missed and extra
    items are appended to it."""
    gold = [ChiaGoldFact.model_validate_json(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    read = gold_path.with_name("chia_lines.txt")  # every line the annotators read, with or without records
    lines = read_chia_lines(read) if read.exists() else {}
    for g in gold:
        lines.setdefault((g.trial, g.section, g.line), FACT_TYPES)
    gold_by: dict[tuple, list[dict]] = {}
    for g in gold:
        d = g.model_dump()
        if g.type == "fact":
            d = {"kind": g.kind, "value": g.value}
        elif g.type == "drug":
            d = {"kind": g.kind, "id": g.id, "classes": g.classes}
        gold_by.setdefault((g.trial, g.section, g.line, RECORD_KINDS[g.type]), []).append(d)
    pred_by: dict[tuple, list[dict]] = {}
    for trial in sorted({t for t, _, _ in lines}):
        parsed = parse_chia_trial(brat_dir, trial)
        for kind in FACT_TYPES:
            for row in pred_fact_rows(parsed.result, kind):
                pred_by.setdefault((*parsed.line_key(row["start"]), kind), []).append(row)
    split_of = {t: s for s, ts in split_trials(trial_ids(brat_dir)).items() for t in ts}
    out = {k: Counts() for k in FACT_TYPES}
    for (t, s, n), kinds in sorted(lines.items()):
        for kind in kinds:
            gold_items, pred_items = gold_by.get((t, s, n, kind), []), pred_by.get((t, s, n, kind), [])
            if kind == "facts":  # a line's facts are a set: "pregnant ... positive pregnancy test" states one fact
                gold_items, pred_items = _distinct(kind, gold_items), _distinct(kind, pred_items)
            tp, missed, extra = diff_items(gold_items, pred_items, kind, overlap=False)
            c = Counts(tp=tp, fp=len(extra), fn=len(missed))
            if errors is not None and (missed or extra):
                errors.append({"trial": t, "section": s, "line": n, "kind": kind,
                               "missed": [fact_key(kind, x) for x in missed],
                               "extra": [(*fact_key(kind, x), x.get("text")) for x in extra]})
            out[kind] += c
            if kind == "facts":
                out.setdefault(f"facts-{split_of.get(t, 'other')}", Counts())
                out[f"facts-{split_of.get(t, 'other')}"] += c
    return out
