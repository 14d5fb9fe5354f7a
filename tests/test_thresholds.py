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


# ---------------------------------------------------------------- units and number forms of real records

@pytest.mark.parametrize("text,expected", [
    ("Weight ≥ 110 lbs", ("weight", ">=", 110, None, "[lb_av]", "absolute")),
    ("body weight > 50 pounds", ("weight", ">", 50, None, "[lb_av]", "absolute")),
    ("exhaled CO > 10 ppm", ("exhaled_co", ">", 10, None, "[ppm]", "absolute")),
    ("Hemoglobin ≥ 10 gm%", ("hemoglobin", ">=", 10, None, "g/dL", "absolute")),
    ("Hb >= 9 g%", ("hemoglobin", ">=", 9, None, "g/dL", "absolute")),
    ("Hemoglobin ≥ 10 g/100 ml", ("hemoglobin", ">=", 10, None, "g/dL", "absolute")),
    ("CD4 count > 200 cells/ml", ("cd4_count", ">", 200, None, "/mL", "absolute")),
    ("fasting glucose ≥ 7,0 mmol/l", ("fasting_glucose", ">=", 7.0, None, "mmol/L", "absolute")),
    ("BMI 18~27 kg/m2", ("bmi", "between", 18, 27, "kg/m2", "absolute")),
    ("systolic blood pressure 90~150mmHg", ("sbp", "between", 90, 150, "mm[Hg]", "absolute")),
    ("BMI 17.1～25.8", ("bmi", "between", 17.1, 25.8, None, "absolute")),
    ("ALT ＞ 3 x ULN", ("alt", ">", 3, None, None, "ULN")),
    ("platelets ≧100×10^9/L，", ("platelets", ">=", 100, None, "10*9/L", "absolute")),
    ("TSH levels less than or equal to 0.5 mU per liter", ("tsh", "<=", 0.5, None, "m[IU]/L", "absolute")),
    ("Absolute neutrophil count greater than or equal to 1,500/m^3", ("anc", ">=", 1500, None, "/mm3", "absolute")),
    ("Weight - 80-300 pounds", ("weight", "between", 80, 300, "[lb_av]", "absolute")),
    ("body weight 50 kg - 90 kg", ("weight", "between", 50, 90, "kg", "absolute")),
    ("Point Aa ≥ -1 cm", ("popq_aa", ">=", -1, None, "cm", "absolute")),
    ("Mini-Mental State Exam score of 5-26", ("mmse", "between", 5, 26, None, "absolute")),
    ("ESR > 30 mm/hr", ("esr", ">", 30, None, "mm/h", "absolute")),
    ("PaO2 < 8 kPa", ("pao2", "<", 8, None, "kPa", "absolute")),
])
def test_units_and_number_forms_of_real_records(text, expected):
    assert simple(text) == [expected]


def test_feet_and_inches_are_one_height():
    (t,) = labs("Height - 5.0 feet - 6feet 4 inches")
    assert (t.analyte_id, t.comparator, t.value, t.unit) == ("height", "between", 5.0, "[ft_i]")
    assert t.value_high == pytest.approx(6 + 4 / 12)
    assert t.canonical_value == pytest.approx(152.4) and t.canonical_value_high == pytest.approx(193.04)


def test_blood_pressure_pairs_without_a_unit_and_with_full_width_forms():
    assert simple("blood pressure < 140/90") == [("sbp", "<", 140, None, None, "absolute"),
                                                 ("dbp", "<", 90, None, None, "absolute")]
    assert simple("blood pressure ＜140/90mmHg") == [("sbp", "<", 140, None, "mm[Hg]", "absolute"),
                                                    ("dbp", "<", 90, None, "mm[Hg]", "absolute")]
    # no unit written, but the value is a plausible one in the usual unit: that unit is assumed, and said so
    sbp = labs("blood pressure < 140/90")[0]
    assert sbp.canonical_value == 140 and sbp.canonical_unit == "mm[Hg]"
    assert "unit_missing" in sbp.flags and "unit_assumed" in sbp.flags
    (hb,) = labs("hemoglobin ≥ 900")  # 900 is no plausible hemoglobin in g/dL: nothing is assumed
    assert hb.canonical_value is None and hb.flags == ["unit_missing"]


# ---------------------------------------------------------------- conditional cut-offs

def _rows(got):
    return [(t.analyte_id, t.comparator, t.value, t.condition.text if t.condition else None) for t in got]


