"""Scoring by execution: does the predicted output make the matcher decide as the gold does?

From each gold record (lab threshold, time window, drug, fact), boundary patients are generated (evaluate/probes.py).
Each is matched against the trial twice, once with the gold facts (evaluate/goldtrial.py) and once with the
predicted ones, without the registry's sex and age limits (the criteria text is what is scored), and without the
predicted conditions, procedures and biomarkers, kinds this gold does not state (the probe patients could not
say whether they have them, so every such record would read as unknown). A decision is the
trial's verdict: eligible, ineligible or needs_review. The score is the share of decisions that agree, per kind of
the record that made the probe and overall; every disagreement is listed with both explanations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..matcher import match, plan_trial
from ..matcher.plan import link_windows
from ..schema import GoldFactsDoc, GoldThresholdDoc, GoldTree, Source, TrialResult
from .gold import gold_key, load_facts, load_thresholds, load_trees, predictions_by_key
from .goldtrial import gold_trial
from .probes import REFERENCE, Probe, drug_probes, fact_probes, threshold_probes, window_probes

KINDS = ("thresholds", "windows", "drugs", "facts")


@dataclass
class ExecutionReport:
    decisions: Counter = field(default_factory=Counter)   # kind -> probes
    agree: Counter = field(default_factory=Counter)       # kind -> probes that agree
    decisive: Counter = field(default_factory=Counter)    # kind -> probes the gold decides (not needs_review)
    decisive_agree: Counter = field(default_factory=Counter)
    disagreements: list[dict] = field(default_factory=list)
    docs: int = 0
    missing: list[str] = field(default_factory=list)

    def share(self, kind: str | None = None) -> float:
        n = self.decisions[kind] if kind else sum(self.decisions.values())
        a = self.agree[kind] if kind else sum(self.agree.values())
        return a / n if n else 1.0

    def to_dict(self) -> dict:
        rows = {k: {"decisions": self.decisions[k], "agree": self.agree[k], "share": round(self.share(k), 4),
                    "decisive": self.decisive[k], "decisive_agree": self.decisive_agree[k]} for k in self.decisions}
        return {"docs": self.docs, "missing_predictions": self.missing, "kinds": rows,
                "overall": {"decisions": sum(self.decisions.values()), "agree": sum(self.agree.values()),
                            "share": round(self.share(), 4)},
                "disagreements": self.disagreements}


def analyte_units(thresholds: list[GoldThresholdDoc]) -> dict[str, set[str]]:
    """The units each analyte is written in across the gold documents (besides its canonical unit)."""
    from .goldtrial import _analyte

    out: dict[str, set[str]] = {}
    for doc in thresholds:
        for t in doc.thresholds:
            a = _analyte(t.analyte)
            if a is not None and t.unit and t.reference == "absolute":
                out.setdefault(a.id, set()).add(t.unit)
    return out


def trial_probes(trial: TrialResult, units: dict[str, set[str]], kinds=KINDS) -> list[Probe]:
    return [p for c in trial.criteria for p in _criterion_probes(c, units, kinds)]


def _criterion_probes(c, units, kinds) -> list[Probe]:
    from dataclasses import replace

    out: list[Probe] = []
    if True:
        links = link_windows(c)
        by_window = {i: c.drugs[j] for (kind, j), i in links.items() if kind == "drugs"}
        if "thresholds" in kinds:
            for t in c.lab_thresholds:
                out += [replace(p, item=t) for p in threshold_probes(t, units)]
        if "windows" in kinds:
            for i, w in enumerate(c.time_windows):
                if i in by_window or (not c.facts and not c.lab_thresholds):
                    out += [replace(p, item=w) for p in window_probes(w, by_window.get(i))]
        if "drugs" in kinds:
            for j, d in enumerate(c.drugs):
                w = c.time_windows[links[("drugs", j)]] if ("drugs", j) in links else None
                out += [replace(p, item=d) for p in drug_probes(d, w)]
        if "facts" in kinds:
            for f in c.facts:
                out += [replace(p, item=f) for p in fact_probes(f)]
    return out


ATTR = {"thresholds": "lab_thresholds", "windows": "time_windows", "drugs": "drugs", "facts": "facts"}


def _key(kind: str, r) -> tuple:
    if kind == "thresholds":
        return r.analyte_id, r.comparator, r.canonical_value, r.reference, r.sex
    if kind == "windows":
        return r.duration, r.comparator, r.anchor, r.kind
    if kind == "drugs":
        return (r.id,)
    return r.kind, r.value


def classify(probe: Probe, pred: TrialResult) -> str:
    """Why a decision differs, from the predicted records over the gold record's span: `missed` (none of the kind),
    `value` (another value), `polarity`, `timing` (drugs), else `elsewhere` (the same record: the difference comes
    from another criterion, the tree or the matcher)."""
    g = probe.item
    if g is None:
        return "unknown"
    shift = pred.source.offset
    found = [r for c in pred.criteria for r in getattr(c, ATTR[probe.kind])
             if r.start + shift < g.end and g.start < r.end + shift or (r.start + shift == g.start)]
    if not found:
        return "missed"
    same = [r for r in found if _key(probe.kind, r) == _key(probe.kind, g)]
    if not same:
        return "value"
    if all(r.context.polarity != g.context.polarity for r in same):
        return "polarity"
    if probe.kind == "drugs" and all(r.timing != g.timing for r in same) and g.timing != "any":
        return "timing"
    return "elsewhere"


def _empty(doc_id: str) -> TrialResult:
    return TrialResult(pipeline_version="none", trial_id=doc_id, source=Source(format="text"), eligibility_text="")


def score_doc(gold: TrialResult, pred: TrialResult, units, report: ExecutionReport, kinds=KINDS) -> None:
    gplan, pplan = plan_trial(gold), plan_trial(pred)
    for probe in trial_probes(gold, units, kinds):
        g = match(probe.patient, gplan, REFERENCE, registry=False)[0]
        p = match(probe.patient, pplan, REFERENCE, registry=False)[0]
        same = g.verdict == p.verdict
        report.decisions[probe.kind] += 1
        report.agree[probe.kind] += same
        if g.verdict != "needs_review":
            report.decisive[probe.kind] += 1
            report.decisive_agree[probe.kind] += same
        if not same:
            report.disagreements.append({"doc": gold.trial_id, "kind": probe.kind, "record": probe.record,
                                         "cause": classify(probe, pred), "patient": probe.label,
                                         "gold": g.verdict, "gold_reason": g.reason,
                                         "pred": p.verdict, "pred_reason": p.reason})


def load_gold(gold: Path) -> list[tuple[GoldTree, GoldThresholdDoc | None, GoldFactsDoc | None]]:
    """Gold documents with records: `annotations` (the seeds) or `annotations/real`."""
    pattern = "seed-*.json" if (gold / "facts" / "seed-000.json").exists() else "*.json"
    trees = {t.doc_id: t for t in load_trees(gold / "trees")}
    ths = {d.doc_id: d for d in load_thresholds(gold / "thresholds")} if (gold / "thresholds").exists() else {}
    facts = {d.doc_id: d for d in load_facts(gold / "facts", pattern)} if (gold / "facts").exists() else {}
    ids = sorted((set(ths) | set(facts)) & set(trees))
    return [(trees[i], ths.get(i), facts.get(i)) for i in ids]


def score_execution(preds: list[TrialResult], gold: Path, docs: set[str] | None = None,
                    kinds=KINDS) -> ExecutionReport:
    by_key = predictions_by_key(preds)
    items = [x for x in load_gold(gold) if docs is None or x[0].doc_id in docs]
    units = analyte_units([t for _, t, _ in items if t is not None])
    report = ExecutionReport()
    for tree, ths, facts in items:
        pred = by_key.get(gold_key(tree.source))
        if pred is None:
            report.missing.append(tree.doc_id)
            pred = _empty(tree.doc_id)
        report.docs += 1
        score_doc(gold_trial(tree, ths, facts), comparable(pred), units, report, kinds)
    return report


UNSCORED = ("conditions", "procedures", "biomarkers")


def comparable(pred: TrialResult) -> TrialResult:
    """The prediction without the kinds of records the execution gold does not state (module docstring)."""
    criteria = [c.model_copy(update={k: [] for k in UNSCORED}) for c in pred.criteria]
    return pred.model_copy(update={"criteria": criteria})


def format_execution(report: ExecutionReport) -> str:
    lines = [f"Execution agreement over {report.docs} documents (probe patients decided with the gold and with the "
             "predicted facts)", "", "| kind | decisions | agree | share | gold decides | agree there |",
             "|---|---|---|---|---|---|"]
    for k in [k for k in KINDS if k in report.decisions] + [k for k in report.decisions if k not in KINDS]:
        d, a = report.decisive[k], report.decisive_agree[k]
        lines.append(f"| {k} | {report.decisions[k]} | {report.agree[k]} | {report.share(k):.3f} | {d} | "
                     f"{a / d if d else 1:.3f} |")
    total_d, total_a = sum(report.decisive.values()), sum(report.decisive_agree.values())
    lines.append(f"| **overall** | {sum(report.decisions.values())} | {sum(report.agree.values())} | "
                 f"**{report.share():.3f}** | {total_d} | {total_a / total_d if total_d else 1:.3f} |")
    if report.missing:
        lines.append(f"\nno prediction for {len(report.missing)} document(s): {', '.join(report.missing)}")
    causes = Counter(d["cause"] for d in report.disagreements)
    lines.append(f"\n{len(report.disagreements)} disagreement(s); the predicted record over the gold one: " +
                 ", ".join(f"{k} {v}" for k, v in causes.most_common()))
    return "\n".join(lines)
