"""The public API, DataFrames, coverage, displaCy rendering and the review page."""

import spacy

import trialcriteria as tc
from trialcriteria.cli import app

from conftest import FIXTURES

TEXT = ("Inclusion Criteria:\n- ANC ≥ 1500/µL\n- Adequate organ function:\n  - Platelets ≥ 100,000/µL\n"
        "- Willing to comply with study visits\nExclusion Criteria:\n- Major surgery within 4 weeks prior to first dose\n")


def test_parse_and_frames_one_row_per_fact():
    result = tc.parse(TEXT)
    frames = result.to_frames()
    assert set(frames) == {"trials", "criteria", "lab_thresholds", "time_windows", "drugs", "facts", "mentions",
                           "conditions", "procedures", "biomarkers"}
    labs = frames["lab_thresholds"]
    assert list(labs["analyte_id"]) == ["anc", "platelets"]
    assert set(labs["trial_id"]) == {result.trial_id} and list(labs["criterion_id"]) == ["inc-1", "inc-2.1"]
    assert list(frames["time_windows"]["duration"]) == ["P4W"]
    assert len(frames["criteria"]) == len(result.criteria) == 5
    assert result.to_dict()["trial_id"] == result.trial_id and '"criteria"' in result.to_json()


def test_every_criterion_has_a_status_and_coverage_adds_up():
    result = tc.parse(TEXT)
    status = {c.id: c.status for c in result.criteria}
    assert status["inc-1"] == "structured" and status["exc-1"] == "structured"
    assert status["inc-2"] == "partly_structured"  # a heading whose item carries the facts
    assert status["inc-3"] in ("partly_structured", "not_structured")
    cov = result.coverage()
    assert cov["criteria"] == 5 == cov["structured"] + cov["partly_structured"] + cov["not_structured"]
    trials = result.to_frames()["trials"]
    assert int(trials["n_structured"][0]) == cov["structured"]


def test_parse_many_keeps_order_and_bad_records():
    items = list(tc.read_dump(FIXTURES / "records")) + [tc.ingest.InputError("broken", file="x.json")]
    results = tc.parse_many(items, workers=1)
    assert [r.trial_id for r in results] == sorted(r.trial_id for r in results)  # fixtures are read in name order
    assert len(results) == 16 and len(results.errors) == 1 and results.errors[0].file == "x.json"
    assert results.to_frames()["trials"].shape[0] == 16


def test_render_labels_facts_with_normalized_values():
    page = tc.render(tc.parse(TEXT), jupyter=False)
    assert "absolute neutrophil count &gt;= 1500 /uL" in page or "absolute neutrophil count >= 1500 /uL" in page
    assert "1.5 10*9/L" in page  # the canonical value


def test_components_are_registered_by_entry_point():
    nlp = spacy.blank("en")
    nlp.add_pipe("lab_thresholds")
    assert nlp.pipe_names == ["lab_thresholds"]


def test_review_page_marks_unstructured_criteria(tmp_path):
    from typer.testing import CliRunner

    src = tmp_path / "t.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "review.html"
    res = CliRunner().invoke(app, ["review", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.count("class='crit ") == 5
    assert "data-status='structured'" in page and "<mark class=\"lab\"" in page
    assert "<script" not in page and "http" not in page.split("</style>")[1]  # self-contained