def test_a_condition_that_opens_a_bracket_belongs_to_the_cut_off_after_it():
    got = labs("ALT or AST < 2.5 x ULN (if patients with liver metastasis, <= 5 x ULN)")
    assert _rows(got) == [("alt", "<", 2.5, None), ("ast", "<", 2.5, None),
                          ("alt", "<=", 5, "if patients with liver metastasis"),
                          ("ast", "<=", 5, "if patients with liver metastasis")]
    alt, ast, alt5, ast5 = got
    assert alt.group == alt5.group and ast.group == ast5.group and alt.group != ast.group


def test_a_condition_after_the_relaxed_cut_off_in_brackets():
    got = labs("AST and ALT <= 2.5 x ULN (<= 5 x ULN for patients with liver metastases)")
    assert _rows(got) == [("ast", "<=", 2.5, None), ("alt", "<=", 2.5, None),
                          ("ast", "<=", 5, "for patients with liver metastases"),
                          ("alt", "<=", 5, "for patients with liver metastases")]
    assert got[2].group == got[0].group and got[3].group == got[1].group
    text = "AST and ALT <= 2.5 x ULN (<= 5 x ULN for patients with liver metastases)"
    assert text[got[2].start : got[2].end] == "<= 5 x ULN"  # the analyte is not repeated: the expression


def test_a_condition_that_opens_the_clause_of_a_repeated_analyte():
    got = labs("total bilirubin <= 1.5 x ULN, except in patients with Gilbert's Syndrome, who must have a total "
               "bilirubin < 3.0 mg/dL")
    assert _rows(got) == [("total_bilirubin", "<=", 1.5, None),
                          ("total_bilirubin", "<", 3.0, "in patients with Gilbert's Syndrome")]
    assert got[0].group == got[1].group


def test_a_condition_in_brackets_after_a_comma_goes_to_the_later_cut_off():
    got = labs("total bilirubin less than or equal to 1.5 times the ULN (In patients with evidence of Gilberts "
               "disease, elevated bilirubin should not be related to tumor or other liver diseases and should be "
               "less than or equal 2 times the upper limit of normal).")
    assert _rows(got) == [("total_bilirubin", "<=", 1.5, None),
                          ("total_bilirubin", "<=", 2, "In patients with evidence of Gilberts disease")]


def test_a_condition_that_holds_a_threshold_keeps_it():
    got = labs("systolic blood pressure greater than 180 mm Hg if diastolic blood pressure less than 90 mm Hg, or "
               "diastolic blood pressure greater than 90 mm Hg")
    assert _rows(got) == [("sbp", ">", 180, "if diastolic blood pressure less than 90 mm Hg"), ("dbp", ">", 90, None)]
    got = labs("Serum creatinine below the upper limit of the institutional normal range (ULN) or creatinine "
               "clearance ≥ 60 mL/min/1.73 m2 for patients with serum creatinine levels above institutional ULN.")
    assert _rows(got) == [("serum_creatinine", "<", 1, None), (
        "creatinine_clearance", ">=", 60, "for patients with serum creatinine levels above institutional ULN")]


def test_a_condition_after_a_cut_off_joined_by_with_holds_for_both():
    got = labs("Total serum bilirubin ≤ ULN; or total bilirubin ≤ 3.0 × ULN with direct bilirubin within normal "
               "range in patients with documented Gilbert's Syndrome.")
    cond = "in patients with documented Gilbert's Syndrome"
    assert _rows(got) == [("total_bilirubin", "<=", 1, None), ("total_bilirubin", "<=", 3, cond),
                          ("direct_bilirubin", "between", 1, cond)]


def test_a_bare_value_after_or_takes_the_comparator_before_it():
    got = labs("Hgb <11 g/dL in women or 12 g/dL in men")
    assert [(t.comparator, t.value, t.unit, t.sex) for t in got] == [("<", 11, "g/dL", "female"), ("<", 12, "g/dL", "male")]
    # a bare number in another unit is something else
    assert [t.value for t in labs("Hgb < 11 g/dL or 2 units of blood transfused")] == [11]


# ---------------------------------------------------------------- canonical values

def test_canonical_values_carry_no_float_noise():
    pd = pytest.importorskip("pandas")
    texts = ["ANC ≥ 1500/µL", "ANC ≥ 1.5 × 10⁹/L", "ANC ≥ 1,500/mm3", "ANC ≥ 1.5 x 10^3/µL", "ANC ≥ 1.5 G/L"]
    values = [labs(t)[0].canonical_value for t in texts]
    assert values == [1.5] * 5
    assert pd.Series(values).value_counts().to_dict() == {1.5: 5}
    assert labs("platelets ≥ 100,000/mm3")[0].canonical_value == 100.0
    assert labs("Weight ≥ 110 lbs")[0].canonical_value == pytest.approx(49.9, abs=1e-9)  # 110 lb = 49.895 kg


