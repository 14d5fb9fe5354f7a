"""Biomarkers against the coded gold (annotations/coding/GUIDELINES.md): mention P/R/F1, and how the matched
mentions are coded.

Matching. Within a document, a predicted and a gold biomarker can match when their spans overlap. Each is
matched at most once. Of the overlapping pairs, the ones that agree most are taken first, greedily: agreement on
gene, then alteration, variant, result, exon, scale and value, then the number of characters the spans share.
"triple-negative" (three gold records on one text) thus pairs ESR1 with ESR1, PGR with PGR, ERBB2 with ERBB2.

Figures:
- mention: matched pairs are true positives, unmatched predictions false positives, unmatched gold false negatives;
- per attribute (gene, alteration, variant, exon, scale, result, value = comparator and value): the share of matched
  pairs that agree on it, over all matched pairs (a null on both sides agrees);
- coded: a matched pair whose gene, alteration, variant and result all agree; `coded` P/R/F1 count only those
  as true positives (a mention found but coded wrong is then both a false positive and a false negative);
- polarity: agreement of the matched pairs' polarity (gold's `polarity`, the prediction's context).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import GoldCodingDoc, TrialResult
from .attributes import Agreement, agreement
from .facts import pred_fact_rows
from .metrics import Counts

ATTRIBUTES = ("gene", "alteration", "variant", "exon", "scale", "result", "value")
CODED = ("gene", "alteration", "variant", "result")


def value(item: dict) -> tuple:
    return (item.get("comparator"), None if item.get("value") is None else float(item["value"]))


def attribute(item: dict, name: str):
    return value(item) if name == "value" else item.get(name)


def agreement_key(g: dict, p: dict) -> tuple:
    """How well a (gold, predicted) pair agrees: the attributes in order of weight, then the shared characters."""
    shared = min(g["end"], p["end"]) - max(g["start"], p["start"])
    return (*(attribute(g, a) == attribute(p, a) for a in ("gene", "alteration", "variant", "result", "exon", "scale",
                                                            "value")), shared)


def match_biomarkers(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(matched pairs, gold missed, predictions left over), as the module docstring says."""
    candidates = [(agreement_key(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                  if p["start"] < g["end"] and g["start"] < p["end"]]
    candidates.sort(key=lambda c: (c[0], -c[1], -c[2]), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    pairs.sort()
    return ([(gold[gi], pred[pi]) for gi, pi in pairs], [g for i, g in enumerate(gold) if i not in used_g],
            [p for i, p in enumerate(pred) if i not in used_p])


@dataclass
class BiomarkerScore:
    mention: Counts = field(default_factory=Counts)
    coded: Counts = field(default_factory=Counts)
    agreed: dict[str, int] = field(default_factory=lambda: {a: 0 for a in ATTRIBUTES})
    polarity: Agreement = field(default_factory=Agreement)
    documents: int = 0

    def __iadd__(self, other: "BiomarkerScore") -> "BiomarkerScore":
        self.mention += other.mention
        self.coded += other.coded
        for a in ATTRIBUTES:
            self.agreed[a] += other.agreed[a]
        self.polarity += other.polarity
        self.documents += other.documents
        return self

    def accuracy(self, name: str) -> float:
        return self.agreed[name] / self.mention.tp if self.mention.tp else 1.0

    def row(self) -> dict:
        return {"documents": self.documents, "mention": self.mention.row(), "coded": self.coded.row(),
                "attributes": {a: self.accuracy(a) for a in ATTRIBUTES}, "polarity": self.polarity.row()}


def score_document(gold: list[dict], pred: list[dict]) -> tuple[BiomarkerScore, list[tuple[dict, dict]], list[dict], list[dict]]:
    pairs, missed, extra = match_biomarkers(gold, pred)
    s = BiomarkerScore(mention=Counts(tp=len(pairs), fp=len(extra), fn=len(missed)), documents=1)
    coded = 0
    for g, p in pairs:
        for a in ATTRIBUTES:
            s.agreed[a] += attribute(g, a) == attribute(p, a)
        coded += all(attribute(g, a) == attribute(p, a) for a in CODED)
    s.coded = Counts(tp=coded, fp=len(pred) - coded, fn=len(gold) - coded)
    s.polarity = agreement(pairs, "polarity")
    return s, pairs, missed, extra


def error_rows(doc_id: str, pairs: list[tuple[dict, dict]], missed: list[dict], extra: list[dict]) -> list[dict]:
    """One row per missed or extra biomarker, and per matched pair coded differently or with another polarity."""
    def key(x: dict) -> dict:
        return {a: attribute(x, a) for a in ATTRIBUTES}

    rows = [{"doc": doc_id, "kind": "biomarkers", "error": "missed", "text": g["text"], "start": g["start"], "gold": key(g)}
            for g in missed]
    rows += [{"doc": doc_id, "kind": "biomarkers", "error": "extra", "text": p["text"], "start": p["start"],
              "pred": key(p), "criterion": p.get("criterion")} for p in extra]
    for g, p in pairs:
        differ = [a for a in ATTRIBUTES if attribute(g, a) != attribute(p, a)]
        if g.get("polarity") is not None and g["polarity"] != p.get("polarity"):
            differ.append("polarity")
        if differ:
            rows.append({"doc": doc_id, "kind": "biomarkers", "error": ",".join(differ), "text": g["text"],
                         "pred_text": p["text"], "start": g["start"], "gold": {**key(g), "polarity": g.get("polarity")},
                         "pred": {**key(p), "polarity": p.get("polarity")}, "criterion": p.get("criterion")})
    return rows


def score_biomarkers(docs: list[GoldCodingDoc], by_key: dict, gold_key, errors: list[dict] | None = None) -> BiomarkerScore:
    """The micro sums over the gold documents that annotate biomarkers and have a prediction (`by_key`: predictions
    by gold_key(source))."""
    total = BiomarkerScore()
    for doc in docs:
        pred: TrialResult | None = by_key.get(gold_key(doc.source))
        if pred is None or "biomarkers" not in doc.kinds:
            continue
        s, pairs, missed, extra = score_document([b.model_dump() for b in doc.biomarkers],
                                                 pred_fact_rows(pred, "biomarkers"))
        total += s
        if errors is not None:
            errors += error_rows(doc.doc_id, pairs, missed, extra)
    return total


def format_biomarkers(s: BiomarkerScore) -> str:
    m, c = s.mention, s.coded
    lines = [f"{'':<10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}",
             f"{'mention':<10} {m.gold:>5} {m.pred:>5} {m.precision:>6.3f} {m.recall:>6.3f} {m.f1:>6.3f}",
             f"{'coded':<10} {c.gold:>5} {c.pred:>5} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}",
             f"matched {m.tp} in {s.documents} documents; accuracy per attribute: "
             + ", ".join(f"{a} {s.accuracy(a):.3f}" for a in ATTRIBUTES),
             f"polarity: {s.polarity.agreed} of {s.polarity.compared} ({s.polarity.accuracy:.3f})"]
    return "\n".join(lines)


__all__ = ["BiomarkerScore", "match_biomarkers", "score_document", "score_biomarkers", "format_biomarkers"]
