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
