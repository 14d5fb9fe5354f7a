"""Scoring by execution: boundary patients from gold records, decided with the gold facts and with predicted ones.
A prediction equal to the gold agrees everywhere; a flipped comparator, a lost ULN, a wrong unit or an inverted
polarity each make some decisions disagree, and the disagreement says which kind and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trialcriteria.evaluate.execution import score_execution
from trialcriteria.evaluate.goldtrial import gold_trial
from trialcriteria.evaluate.probes import threshold_probes
from trialcriteria.schema import Context, LabThreshold, Source, TrialResult

from conftest import REPO

TEXT = ("Inclusion Criteria:\n- ANC >= 1500/uL\n- ALT <= 3 x ULN\n- Age >= 18 years\n"
        "Exclusion Criteria:\n- Concurrent warfarin\n")


def _at(s: str) -> tuple[int, int]:
    i = TEXT.index(s)
    return i, i + len(s)


def _gold(tmp: Path) -> Path:
    nodes = []
    for cid, section, s in (("inc-1", "inclusion", "ANC >= 1500/uL"), ("inc-2", "inclusion", "ALT <= 3 x ULN"),
                            ("inc-3", "inclusion", "Age >= 18 years"), ("exc-1", "exclusion", "Concurrent warfarin")):
        a, b = _at(s)
        nodes.append({"id": cid, "parent_id": None, "section": section, "kind": "item", "marker": "-", "start": a,
                      "end": b, "text": s})
    src = {"doc_id": "doc-1", "source": "repo:doc.txt", "source_kind": "text"}
    for d in ("trees", "thresholds", "facts"):
        (tmp / d).mkdir(parents=True)
    (tmp / "trees" / "doc-1.json").write_text(json.dumps({**src, "criteria": nodes}))
    a1, b1 = _at("ANC >= 1500/uL")
    a2, b2 = _at("ALT <= 3 x ULN")
    (tmp / "thresholds" / "doc-1.json").write_text(json.dumps({**src, "thresholds": [
        {"analyte": "absolute neutrophil count", "comparator": ">=", "value": 1500, "unit": "/uL",
         "polarity": "required", "text": "ANC >= 1500/uL", "start": a1, "end": b1},
        {"analyte": "alanine aminotransferase", "comparator": "<=", "value": 3, "reference": "ULN",
         "polarity": "required", "text": "ALT <= 3 x ULN", "start": a2, "end": b2}]}))
    a3, b3 = _at("Age >= 18 years")
    a4, b4 = _at("warfarin")
    (tmp / "facts" / "doc-1.json").write_text(json.dumps({**src, "facts": [
        {"text": "Age >= 18 years", "kind": "age", "value": ">=18Y", "polarity": "required", "start": a3, "end": b3}],
        "drugs": [{"text": "warfarin", "kind": "drug", "id": "warfarin", "classes": ["anticoagulants", "vka"],
                   "timing": "current", "polarity": "forbidden", "start": a4, "end": b4}]}))
    return tmp


def _pred(gold: Path, **changes) -> TrialResult:
    """A prediction made from the gold itself, with the changes asked for."""
    from trialcriteria.evaluate.execution import load_gold

    tree, ths, facts = load_gold(gold)[0]
    t = gold_trial(tree, ths, facts)
    for c in t.criteria:
        for th in c.lab_thresholds:
            if th.analyte_id in changes:
                for k, v in changes[th.analyte_id].items():
                    setattr(th, k, v)
        for d in c.drugs:
            if "drug_polarity" in changes:
                d.context = Context(polarity=changes["drug_polarity"])
    t.source = Source(path="doc.txt", format="text")
    return t


def test_a_prediction_equal_to_the_gold_agrees_everywhere(tmp_path):
    gold = _gold(tmp_path)
    r = score_execution([_pred(gold)], gold)
    assert r.docs == 1 and not r.missing and r.share() == 1.0 and not r.disagreements
    assert set(r.decisions) == {"thresholds", "facts", "drugs"} and r.decisions["drugs"] == 2


@pytest.mark.parametrize("change,kind", [
    ({"anc": {"comparator": "<="}}, "thresholds"),                                   # a flipped comparator
    ({"alt": {"reference": "absolute", "canonical_value": None, "canonical_unit": None}}, "thresholds"),  # lost ULN
    ({"anc": {"canonical_value": 1500.0}}, "thresholds"),                            # /uL read as 10*9/L
    ({"drug_polarity": "required"}, "drugs"),                                        # inverted polarity
])
def test_each_kind_of_error_makes_decisions_disagree(tmp_path, change, kind):
    gold = _gold(tmp_path)
    r = score_execution([_pred(gold, **change)], gold)
    assert r.share(kind) < 1.0
    assert all(d["kind"] == kind for d in r.disagreements)
    assert {d["cause"] for d in r.disagreements} <= {"value", "polarity"}


def test_a_missing_prediction_counts_against_every_decisive_probe(tmp_path):
    gold = _gold(tmp_path)
    r = score_execution([], gold)
    assert r.missing == ["doc-1"] and r.share() < 0.7
    assert r.disagreements and {d["cause"] for d in r.disagreements} == {"missed"}


def test_probes_sit_on_each_side_of_the_bound_in_each_unit():
    t = LabThreshold(analyte="hemoglobin", analyte_id="hemoglobin", analyte_text="Hb", comparator=">=", value=9,
                     unit="g/dL", canonical_value=9, canonical_unit="g/dL", start=0, end=1)
    probes = threshold_probes(t, {"hemoglobin": {"g/L"}})
    values = sorted((p.patient.observations[0].unit, round(p.patient.observations[0].value, 3)) for p in probes)
    assert values == [("g/L", 88.2), ("g/L", 90.0), ("g/L", 91.8), ("g/dL", 8.82), ("g/dL", 9.0), ("g/dL", 9.18)]


@pytest.mark.slow
def test_seeds_execution_agreement():
    """The seeds parsed now, scored against the seeds' gold: the README's figure (development, tuned on them)."""
    from trialcriteria.api import parse_many, read_dump

    preds = parse_many(read_dump(REPO / "corpora" / "seeds"))
    r = score_execution(list(preds), REPO / "annotations")
    assert r.docs == 5 and not r.missing
    assert r.share() >= 0.95, r.to_dict()["kinds"]
