"""Time windows (duration, comparator, anchor), drugs (kind, id, classes) and facts (kind, value): multiset
matching of their keys, within overlapping spans (documents) or within a unit of text (a Chia line)."""

from __future__ import annotations

from ..schema import TrialResult
from .metrics import Counts

FACT_TYPES = ("time_windows", "drugs", "facts")


def fact_key(kind: str, item: dict) -> tuple:
    if kind == "time_windows":
        return (item.get("duration"), item.get("comparator"), item.get("anchor"))
    if kind == "drugs":
        return (item.get("kind"), item.get("id"), tuple(sorted(item.get("classes") or [])))
    return (item.get("kind"), item.get("value"))


def match_items(gold: list[dict], pred: list[dict], kind: str, overlap: bool
                ) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Multiset matching of keys; with `overlap`, a match also needs overlapping spans.
    Returns (matched (gold, predicted) pairs, gold items missed, predicted items left over)."""
    free = list(range(len(pred)))
    pairs, missed = [], []
    for g in gold:
        hit = next((i for i in free if fact_key(kind, pred[i]) == fact_key(kind, g) and
                    (not overlap or (pred[i]["start"] < g["end"] and g["start"] < pred[i]["end"]))), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
            pairs.append((g, pred[hit]))
    return pairs, missed, [pred[i] for i in free]


def diff_items(gold: list[dict], pred: list[dict], kind: str, overlap: bool) -> tuple[int, list[dict], list[dict]]:
    """match_items, counting the matches: (matched, gold items missed, predicted items left over)."""
    pairs, missed, extra = match_items(gold, pred, kind, overlap)
    return len(pairs), missed, extra


def score_items(gold: list[dict], pred: list[dict], kind: str, overlap: bool) -> Counts:
    tp, missed, extra = diff_items(gold, pred, kind, overlap)
    return Counts(tp=tp, fp=len(extra), fn=len(missed))


def pred_fact_rows(result: TrialResult, kind: str) -> list[dict]:
    """A result's records of one kind as dicts in source coordinates, with their criterion's id and status and
    their polarity."""
    off = result.source.offset
    rows = []
    for c in result.criteria:
        for item in getattr(c, kind):
            d = item.model_dump()
            d["start"] += off
            d["end"] += off
            ctx = getattr(item, "context", None)
            d.update(criterion=c.id, status=c.status, polarity=ctx.polarity if ctx is not None else None)
            rows.append(d)
    return rows
