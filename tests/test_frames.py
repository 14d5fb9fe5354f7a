"""The tables of conditions, procedures and biomarkers (frames.py), their Parquet types, and the views that show
them (views.py)."""

import pyarrow as pa
import pytest

import trialcriteria as tc
from trialcriteria.frames import COLUMNS, arrow_type, tables
from trialcriteria.schema import BiomarkerMention
from trialcriteria.views import fact_spans, review_page

TEXT = ("Inclusion Criteria:\n- Histologically confirmed non-small cell lung cancer\n"
        "Exclusion Criteria:\n- Any other malignancy within 3 years, other than basal cell carcinoma of the skin\n"
        "- Prior radiotherapy to the lung\n")


@pytest.fixture(scope="module")
def result():
    return tc.parse(TEXT)


def test_conditions_table_keeps_list_fields_as_lists_and_names_the_window(result):
    rows = {r["mesh_id"]: r for r in tables([result])["conditions"]}
    assert set(rows) == {"D002289", "D009369", "D002280"}
    malignancy = rows["D009369"]
    assert malignancy["tree_numbers"] == ["C04"] and malignancy["window_text"] == "within 3 years"
    assert malignancy["polarity"] == "forbidden" and rows["D002280"]["polarity"] == "allowed"
    assert rows["D002289"]["criterion_id"] == "inc-1" and rows["D002289"]["section"] == "inclusion"
    assert isinstance(rows["D002289"]["icd10cm"], list) and isinstance(rows["D002289"]["status"], list)


def test_procedures_table_and_trials_table(result):
    frames = result.to_frames()
    procs = frames["procedures"]
    assert list(procs["id"]) == ["radiotherapy"] and list(procs["site"]) == ["lung"]
    trials = frames["trials"]
    assert sorted(trials["condition_mesh_ids"][0]) == ["D002280", "D002289", "D009369"]
    assert list(frames["biomarkers"].columns) == list(COLUMNS["biomarkers"])


def test_biomarkers_rows_are_built_from_whatever_the_criterion_carries(result):
    r = result.model_copy(deep=True)
    r.criteria[0].biomarkers = [BiomarkerMention(text="EGFR exon 19 deletion", start=0, end=5, gene="EGFR",
                                                 alteration="deletion", exon=19)]
    rows = tables([r])["biomarkers"]
    assert [(x["gene"], x["alteration"], x["exon"], x["polarity"]) for x in rows] == [("EGFR", "deletion", 19, "required")]
    assert any(label == "BIOMARKER" for *_, label, _ in [(0, 0, *s[2:]) for s in fact_spans(r.criteria[0])])


def test_parquet_types_of_the_new_tables(result):
    assert arrow_type("tree_numbers", "conditions") == pa.list_(pa.string())
    assert arrow_type("window", "conditions") == pa.int64()
    assert arrow_type("value", "biomarkers") == pa.float64()
    for name in ("conditions", "procedures", "biomarkers", "trials"):
        cols = COLUMNS[name]
        schema = pa.schema([(c, arrow_type(c, name)) for c in cols])
        table = pa.Table.from_pylist([{c: row.get(c) for c in cols} for row in tables([result])[name]], schema=schema)
        assert table.num_columns == len(cols)


def test_review_page_and_displacy_view_show_conditions_and_procedures(result):
    page = review_page([result])
    assert "<mark class=\"condition\"" in page and "Neoplasms D009369" in page
    assert "<mark class=\"procedure\"" in page and "radiotherapy to lung" in page
    html = tc.render(result, jupyter=False)
    assert "CONDITION: Basal Cell Carcinoma D002280 [within 3 years] · allowed" in html


# What a data scientist trips over (issue: first use): names, list columns, polarity, bounds, duplicates, coverage

LABS = ("Inclusion Criteria:\n- Age 18-80 years\n- ANC >= 1500/mm3\n- Creatinine <= 1.5 mg/dL\n"
        "Exclusion Criteria:\n- Use of warfarin or other anticoagulants\n- Hemoglobin < 9 g/dL\n")


def test_no_column_hides_a_dataframe_attribute_and_the_lab_table_has_polarity():
    import pandas as pd

    frames = tc.parse(LABS).to_frames()
    for name, frame in frames.items():
        clashes = {c for c in frame.columns if hasattr(pd.DataFrame, c)}
        assert not clashes, (name, clashes)
    lab = frames["lab_thresholds"].set_index("analyte_text")
    assert lab.loc["ANC", "polarity"] == "required" and lab.loc["Hemoglobin", "polarity"] == "forbidden"
    assert lab.loc["ANC", "assertion"] == "affirmed"
    assert lab["threshold_flags"].map(len).sum() == 0  # no flags on these values: empty lists, not None


def test_list_fields_are_lists_in_the_frames_and_in_parquet():
    frames = tc.parse(LABS).to_frames()
    drugs = frames["drugs"].set_index("text")
    assert drugs.loc["warfarin", "classes"][:1] == ["anticoagulants"] and isinstance(drugs.loc["warfarin", "atc"], list)
    assert arrow_type("classes", "drugs") == pa.list_(pa.string())
    assert arrow_type("value_set", "facts") == pa.list_(pa.string())
    assert arrow_type("threshold_flags", "lab_thresholds") == pa.list_(pa.string())
    assert arrow_type("value", "lab_thresholds") == pa.float64()  # scalars stay scalar


def test_an_age_range_has_its_upper_bound():
    facts = tc.parse(LABS).to_frames()["facts"]
    age = facts[facts.kind == "age"].iloc[0]
    assert (age.number, age.number_high) == (18.0, 80.0)


def test_registry_conditions_lose_their_line_breaks_and_duplicates_are_marked():
    from trialcriteria.schema import Source, TrialRecord

    def record(path):
        return TrialRecord(trial_id="NCT00000001", source=Source(path=path, format="text"),
                           document_text="Inclusion Criteria:\n- Adults", conditions=["Non-small Cell\n   Lung Cancer"])

    trials = tables([tc.parse(record("a.json")), tc.parse(record("b.xml"))])["trials"]
    assert [t["conditions"] for t in trials] == [["Non-small Cell Lung Cancer"]] * 2
    assert [t["copies"] for t in trials] == [2, 2]


def test_coverage_gives_three_shares_that_say_what_they_count():
    cov = tc.parse(LABS).coverage()
    assert cov["structured"] + cov["partly_structured"] + cov["not_structured"] == cov["criteria"]
    total = cov["share_structured"] + cov["share_partly_structured"] + cov["share_not_structured"]
    assert abs(total - 1.0) < 1e-3
    assert cov["share_structured"] == round(cov["structured"] / cov["criteria"], 4)


def test_drugs_table_has_timing_and_the_window_that_bounds_the_drug():
    text = ("Inclusion Criteria:\n- Prior treatment with docetaxel is required.\n"
            "Exclusion Criteria:\n- Warfarin within 14 days before the first dose\n")
    drugs = tc.parse(text).to_frames()["drugs"].set_index("text")
    assert drugs.loc["docetaxel", "timing"] == "prior"
    assert drugs.loc["Warfarin", "window_text"] == "within 14 days before the first dose"
    assert drugs.loc["Warfarin", "window"] == 0