def test_a_temperature_in_fahrenheit_converts_and_an_offset_unit_never_raises():
    (t,) = labs("Temperature > 100.4 °F")
    assert t.unit == "[degF]" and t.canonical_unit == "Cel" and t.canonical_value == 38.0
    assert convert(98.6, "[degF]", analytes()["temperature"]) == pytest.approx(37.0)
    with pytest.raises(NotConvertible):  # °F is no count of neutrophils: NotConvertible, not pint's error
        convert(100, "[degF]", analytes()["anc"])
    (odd,) = labs("ANC ≥ 1500 °F")
    assert odd.canonical_value is None and "unit_not_convertible" in odd.flags


def test_a_share_of_the_predicted_value_is_kept_as_such():
    got = labs("FEV1 >50% and < 80% of predicted normal")
    assert [(t.comparator, t.value, t.unit, t.reference, t.canonical_unit) for t in got] == [
        (">", 50, "%", "predicted", "%{predicted}"), ("<", 80, "%", "predicted", "%{predicted}")]
    assert all(t.flags == [] for t in got)


# ---------------------------------------------------------------- forms of legacy records

def test_a_bare_normal_after_analytes_is_the_normal_range():
    assert simple("PT and PTT normal") == [("pt", "between", 1, 1, None, "normal_range"),
                                           ("aptt", "between", 1, 1, None, "normal_range")]
    assert simple("Thyroid-stimulating hormone normal") == [("tsh", "between", 1, 1, None, "normal_range")]
    assert labs("normal renal function and creatinine ≤ 1.5 mg/dL")[0].analyte_id == "serum_creatinine"


def test_times_higher_than_normal_is_a_multiple_of_the_uln():
    assert simple("serum liver transaminase levels 3 times higher than normal values") == [
        ("transaminases", ">", 3, None, None, "ULN")]
    assert simple("Liver function test greater than 2 times the normal level") == [
        ("liver_function_tests", ">", 2, None, None, "ULN")]


def test_analytes_in_labelled_brackets_share_the_cut_off():
    got = labs("Elevations in screening blood tests of renal (SCr) and liver (ALT, AST and/or bilirubin) > 2 times "
               "the upper limit of normal for age.")
    assert [(t.analyte_id, t.value, t.reference) for t in got] == [
        ("serum_creatinine", 2, "ULN"), ("alt", 2, "ULN"), ("ast", 2, "ULN"), ("total_bilirubin", 2, "ULN")]


def test_proteinuria_is_the_entry_its_unit_or_grade_shows():
    assert simple("proteinuria of more than 300 mg per day") == [
        ("urine_protein_24h", ">", 300, None, "mg/(24.h)", "absolute")]
    got = labs("Urine protein ≤2+ or \\< 1000mg/24h")
    assert [(t.analyte_id, t.comparator, t.value, t.unit) for t in got] == [
        ("proteinuria_dipstick", "<=", 2, None), ("urine_protein_24h", "<", 1000, "mg/(24.h)")]
    assert "dipstick_grade" in got[0].flags


def test_a_substance_given_is_no_measured_analyte():
    # "chloride" names the solution given, not a measured chloride
    assert [t.analyte_id for t in labs("a change in NPD in response to a low chloride solution and "
                                       "isoproterenol of less than -5 mV")] == []


def test_an_enzyme_in_international_units_is_in_its_units_of_activity():
    (t,) = labs("ALT >/= 75 IU/L")
    assert t.unit == "[IU]/L" and t.canonical_unit == "U/L" and t.canonical_value == 75


def test_hemoglobin_in_mmol_per_litre():
    (t,) = labs("Hemoglobin > 6.2 mmol/L")  # the Dutch convention: 6.2 mmol/L (per heme) is 10 g/dL
    assert t.canonical_unit == "g/dL" and t.canonical_value == pytest.approx(10.0, abs=0.01)


