"""Agreement between the real-distribution gold (annotations/real/) and a second, independent annotation of part
of it (annotations/real/second/): the second annotation is scored against the first as predictions are, with the
project's own scorers (tree boundaries, sections and parents; strict thresholds; windows, drugs and facts by key
and overlapping span; polarity and timing of the matched records).

    python annotations/tools/agreement_real.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from trialcriteria.evaluate.attributes import Agreement, agreement  # noqa: E402
from trialcriteria.evaluate.facts import FACT_TYPES, match_items  # noqa: E402
from trialcriteria.evaluate.gold import load_facts, load_thresholds, load_trees, source_text  # noqa: E402
from trialcriteria.evaluate.metrics import Counts  # noqa: E402
from trialcriteria.evaluate.thresholds import pair_thresholds, score_thresholds  # noqa: E402
from trialcriteria.evaluate.trees import TreeCounts, gold_spans, score_tree  # noqa: E402

FIRST, SECOND = REPO / "annotations" / "real", REPO / "annotations" / "real" / "second"
SHARED = REPO.parent / "shared"


def main() -> int:
    ids = {p.stem for p in (SECOND / "trees").glob("*.json")}
    first_trees = {t.doc_id: t for t in load_trees(FIRST / "trees") if t.doc_id in ids}
    trees = TreeCounts()
    for t in load_trees(SECOND / "trees"):
        g = first_trees[t.doc_id]
        trees += score_tree(source_text(g.source, REPO, SHARED), gold_spans(g), gold_spans(t))
    print(f"trees of {len(ids)} trials: nodes {trees.gold} / {trees.pred}, boundary F1 {trees.f1:.3f} "
          f"(P {trees.precision:.3f} R {trees.recall:.3f}), section {trees.section_accuracy:.3f}, parent "
          f"{trees.parent_accuracy:.3f}, logic {trees.logic_ok} of {trees.logic_total}")
    first_t = {d.doc_id: d for d in load_thresholds(FIRST / "thresholds") if d.doc_id in ids}
    strict, gold_n, pred_n, pol = 0, 0, 0, Agreement()
    for d in load_thresholds(SECOND / "thresholds"):
        g, p = [x.model_dump() for x in first_t[d.doc_id].thresholds], [x.model_dump() for x in d.thresholds]
        c = score_thresholds(g, p, overlap=True)
        strict, gold_n, pred_n = strict + c.strict_tp, gold_n + c.gold, pred_n + c.pred
        pol += agreement(pair_thresholds(g, p, overlap=True)[1], "polarity")
    t = Counts(tp=strict, fp=pred_n - strict, fn=gold_n - strict)
    print(f"lab thresholds: {gold_n} / {pred_n}, strict F1 {t.f1:.3f}; polarity {pol.agreed} of {pol.compared}")
    first_f = {d.doc_id: d for d in load_facts(FIRST / "facts", "*.json") if d.doc_id in ids}
    for kind in FACT_TYPES:
        counts, pol, timing = Counts(), Agreement(), Agreement()
        for d in load_facts(SECOND / "facts", "*.json"):
            g = [x.model_dump() for x in getattr(first_f[d.doc_id], kind)]
            p = [x.model_dump() for x in getattr(d, kind)]
            pairs, missed, extra = match_items(g, p, kind, overlap=True)
            counts += Counts(tp=len(pairs), fp=len(extra), fn=len(missed))
            pol += agreement(pairs, "polarity")
            timing += agreement(pairs, "timing")
        extra_line = f"; timing {timing.agreed} of {timing.compared}" if kind == "drugs" else ""
        print(f"{kind}: {counts.gold} / {counts.pred}, F1 {counts.f1:.3f}; polarity {pol.agreed} of {pol.compared}{extra_line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
