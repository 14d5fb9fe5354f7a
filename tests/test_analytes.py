"""The analyte lexicon (lexicons/sources/analytes.tsv -> resources/analytes.jsonl): its size and reach across
general medicine, its codes and units, and sentences that name analytes the way registries write them (misspellings
included). Expected values come from reading the sentences."""

import pytest

from trialcriteria.lexicons.build import loinc_ok
from trialcriteria.nlp import annotate
from trialcriteria.normalize.units import ucum_unit
from trialcriteria.resources import analytes
from trialcriteria.schema import LabThreshold


def labs(text):
    doc = annotate(text, [(0, len(text))])
    return [LabThreshold.model_validate(x) for x in doc._.lab_thresholds[0]]


def simple(text):
    return [(t.analyte, t.comparator, t.value, t.value_high, t.unit, t.reference) for t in labs(text)]


def test_the_lexicon_holds_at_least_300_analytes_with_sound_codes_and_units():
    entries = list(analytes().values())
    assert len(entries) >= 300
    for e in entries:
        assert e.loinc is None or loinc_ok(e.loinc), e.id
        assert ucum_unit(e.unit) is not None, e.id
        if e.plausible:
            assert e.plausible[0] <= e.plausible[1], e.id


def test_general_medicine_is_covered_not_only_oncology():
    names = {e.name for e in analytes().values()}
    for name in ("body weight", "body height", "body mass index", "waist circumference", "birth weight",
                 "gestational weight gain", "heart rate", "respiratory rate", "body temperature", "oxygen saturation",
                 "fraction of inspired oxygen", "arterial partial pressure of oxygen", "arterial ph", "lactate",
                 "cotinine", "exhaled carbon monoxide", "international normalized ratio", "d-dimer", "hematocrit",
                 "reticulocyte count", "ferritin", "transferrin saturation", "25-hydroxyvitamin d", "vitamin b12",
                 "folate", "thyroid-stimulating hormone", "total thyroxine", "cortisol", "testosterone",
                 "estradiol", "prolactin", "prostate-specific antigen", "ca-125", "hemoglobin a1c", "c-peptide",
                 "ldl cholesterol", "c-reactive protein", "erythrocyte sedimentation rate", "procalcitonin",
                 "galactomannan index", "(1,3)-beta-d-glucan", "hepatitis b virus dna", "cd4 count",
                 "estimated glomerular filtration rate", "cystatin c", "urine albumin to creatinine ratio",
                 "forced expiratory volume in 1 second", "diffusing capacity for carbon monoxide",
                 "left ventricular ejection fraction", "fractional shortening", "oxygen consumption",
                 "liver function tests", "qtc interval"):
        assert name in names, name
    categories = {e.category for e in analytes().values()}
    assert {"vital_sign", "pulmonary", "hormone", "virology", "urinalysis", "coagulation"} <= categories


@pytest.mark.parametrize("text,analyte", [
    ("trombocytes ≥ 100,000/mm3", "platelet count"),
    ("creatinin ≤ 1.5 mg/dL", "serum creatinine"),
    ("haemoglobine ≥ 10 g/dL", "hemoglobin"),
    ("neutrophiles ≥ 1500/mm3", "absolute neutrophil count"),
    ("creatine clearance > 60 ml/min", "creatinine clearance"),
])
def test_misspellings_seen_in_registries_count_as_the_word_meant(text, analyte):
    assert [t.analyte for t in labs(text)] == [analyte]


def test_proteinurea_per_day_is_a_24_hour_urine_protein():
    assert simple("proteinurea > 1 g/24h") == [("24-hour urine protein", ">", 1, None, "g/(24.h)", "absolute")]


@pytest.mark.parametrize("text,expected", [
    ("exhaled CO > 10 ppm", ("exhaled carbon monoxide", ">", 10, None, "[ppm]", "absolute")),
    ("serum cotinine < 15 ng/ml", ("cotinine", "<", 15, None, "ng/mL", "absolute")),
    ("birth weight < 1500 g", ("birth weight", "<", 1500, None, "g", "absolute")),
    ("Fractional shortening at least 29%", ("fractional shortening", ">=", 29, None, "%", "absolute")),
    ("serum galactomannan index ≥ 0.5", ("galactomannan index", ">=", 0.5, None, None, "absolute")),
    ("beta-D-glucan ≥ 80 pg/mL", ("(1,3)-beta-d-glucan", ">=", 80, None, "pg/mL", "absolute")),
    ("FeNO ≥ 25 ppb", ("fractional exhaled nitric oxide", ">=", 25, None, "[ppb]", "absolute")),
    ("anti-HBs ≥ 10 mIU/mL", ("hepatitis b surface antibody", ">=", 10, None, "m[IU]/mL", "absolute")),
    ("arterial pH < 7.30", ("arterial ph", "<", 7.3, None, None, "absolute")),
    ("Ct value < 30", ("cycle threshold", "<", 30, None, None, "absolute")),
    ("parasitemia ≥ 1000 asexual parasites/µL", ("parasite density", ">=", 1000, None, "/uL", "absolute")),
    ("HIV level less than 5,000 copies/ml", ("hiv-1 rna viral load", "<", 5000, None, "{copies}/mL", "absolute")),
    ("peak VO2 < 14 ml/kg/min", ("oxygen consumption", "<", 14, None, "mL/min/kg", "absolute")),
    ("Point Aa ≥ -1 cm", ("pop-q point aa", ">=", -1, None, "cm", "absolute")),
    ("factor VIII activity < 1%", ("factor viii activity", "<", 1, None, "%", "absolute")),
])
def test_analytes_of_general_medicine_in_sentences(text, expected):
    assert simple(text) == [expected]


def test_a_new_analyte_converts_in_its_own_units():
    (t,) = labs("blood lead ≥ 0.48 µmol/L")  # 0.48 µmol/L x 207.2 g/mol = 99.5 µg/L = 9.95 µg/dL
    assert t.canonical_unit == "ug/dL" and t.canonical_value == pytest.approx(9.95, abs=0.01)
