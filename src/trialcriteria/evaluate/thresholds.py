"""Lab thresholds: strict matches (analyte, comparator, value, unit, reference all equal) and per-field agreement
of the pairs made greedily (strict matches first, then records of the same analyte, then any overlap)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import TrialResult
from .gold import gold_key, predictions_by_key
from .metrics import prf

FIELDS = ("analyte", "comparator", "value", "unit", "reference", "condition", "sex")


def _key(t: dict) -> tuple:
    return (t["analyte"], t["comparator"], round(float(t["value"]), 6), t.get("unit"), t.get("reference", "absolute"))


@dataclass
class FieldCounts:
    gold: int = 0
    pred: int = 0
    strict_tp: int = 0
    field_tp: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})

    def __iadd__(self, other: "FieldCounts") -> "FieldCounts":
        self.gold += other.gold
        self.pred += other.pred
        self.strict_tp += other.strict_tp
        for f in FIELDS:
            self.field_tp[f] += other.field_tp[f]
        return self

    @staticmethod
    def _prf(tp: int, pred: int, gold: int) -> dict:
        p, r, f1 = prf(tp, pred - tp, gold - tp)
        return {"precision": p, "recall": r, "f1": f1}

    def row(self) -> dict:
        out = {"gold": self.gold, "pred": self.pred, "strict": self._prf(self.strict_tp, self.pred, self.gold)}
        for f in FIELDS:
            out[f] = self._prf(self.field_tp[f], self.pred, self.gold)
        return out


def _cond_equal(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    norm = lambda s: " ".join(s.lower().replace("(", " ").replace(")", " ").split())  # noqa: E731
    return norm(gold) == norm(pred)


def pair_thresholds(gold: list[dict], pred: list[dict], overlap: bool) -> tuple[int, list[tuple[dict, dict]]]:
    """(strict matches, pairs): strict matches (analyte, comparator, value, unit, reference all equal) first,
    then records of the same analyte, then any remaining overlap. With `overlap`, a prediction can only pair
    with a gold record whose [start, end) it overlaps (same document); without it, records are compared within
    one unit (a Chia line)."""
    free_p = list(range(len(pred)))

    def near(g, p):
        return not overlap or (p["start"] < g["end"] and g["start"] < p["end"])

    pairs, free_g, strict = [], [], 0
    for gi, g in enumerate(gold):
        hit = next((pi for pi in free_p if near(g, pred[pi]) and _key(g) == _key(pred[pi])), None)
        if hit is None:
            free_g.append(gi)
            continue
        free_p.remove(hit)
        strict += 1
        pairs.append((g, pred[hit]))
    for rule in (lambda g, p: near(g, p) and g["analyte"] == p["analyte"], near):
        rest = []
        for gi in free_g:
            g = gold[gi]
            hit = next((pi for pi in free_p if rule(g, pred[pi])), None)
            if hit is None:
                rest.append(gi)
            else:
                free_p.remove(hit)
                pairs.append((g, pred[hit]))
        free_g = rest
    return strict, pairs


def score_thresholds(gold: list[dict], pred: list[dict], overlap: bool) -> FieldCounts:
    """Strict matches and per-field agreement of the pairs (see pair_thresholds)."""
    strict, pairs = pair_thresholds(gold, pred, overlap)
    counts = FieldCounts(gold=len(gold), pred=len(pred), strict_tp=strict)
    for g, p in pairs:
        for f in FIELDS:
            if f == "condition":
                counts.field_tp[f] += _cond_equal(g.get("condition"), p.get("condition"))
            elif f == "value":
                counts.field_tp[f] += abs(float(g["value"]) - float(p["value"])) < 1e-6
            else:
                counts.field_tp[f] += g.get(f) == p.get(f)
    return counts


def pred_threshold_rows(result: TrialResult) -> list[dict]:
    """A result's thresholds as flat dicts in source coordinates (condition as text)."""
    off = result.source.offset
    rows = []
    for c in result.criteria:
        for t in c.lab_thresholds:
            rows.append({"analyte": t.analyte, "comparator": t.comparator, "value": t.value, "unit": t.unit,
                         "reference": t.reference, "condition": t.condition.text if t.condition else None, "sex": t.sex,
                         "start": t.start + off, "end": t.end + off, "criterion": c.id, "status": c.status,
                         "polarity": t.context.polarity if getattr(t, "context", None) is not None else None})
    return rows


def score_threshold_docs(preds: list[TrialResult], golds: list) -> tuple[dict[str, FieldCounts], list[str]]:
    """Per gold document: thresholds matched to predictions whose span overlaps (source coordinates)."""
    by_key = predictions_by_key(preds)
    rows: dict[str, FieldCounts] = {}
    missing: list[str] = []
    for doc in golds:
        pred = by_key.get(gold_key(doc.source))
        if pred is None:
            missing.append(doc.doc_id)
            continue
        gold = [t.model_dump() for t in doc.thresholds]
        rows[doc.doc_id] = score_thresholds(gold, pred_threshold_rows(pred), overlap=True)
    return rows, missing
