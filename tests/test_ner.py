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
    assert {"Condition", "Device", "Observation"} <= set(info["test_scores"]["strict"])  # scores per type


PRETRAINED = REPO / "models" / "chia_ner_pretrained"


@pytest.mark.skipif(not (PRETRAINED / "meta.json").exists(), reason="no pretrained model in models/")
def test_pretrained_model_meta_records_its_pretraining_data_settings_and_scores_per_type():
    import json

    meta = json.loads((PRETRAINED / "meta.json").read_text())
    info = meta["trialcriteria"]
    pre = info["pretraining"]
    assert pre["records"] > 10_000 and pre["excluded"] > 0 and "Chia dev and test" in pre["exclusions"]
    assert pre["settings"]["objective"]["@architectures"] == "spacy.PretrainCharacters.v1"
    assert {"Condition", "Device", "Observation"} <= set(info["test_scores"]["strict"])
    assert meta["pipeline"] == ["tok2vec", "ner", "ner_type_rules"]


@needs_model
def test_the_model_runs_the_type_rules_after_the_ner():
    import spacy

    import trialcriteria.components  # noqa: F401

    nlp = spacy.load(model_path())
    assert nlp.pipe_names[-2:] == ["ner", "ner_type_rules"]
    doc = nlp("Patients with a permanent cardiac pacemaker")
    assert all(e.label_ == "Device" for e in doc.ents if e.text.lower().endswith("pacemaker"))


def test_type_rules_make_an_entity_whose_last_word_names_a_device_a_device():
    from trialcriteria.components.ner_types import corrected_label
    from trialcriteria.resources import ner_type_rules

    rules = ner_type_rules().relabel
    assert corrected_label(["permanent", "pacemaker"], "Condition", rules) == "Device"
    assert corrected_label(["coronary", "stents"], "Procedure", rules) == "Device"
    assert corrected_label(["pacemaker", "implantation"], "Procedure", rules) == "Procedure"  # head is not a device
    assert corrected_label(["pump"], "Value", rules) == "Value"  # only the listed model types are corrected
    assert corrected_label([], "Condition", rules) == "Condition"


def test_type_rules_component_relabels_doc_entities():
    import spacy
    from spacy.tokens import Span

    import trialcriteria.components  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("ner_type_rules")
    doc = nlp.make_doc("No cardiac pacemaker or diabetes")
    doc.ents = [Span(doc, 1, 3, label="Condition"), Span(doc, 4, 5, label="Condition")]
    doc = nlp(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("cardiac pacemaker", "Device"), ("diabetes", "Condition")]
