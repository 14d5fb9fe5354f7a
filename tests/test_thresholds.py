"""Lab thresholds on sentences written for each rule; expected values come from reading the sentences."""

import json

import pytest

from trialcriteria.nlp import annotate
from trialcriteria.normalize.units import NotConvertible, convert
from trialcriteria.resources import analytes, read_jsonl, segmenter_rules, threshold_resources
from trialcriteria.schema import AnalyteEntry, LabThreshold
from trialcriteria.extract.thresholds import parse_number

from conftest import REPO


def labs(text):
    doc = annotate(text, [(0, len(text))])
    return [LabThreshold.model_validate(x) for x in doc._.lab_thresholds[0]]


def simple(text):
    return [(t.analyte_id, t.comparator, t.value, t.value_high, t.unit, t.reference) for t in labs(text)]


def test_every_resource_file_validates_against_the_schema():
    entries = [AnalyteEntry.model_validate(row) for row in read_jsonl("analytes.jsonl")]
    assert len(entries) >= 120 and len({e.id for e in entries}) == len(entries)
    surface = {}
    for e in entries:  # no name or abbreviation points at two analytes
        for s in [e.name.lower(), *(x.lower() for x in e.synonyms)]:
            assert surface.setdefault(("syn", s), e.id) == e.id, s
        for a in e.abbreviations:
            assert surface.setdefault(("abbr", a), e.id) == e.id, a
    threshold_resources()
    segmenter_rules()
    for path in (REPO / "src" / "trialcriteria" / "resources").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_symbol_and_word_comparators():
    assert simple("ANC ≥ 1500/µL") == [("anc", ">=", 1500, None, "/uL", "absolute")]
    assert simple("ANC \\>= 1500/mm\\^3") == [("anc", ">=", 1500, None, "/mm3", "absolute")]
    assert simple("hemoglobin greater than or equal to 9 g/dL") == [("hemoglobin", ">=", 9, None, "g/dL", "absolute")]
    assert simple("platelets at least 100,000/µL") == [("platelets", ">=", 100000, None, "/uL", "absolute")]
    assert simple("total bilirubin not exceeding 1.5 mg/dL") == [("total_bilirubin", "<=", 1.5, None, "mg/dL", "absolute")]
    assert simple("creatinine clearance above 50 mL/min") == [("creatinine_clearance", ">", 50, None, "mL/min", "absolute")]
    assert simple("HbA1c between 7 and 10%") == [("hba1c", "between", 7, 10, "%", "absolute")]
    assert simple("platelet count of 100 000/mm3 or more") == [("platelets", ">=", 100000, None, "/mm3", "absolute")]
    assert simple("Serum creatinine > twice the upper limit of normal") == [("serum_creatinine", ">", 2, None, None, "ULN")]


def test_numbers_and_powers_of_ten():
    assert simple("ANC ≥ 1.5 × 10⁹/L") == [("anc", ">=", 1.5, None, "10*9/L", "absolute")]
    assert simple("ANC ≥1.5x10^9/L") == [("anc", ">=", 1.5, None, "10*9/L", "absolute")]
    assert simple("platelets ≥ 100 × 109/L") == [("platelets", ">=", 100, None, "10*9/L", "absolute")]
    assert parse_number("1,500", None) == 1500 and parse_number("1,5", None) == 1.5
    assert parse_number("100 000", None) == 100000


def test_regression_50000_per_mmc_is_fifty_thousand():
    assert simple("Platelets > 50.000/mmc") == [("platelets", ">", 50000, None, "/mm3", "absolute")]


def test_regression_the_conditional_bound_is_kept():
    got = labs("AST/ALT ≤ 2.5 × ULN (≤ 5 × ULN if liver metastases)")
    rows = [(t.analyte_id, t.value, t.reference, t.condition.text if t.condition else None) for t in got]
    assert rows == [("ast", 2.5, "ULN", None), ("alt", 2.5, "ULN", None),
                    ("ast", 5, "ULN", "if liver metastases"), ("alt", 5, "ULN", "if liver metastases")]
    # each conditional record is an alternative to the unconditional one of its analyte
    assert got[0].group == got[2].group and got[1].group == got[3].group and got[0].group != got[1].group


def test_regression_a_unit_is_not_taken_from_a_neighbouring_word():
    got = simple("creatinine ≤ 1.5 mg/dL and albumin ≥ 3 (g/dL not required)")
    assert got[0] == ("serum_creatinine", "<=", 1.5, None, "mg/dL", "absolute")
    assert got[1][:5] == ("albumin", ">=", 3, None, None)


def test_regression_hba1c_and_glucose_conversions():
    a = analytes()
    assert convert(53, "mmol/mol", a["hba1c"]) == pytest.approx(7.0, abs=0.05)  # IFCC 53 mmol/mol = NGSP 7.0 %
    assert convert(7.0, "%", a["hba1c"]) == 7.0
    assert convert(7.0, "mmol/L", a["glucose"]) == pytest.approx(126.1, abs=0.2)  # 7 mmol/L = 126 mg/dL
    assert convert(126, "mg/dL", a["fasting_glucose"]) == pytest.approx(126)
    t = labs("fasting plasma glucose ≥ 7.0 mmol/L")[0]
    assert t.unit == "mmol/L" and t.canonical_unit == "mg/dL" and t.canonical_value == pytest.approx(126.1, abs=0.2)


