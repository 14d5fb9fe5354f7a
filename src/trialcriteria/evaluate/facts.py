"""Time windows (duration, comparator, anchor), drugs (kind, id, classes) and facts (kind, value): multiset
matching of their keys, within overlapping spans (documents) or within a unit of text (a Chia line)."""

from __future__ import annotations

from ..schema import TrialResult
from .gold import gold_key, predictions_by_key
from .metrics import Counts

FACT_TYPES = ("time_windows", "drugs", "facts")


def fact_key(kind: str, item: dict) -> tuple:
    if kind == "time_windows":
        return (item.get("duration"), item.get("comparator"), item.get("anchor"))
    if kind == "drugs":
        return (item.get("kind"), item.get("id"), tuple(sorted(item.get("classes") or [])))
    return (item.get("kind"), item.get("value"))


def diff_items(gold: list[dict], pred: list[dict], kind: str, overlap: bool) -> tuple[int, list[dict], list[dict]]:
    """Multiset matching of keys; with `overlap`, a match also needs overlapping spans.
    Returns (matched, gold items missed, predicted items left over)."""
    free = list(range(len(pred)))
    missed = []
    for g in gold:
        hit = next((i for i in free if fact_key(kind, pred[i]) == fact_key(kind, g) and
                    (not overlap or (pred[i]["start"] < g["end"] and g["start"] < pred[i]["end"]))), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
    return len(gold) - len(missed), missed, [pred[i] for i in free]


def score_items(gold: list[dict], pred: list[dict], kind: str, overlap: bool) -> Counts:
    tp, missed, extra = diff_items(gold, pred, kind, overlap)
    return Counts(tp=tp, fp=len(extra), fn=len(missed))


def pred_fact_rows(result: TrialResult, kind: str) -> list[dict]:
    off = result.source.offset
    rows = []
    for c in result.criteria:
        for item in getattr(c, kind):
            d = item.model_dump()
            d["start"] += off
            d["end"] += off
            rows.append(d)
    return rows


def score_fact_docs(preds: list[TrialResult], golds: list) -> dict[str, dict[str, Counts]]:
    """{kind: {doc_id: Counts}} for time windows, drugs and facts."""
    by_key = predictions_by_key(preds)
    out: dict[str, dict[str, Counts]] = {k: {} for k in FACT_TYPES}
    for doc in golds:
        pred = by_key.get(gold_key(doc.source))
        if pred is None:
            continue
        for kind in FACT_TYPES:
            gold = [x.model_dump() for x in getattr(doc, kind)]
            out[kind][doc.doc_id] = score_items(gold, pred_fact_rows(pred, kind), kind, overlap=True)
    return out
