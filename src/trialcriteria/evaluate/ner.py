"""NER evaluation: strict (exact span and type) and relaxed (overlapping span, same type) precision, recall
and F1, per type and micro-averaged."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .metrics import prf


def _row(tp: int, fp: int, fn: int) -> dict:
    p, r, f1 = prf(tp, fp, fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


def score_entities(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> dict:
    """Pure: {'strict': {type: counts}, 'relaxed': {type: counts}} over one or many documents' spans
    (spans carry a doc index in their first element when several docs are pooled)."""
    out = {}
    for mode in ("strict", "relaxed"):
        tp, fp, fn = defaultdict(int), defaultdict(int), defaultdict(int)
        used = set()
        for g in gold:
            hit = None
            for i, p in enumerate(pred):
                if i in used or p[-1] != g[-1] or p[0] != g[0]:
                    continue
                if (mode == "strict" and p[1:3] == g[1:3]) or (mode == "relaxed" and p[1] < g[2] and g[1] < p[2]):
                    hit = i
                    break
            if hit is None:
                fn[g[-1]] += 1
            else:
                used.add(hit)
                tp[g[-1]] += 1
        for i, p in enumerate(pred):
            if i not in used:
                fp[p[-1]] += 1
        types = sorted(set(tp) | set(fp) | set(fn))
        table = {t: _row(tp[t], fp[t], fn[t]) for t in types}
        table["micro"] = _row(sum(tp.values()), sum(fp.values()), sum(fn.values()))
        out[mode] = table
    return out


def evaluate_dir(model_dir: Path, test_path: Path, exclude: tuple[str, ...] = ()) -> dict:
    """Scores of a saved pipeline on a DocBin of gold docs (`exclude`: pipes left out, e.g. the type rules)."""
    import spacy
    from spacy.tokens import DocBin

    from .. import components  # noqa: F401  (the tokenizer the model was saved with)

    nlp = spacy.load(model_dir, exclude=[p for p in exclude])
    docs = list(DocBin().from_disk(test_path).get_docs(nlp.vocab))
    gold, pred = [], []
    for k, (doc, out) in enumerate(zip(docs, nlp.pipe([d.text for d in docs]))):
        gold += [(k, e.start_char, e.end_char, e.label_) for e in doc.ents]
        pred += [(k, e.start_char, e.end_char, e.label_) for e in out.ents]
    return score_entities(gold, pred)


def format_scores(scores: dict) -> str:
    lines = [f"{'type':<12} {'strict P':>9} {'R':>6} {'F1':>6}   {'relaxed P':>9} {'R':>6} {'F1':>6}"]
    for t in [k for k in scores["strict"] if k != "micro"] + ["micro"]:
        s, r = scores["strict"][t], scores["relaxed"].get(t, {})
        lines.append(f"{t:<12} {s['precision']:>9.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}   "
                     f"{r.get('precision', 0):>9.3f} {r.get('recall', 0):>6.3f} {r.get('f1', 0):>6.3f}")
    return "\n".join(lines)