def test_equal_canonical_values_across_units():
    a = labs("ANC ≥ 1500/µL")[0]
    b = labs("ANC ≥ 1.5 × 10⁹/L")[0]
    assert a.canonical_value == pytest.approx(b.canonical_value) == pytest.approx(1.5)
    cr = labs("serum creatinine ≤ 133 µmol/L")[0]
    assert cr.canonical_unit == "mg/dL" and cr.canonical_value == pytest.approx(1.5, abs=0.01)
    with pytest.raises(NotConvertible):
        convert(1, "mm[Hg]", analytes()["anc"])


def test_shared_alternative_equivalent_conditional_and_qualified():
    text = ("Hemoglobin ≥ 9 g/dL (≥ 90 g/L) without transfusion; serum creatinine ≤ 1.5 × ULN or creatinine "
            "clearance ≥ 50 mL/min (Cockcroft-Gault); ALP ≤ 5 x ULN with documented bone metastases")
    got = labs(text)
    assert [t.analyte_id for t in got] == ["hemoglobin", "serum_creatinine", "creatinine_clearance", "alp"]
    hb, cr, crcl, alp = got
    assert [e.text for e in hb.equivalents] == ["≥ 90 g/L"]
    assert [q.text.strip() for q in hb.qualifiers] == ["without transfusion"]
    assert cr.group == crcl.group != hb.group
    assert crcl.formula == "Cockcroft-Gault"
    assert alp.condition.text == "with documented bone metastases"
    assert text[alp.condition.start : alp.condition.end] == alp.condition.text


def test_blood_pressure_pairs_and_sides():
    assert simple("Hypertension (BP > 140/90 mmHg)") == [("sbp", ">", 140, None, "mm[Hg]", "absolute"),
                                                         ("dbp", ">", 90, None, "mm[Hg]", "absolute")]
    got = simple("blood pressure > 140 mm Hg systolic or > 90 mm Hg diastolic")
    assert got == [("sbp", ">", 140, None, "mm[Hg]", "absolute"), ("dbp", ">", 90, None, "mm[Hg]", "absolute")]


@pytest.mark.parametrize("text,expected", [
    ("QTcF > 450 ms in males or > 470 ms in females", [("qtcf", 450, "male"), ("qtcf", 470, "female")]),
    ("Mean QTcF ≥ 470 msec (female) or ≥ 450 msec (male)", [("qtcf", 470, "female"), ("qtcf", 450, "male")]),
    ("QTc > 450 msec for men; > 470 msec for women", [("qtc", 450, "male"), ("qtc", 470, "female")]),
    ("QTc prolongation (men: > 450 ms; women: > 470 ms)", [("qtc", 450, "male"), ("qtc", 470, "female")]),
    ("Serum creatinine ≤ 1.5 mg/dL in males or ≤ 1.4 mg/dL in females",
     [("serum_creatinine", 1.5, "male"), ("serum_creatinine", 1.4, "female")]),
    ("QTc interval > 480 ms", [("qtc", 480, None)]),
])
def test_cut_offs_per_sex(text, expected):
    got = labs(text)
    assert [(t.analyte_id, t.value, t.sex) for t in got] == expected
    assert all(t.condition is None for t in got)  # the sex is no condition


def test_a_conditional_cut_off_after_a_semicolon_inherits_its_analyte():
    got = labs("ANC ≥ 1500/mm3; ≥ 1000/mm3 for patients with bone marrow involvement")
    assert [(t.analyte_id, t.value, t.condition.text if t.condition else None) for t in got] == [
        ("anc", 1500, None), ("anc", 1000, "for patients with bone marrow involvement")]
    assert got[0].group == got[1].group  # the condition relaxes the first cut-off
    # without a condition, a semicolon still ends the analyte's reach
    assert [t.analyte_id for t in labs("Hemoglobin ≥ 9 g/dL; ≥ 2 prior regimens")] == ["hemoglobin"]


def test_a_sex_inside_a_longer_condition_stays_there():
    got = labs("females < 55 years-of-age must have a serum follicle stimulating (FSH) level > 40 mIU/mL")
    assert [(t.analyte_id, t.value, t.sex) for t in got] == [("fsh", 40, None)]


def test_implausible_values_are_flagged_not_dropped():
    (t,) = labs("hemoglobin ≥ 90 g/dL")
    assert t.value == 90 and "implausible" in t.flags


def test_numbers_that_are_not_levels():
    assert labs("weight change > 2 kg in the past 3 months") == []
    assert labs("hCG values showing < 15% rise per day") == []
    assert labs("Life expectancy greater than 12 weeks") == []


def test_abbreviation_defined_in_the_trial_is_resolved():
    # "AbNC" is not in the lexicon: the AbbreviationDetector ties it to "absolute neutrophil count"
    got = simple("Absolute neutrophil count (AbNC) recorded at screening. AbNC ≥ 1000/µL on day 1")
    assert ("anc", ">=", 1000, None, "/uL", "absolute") in got
