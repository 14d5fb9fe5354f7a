"""The NER model: its evaluation on hand-computed cases, and the committed model on seed 000."""

import pytest

from trialcriteria.nlp import model_path
from trialcriteria.evaluate.ner import score_entities

from conftest import REPO


def test_strict_and_relaxed_scores_by_hand():
    gold = [(0, 0, 10, "Drug"), (0, 20, 30, "Condition"), (1, 5, 9, "Drug")]
    pred = [(0, 0, 10, "Drug"), (0, 22, 35, "Condition"), (1, 5, 9, "Condition")]
    s = score_entities(gold, pred)
    assert s["strict"]["micro"]["tp"] == 1 and s["strict"]["micro"]["fp"] == 2 and s["strict"]["micro"]["fn"] == 2
    assert s["relaxed"]["micro"]["tp"] == 2  # the overlapping Condition counts when relaxed
    assert s["relaxed"]["Drug"]["fn"] == 1 and s["relaxed"]["Condition"]["fp"] == 1


needs_model = pytest.mark.skipif(model_path() is None, reason="no trained model in models/")


@needs_model
def test_committed_model_finds_entities_a_reader_can_verify_in_seed_000():
    from helpers import parse_text

    text = (REPO / "corpora" / "seeds" / "000_ba874c70c20c967f.txt").read_bytes().decode("utf-8")
    result = parse_text(text, registry=False)
    mentions = {(m.type, m.text.lower()) for c in result.criteria for m in c.mentions}
    assert ("Drug", "cabozantinib") in mentions
    assert any(t == "Condition" and "brain metasta" in x for t, x in mentions)
    assert any(t == "Procedure" and "surgery" in x for t, x in mentions)


@needs_model
def test_model_meta_records_data_split_seed_and_scores():
    import json

    meta = json.loads((model_path() / "meta.json").read_text())
    info = meta["trialcriteria"]
    assert info["split_seed"] == 13 and info["split"] == {"train": 0.8, "dev": 0.1, "test": 0.1}
    assert set(info["types"]) >= {"Condition", "Drug", "Procedure", "Measurement", "Value", "Temporal"}
    assert 0 < info["test_scores"]["strict"]["micro"]["f1"] <= 1