def test_a_ratio_written_as_a_quotient_is_the_ratio():
    assert simple("Post-bronchodilator FEV1/FVC (forced volume capacity) < 70%") == [
        ("fev1_fvc", "<", 70, None, "%", "absolute")]
    assert simple("Forced Expiratory Volume in 1 second (FEV1) / Forced Vital Capacity (FVC) < 70%") == [
        ("fev1_fvc", "<", 70, None, "%", "absolute")]
    assert simple("PaO2/FiO2 < 300 mmHg") == [("pao2_fio2", "<", 300, None, "mm[Hg]", "absolute")]
    # two analytes that make no ratio share the cut-off
    assert [t.analyte_id for t in labs("AST/ALT ≤ 2.5 x ULN")] == ["ast", "alt"]


def test_a_change_in_an_analyte_is_no_level():
    assert labs("reversible airways disease shown by an increase in FEV1 of ≥ 12% and ≥ 200ml") == []
    assert labs("body weight (not varying by >10% in the last 3 months)") == []


def test_a_condition_that_names_its_analyte_after_the_value():
    got = labs("Platelet count < 75,000/mm3 for patients in whom < 50% of bone marrow nucleated cells are plasma cells")
    assert _rows(got) == [("platelets", "<", 75000,
                           "for patients in whom < 50% of bone marrow nucleated cells are plasma cells")]


def test_no_unit_written_the_usual_one_is_assumed_when_it_fits():
    assert [(t.canonical_value, t.canonical_unit) for t in labs("platelet < 100,000")] == [(100, "10*9/L")]
    assert [(t.canonical_value, t.canonical_unit) for t in labs("FEV1/FVC ratio < 0.7")] == [(70, "%")]
    assert [(t.canonical_value, t.canonical_unit) for t in labs("EF < 40")] == [(40, "%")]
    (t,) = labs("WBC <3000")
    assert t.unit is None and t.flags == ["unit_missing", "unit_assumed"]


def test_serum_m_protein_per_day_is_urine_m_protein():
    assert simple("serum M-protein ≥ 1 g/dL or urine M-protein ≥ 200 mg/24 hours") == [
        ("m_protein", ">=", 1, None, "g/dL", "absolute"), ("urine_m_protein", ">=", 200, None, "mg/(24.h)", "absolute")]
    assert [t.analyte_id for t in labs("measurable serum M-protein or ≥ 200 mg/24 hours")] == ["urine_m_protein"]


def test_count_units_in_words():
    assert simple("ANC >1,500/microL") == [("anc", ">", 1500, None, "/uL", "absolute")]
    assert simple("WBC < 3,500/cubic mm") == [("wbc", "<", 3500, None, "/mm3", "absolute")]
    assert simple("PT INR =< 1.5") == [("inr", "<=", 1.5, None, None, "absolute")]


def test_a_bare_normal_far_from_its_analyte_is_nothing():
    assert labs("(Blood Pressure, Pulse Rate, or ECG) deviating from normal") == []


def test_a_percentage_of_a_reference_is_a_multiple_of_it():
    assert simple("Bilirubin less than 25% above ULN for age") == [("total_bilirubin", "<", 1.25, None, None, "ULN")]
    assert simple("Albumin greater than 75% of the lower limit of normal") == [("albumin", ">", 0.75, None, None, "LLN")]
    assert simple("Ki-67 > 20% of tumor cells") == [("ki67", ">", 20, None, "%", "absolute")]


def test_two_adjacent_names_are_two_analytes_unless_the_later_is_generic():
    assert [t.analyte_id for t in labs("Cardiovascular: No hypertension LVEF greater than 50%")] == ["lvef"]
    assert [t.analyte_id for t in labs("HCV RNA viral load > 800,000 IU/mL")] == ["hcv_rna"]


def test_a_percentage_of_a_count_is_the_percentage_entry():
    assert simple("CD4 <= 15 percent of total lymphocytes") == [("cd4_percent", "<=", 15, None, "%", "absolute")]
    assert [t.analyte_id for t in labs("ANC ≥ 1500/µL or ≥ 40%")] == ["anc", "neutrophil_percent"]


def test_a_value_in_a_unit_of_another_quantity_is_not_the_analytes():
    got = labs("Body mass Index (BMI) > 30 and at least 20 pounds in excess of post-pregnancy weight")
    assert [(t.analyte_id, t.value) for t in got] == [("bmi", 30)]


def test_legacy_count_units():
    assert simple("white blood cell count must be greater than 2000 mm(3)") == [("wbc", ">", 2000, None, "/mm3", "absolute")]
    assert simple("aortic valve area ≤ 1.5 cm^2") == [("eoa", "<=", 1.5, None, "cm2", "absolute")]
