"""Conditions and procedures against the coding gold (annotations/coding/seed-*.json,
annotations/real/coding/*.json; annotations/coding/GUIDELINES.md).

Matching: within one document, a predicted mention matches a gold one when their spans overlap (source offsets);
each is used once; among the overlapping candidates, the one with the gold's code comes first, then the largest
overlap. Mention P/R/F1 count these matches. On the matched pairs whose gold has a code:
- conditions: `exact` (the same MeSH id) and `same_or_ancestor` (the same id or a descriptor above it in the MeSH
  parent graph: a broader but true code); `coded` P/R/F1 counts a match only when its MeSH id is exact;
- procedures: `id` (the same vocabulary id) and `site` (the same site, lower case, where the gold gives one);
- both: `polarity`, and for conditions `status` (the same set of qualifiers).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..schema import TrialResult
from .attributes import Agreement, agreement
from .metrics import Counts

KINDS = ("conditions", "procedures")


@dataclass
class Accuracy:
    compared: int = 0
    agreed: int = 0

    def add(self, ok: bool) -> None:
        self.compared += 1
        self.agreed += bool(ok)

    @property
    def accuracy(self) -> float:
        return self.agreed / self.compared if self.compared else 1.0


@dataclass
class CodingScore:
    mentions: Counts = field(default_factory=Counts)
    coded: Counts = field(default_factory=Counts)
    fields: dict[str, Accuracy] = field(default_factory=dict)

    def field(self, name: str) -> Accuracy:
        return self.fields.setdefault(name, Accuracy())

    def row(self) -> dict:
        return {"mentions": self.mentions.row(), "coded": self.coded.row(),
                "fields": {k: {**asdict(v), "accuracy": v.accuracy} for k, v in self.fields.items()}}


def code_of(kind: str, item: dict) -> str | None:
    return item.get("mesh_id") if kind == "conditions" else item.get("id")


def pred_rows(result: TrialResult, kind: str) -> list[dict]:
    """A result's conditions or procedures as dicts in source offsets, with their criterion and polarity."""
    off = result.source.offset
    rows = []
    for c in result.criteria:
        for item in getattr(c, kind):
            d = item.model_dump()
            d.update(start=d["start"] + off, end=d["end"] + off, criterion=c.id, polarity=item.context.polarity,
                     criterion_status=c.status)
            rows.append(d)
    return rows


def match(gold: list[dict], pred: list[dict], kind: str) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(matched pairs, gold missed, predicted left over) by overlapping spans (module docstring)."""
    free = list(range(len(pred)))
    pairs, missed = [], []
    for g in gold:
        if g.get("start") is None:
            missed.append(g)
            continue
        cands = [i for i in free if pred[i]["start"] < g["end"] and g["start"] < pred[i]["end"]]
        if not cands:
            missed.append(g)
            continue
        best = max(cands, key=lambda i: (code_of(kind, pred[i]) == code_of(kind, g),
                                         min(g["end"], pred[i]["end"]) - max(g["start"], pred[i]["start"])))
        free.remove(best)
        pairs.append((g, pred[best]))
    return pairs, missed, [pred[i] for i in free]


def score_pairs(kind: str, pairs: list[tuple[dict, dict]], score: CodingScore, is_a) -> None:
    for g, p in pairs:
        score.field("polarity").add(p.get("polarity") == g["polarity"])
        if kind == "conditions":
            if g.get("mesh_id") is not None:
                score.field("exact").add(p.get("mesh_id") == g["mesh_id"])
                score.field("same_or_ancestor").add(is_a(g["mesh_id"], p.get("mesh_id")))
            score.field("status").add(sorted(p.get("status") or []) == sorted(g.get("status") or []))
        else:
            score.field("id").add(p.get("id") == g["id"])
            if g.get("site"):
                score.field("site").add((p.get("site") or "").lower() == g["site"].lower())


def score_doc(gold: dict, pred: list[dict], kind: str, score: CodingScore, is_a,
              polarity: Agreement | None = None) -> list[dict]:
    """Add one document's counts to `score` (and the polarity agreement of its matched pairs to `polarity`);
    returns its error rows (missed, extra, and code differences)."""
    pairs, missed, extra = match(gold, pred, kind)
    if polarity is not None:
        polarity += agreement([(g, {**p, "status": p.get("criterion_status")}) for g, p in pairs], "polarity")
    score.mentions += Counts(tp=len(pairs), fp=len(extra), fn=len(missed))
    exact = sum(code_of(kind, p) == code_of(kind, g) for g, p in pairs)
    score.coded += Counts(tp=exact, fp=len(pred) - exact, fn=len(gold) - exact)
    score_pairs(kind, pairs, score, is_a)
    rows = [{"kind": kind, "error": "missed", "text": g["text"], "start": g.get("start"), "gold": code_of(kind, g)}
            for g in missed]
    rows += [{"kind": kind, "error": "extra", "text": p["text"], "start": p["start"], "pred": code_of(kind, p),
              "criterion": p.get("criterion")} for p in extra]
    for g, p in pairs:
        diff = {f: (g.get(f), p.get(f)) for f in ("mesh_id", "id", "site", "polarity") if f in g and g.get(f) != p.get(f)}
        if kind == "conditions" and sorted(g.get("status") or []) != sorted(p.get("status") or []):
            diff["status"] = (g.get("status"), p.get("status"))
        if diff:
            rows.append({"kind": kind, "error": "fields", "text": g["text"], "pred_text": p["text"],
                         "start": g.get("start"), "diff": diff, "criterion": p.get("criterion"),
                         "status": p.get("criterion_status")})
    return rows


def coding_gold(gold: Path) -> Path | None:
    """The coding gold under a gold folder (annotations/coding or annotations/real/coding), or None."""
    d = gold / "coding" if (gold / "coding").is_dir() else gold if gold.name == "coding" else None
    return d if d is not None and any(d.glob("*.json")) else None


def score_coding(preds_by_key: dict, docs: list, errors: list[dict] | None = None,
                 attributes: dict[str, Agreement] | None = None) -> dict[str, CodingScore]:
    """Scores of conditions and procedures over the gold documents `docs` (GoldCodingDoc) that have a prediction;
    the polarity agreement of their matched records goes to `attributes` ("conditions polarity", ...)."""
    from ..lexicons.conditions import conditions
    from .gold import gold_key

    lex = conditions()
    out = {k: CodingScore() for k in KINDS}
    for doc in docs:
        pred = preds_by_key.get(gold_key(doc.source))
        if pred is None:
            continue
        for kind in KINDS:
            if kind not in doc.kinds:
                continue
            polarity = attributes.setdefault(f"{kind} polarity", Agreement()) if attributes is not None else None
            rows = score_doc([x.model_dump() for x in getattr(doc, kind)], pred_rows(pred, kind), kind, out[kind],
                             lambda g, p: lex.is_a(g, p), polarity)
            if errors is not None:
                errors += [{"doc": doc.doc_id, **r} for r in rows]
    return out


def format_coding(scores: dict[str, CodingScore]) -> str:
    head = f"{'kind':<12} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}  {'coded F1':>8}  field accuracies"
    lines = [head, "-" * len(head)]
    for kind, s in scores.items():
        m = s.mentions
        acc = "  ".join(f"{k} {v.accuracy:.3f} ({v.agreed}/{v.compared})" for k, v in s.fields.items())
        lines.append(f"{kind:<12} {m.gold:>5} {m.pred:>5} {m.precision:>6.3f} {m.recall:>6.3f} {m.f1:>6.3f}  "
                     f"{s.coded.f1:>8.3f}  {acc}")
    return "\n".join(lines)
