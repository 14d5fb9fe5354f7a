"""The other facts (extract/facts/) on sentences written for each rule."""

import pytest

from trialcriteria.extract.facts import extract_facts

from helpers import parse_text


def facts(text):
    return [(f.kind, f.value) for f in extract_facts(text)]


@pytest.mark.parametrize("text,expected", [
    ("Age ≥ 18 years", [("age", ">=18Y")]),
    ("Aged 18-75 years, male or female.", [("age", "18-75Y")]),
    ("ECOG Performance Status ≤ 1", [("performance_status", "ECOG:0,1")]),
    ("ECOG performance status of 0 or 1", [("performance_status", "ECOG:0,1")]),
    ("Karnofsky performance status ≥ 70%", [("performance_status", "KPS>=70")]),
    ("Life expectancy greater than 12 weeks", [("life_expectancy", ">P12W")]),
    ("Life expectancy ≥3 months", [("life_expectancy", ">=P3M")]),
    ("congestive heart failure New York Heart Association Class 3 or 4", [("nyha_class", "III,IV")]),
    ("NYHA Class II+ heart failure", [("nyha_class", ">=II")]),
    ("hepatic impairment (Child-Pugh B or C)", [("child_pugh", "B,C")]),
    ("Recovery to baseline or ≤ Grade 1 CTCAE v5 from toxicities", [("ctcae_grade", "<=1")]),
    ("Pregnant or lactating females", [("pregnancy", "pregnant"), ("lactation", "lactating")]),
    ("At least one measurable lesion according to RECIST 1.1", [("measurable_disease", "RECIST 1.1")]),
    ("Progression after at least one prior line of systemic therapy", [("prior_lines", ">=1")]),
    ("metastatic well-differentiated G1 or G2 NET", [("tumor_grade", "G1,G2"), ("differentiation", "well"), ("histology", "NET")]),
    ("MiNEN with >30% neuroendocrine component", [("histology", "MiNEN>30%")]),
])
def test_other_facts(text, expected):
    assert facts(text) == expected


def test_brain_metastases_states():
    got = facts("Treated brain metastases allowed if stable for at least 4 weeks and off steroids")
    assert ("brain_metastases", "present") in got and ("brain_metastases", "stable>=P4W") in got
    assert ("brain_metastases", "off_steroids") in got


AGES = {  # written by reading each statement (many are Chia's wordings)
    "Age less than 18 yrs": ["<18Y"], "Patients under 18": ["<18Y"], "18 years of age and older,": [">=18Y"],
    "Age greater than or equal to 18 years": [">=18Y"], "Healthy patients age 18 and older": [">=18Y"],
    "Patients aged of 18 and over,": [">=18Y"], "All adult patients 18 years of age or older admitted": [">=18Y"],
    "18years to 65years": ["18-65Y"], "Age of＜18y or＞75y": ["<18Y", ">75Y"], "=18 years old males": ["==18Y"],
    "Patient is aged greater than or equal to 40 and less than or equal to 89 years of age": ["40-89Y"],
    "Patients over the age of 18 years who are able": [">18Y"], "Adult kidney transplant recipients > 18 y.o.": [">18Y"],
    "Age 19 years of age or older (The age of consent)": [">=19Y"], "Male, or female, 19 years to 75 years.": ["19-75Y"],
    "Age equal or greater than 70 years": [">=70Y"], "Male or female = 18 years of age at Visit 1.": ["==18Y"],
    "Subjects under the age of 21.": ["<21Y"], "18-80 year, male or female.": ["18-80Y"], "Age = 50": ["==50Y"],
    "for those under the age of 18 (or if 18 years old and older consent for themselves)": ["<18Y", ">=18Y"],
    "Subjects = 19 or = 75 years of age": ["==19Y", "==75Y"], ">18 to < 90 years old": [">18Y", "<90Y"],
    "Male or female >40 and <70 years old.": [">40Y", "<70Y"], "Subject is at least 18 and not older than 75years old.": ["18-75Y"],
    "older than 80 years": [">80Y"], "aged = 6 months": ["==6M"], "Patient less than age 4 years": ["<4Y"],
    "Age >/=18 years at screening": [">=18Y"], "Adult men and women (=18 years).": ["==18Y"],
    "Overweight/Obese Adult patients (age 19 years -65)": ["19-65Y"], "Men 18 years or older": [">=18Y"],
    "Healthy subjects aged between 18 years and 45 years inclusive": ["18-45Y"], "Age ≥ 18 years and ≤ 75 years": ["18-75Y"],
    "between the ages of 18 and 55 years": ["18-55Y"], "Patients 65 years or older with diabetes": [">=65Y"],
    # durations, doses and other numbers are not ages
    "Type 2 diabetes for at least 5 years": [], "amenorrhea for 12 months or more": [], "within 2-4 weeks": [],
    "HbA1c 7-10%": [], "Subjects with a BMI over 30": [], "platelets > 100 x 10^9/L": [],
    "at least 1 year post cessation of menses": [],
}


@pytest.mark.parametrize("text", list(AGES))
def test_age_statements(text):
    assert [v for k, v in facts(text) if k == "age"] == AGES[text]


@pytest.mark.parametrize("text,expected", [
    ("Life expectancy under 6 months", [("life_expectancy", "<P6M")]),
    ("Life expectancy should be greater than 6 months.", [("life_expectancy", ">P6M")]),
    ("Non-cardiac condition limiting life expectancy to less than one year", [("life_expectancy", "<P1Y")]),
    ("An expected survival of = 3 months;", [("life_expectancy", "==P3M")]),
    ("Subject has a life expectancy of less than three (3) years.", [("life_expectancy", "<P3Y")]),
    ("Projected life expectancy less than 30 days", [("life_expectancy", "<P30D")]),
    ("Living in a nursing home.", []),
    ("ECOG performance status of 2 or lower", [("performance_status", "ECOG:0,1,2")]),
    ("Karnofsky/Lansky score of ≥ 50", [("performance_status", "KPS>=50"), ("performance_status", "LPS>=50")]),
    ("Patients with C class by child-pugh score", [("child_pugh", "C")]),
    ("liver disease with Child-Pugh score > 6", [("child_pugh", ">6")]),
    ("cardiac failure (New York Heart Association [NYHA] Stages 3 to 4)", [("nyha_class", "III,IV")]),
    ("cardiac dysfunction (NYHA class III and above)", [("nyha_class", ">=III")]),
    ("a class IV cardiovascular disease (according to the New York Heart Association, 1964)", [("nyha_class", "IV")]),
    ("previously untreated metastatic NSCLC", [("prior_lines", "==0"), ("histology", "NSCLC")]),
    ("measurable cutaneous or visceral metastasis", [("measurable_disease", "measurable")]),
    ("Pregnant women who breast-feed", [("pregnancy", "pregnant"), ("lactation", "lactating")]),
    ("Hypertensive diseases of pregnancy", []),
    ("Women must use effective contraception to avoid pregnancy", [("contraception", "required")]),
    ("Hormonal contraception (oral, injectable, implantable) plus a barrier method;", []),
    ("Sexually active males must use barrier contraceptive methods during treatment and for 90 days thereafter.",
     [("contraception", "P90D")]),
    ("Women of childbearing potential must use adequate contraception until 3 months after the end of treatment",
     [("contraception", "P3M")]),
])
def test_more_facts(text, expected):
    assert facts(text) == expected


def test_sex_and_contraception_use_are_stated_by_inclusion_criteria_only():
    result = parse_text("Inclusion Criteria:\n- Females undergoing ICSI cycles\n- Men 18 years or older\n"
                        "- Male or female, 18 to 65 years\n"
                        "Exclusion Criteria:\n- Women with previous radiation to the breast\n"
                        "- Patients using oral contraception\n"
                        "- Women of childbearing potential without reliable contraception\n")
    got = [(c.section, [(f.kind, f.value, f.context.polarity) for f in c.facts if f.kind in ("sex", "contraception")])
           for c in result.criteria]
    assert got == [
        ("inclusion", [("sex", "female", "required")]),
        ("inclusion", [("sex", "male", "required")]),
        ("inclusion", []),
        ("exclusion", []),
        ("exclusion", []),
        ("exclusion", [("contraception", "required", "required")]),
    ]


def test_keyword_gates_never_hide_a_fact(monkeypatch):
    """The gates in resources/facts.json only skip work: without them, every seed line and every statement in
    these tests gives the same facts."""
    from pathlib import Path

    from trialcriteria.extract import facts as F
    from trialcriteria.extract.facts import common

    seeds = Path(__file__).resolve().parents[1] / "corpora" / "seeds"
    texts = [line for p in sorted(seeds.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += list(AGES) + ["non-small cell lung cancer", "carcinoid tumours", "expected to live 3 months",
                           "after at least one chemotherapy", "Males only", "Women 40 years or older"]
    gated = [[(f.kind, f.value) for f in F.extract_facts(t)] for t in texts]
    monkeypatch.setitem(common.rules(), "gates", {})
    assert [[(f.kind, f.value) for f in F.extract_facts(t)] for t in texts] == gated
    assert sum(map(len, gated)) > 100


def test_a_lone_equals_sign_is_read_as_written_and_flagged():
    result = parse_text("Inclusion Criteria:\n- Age = 18 years\n- ECOG = 0, 1 or 2\n- Hemoglobin >= 9 g/dL\n"
                        "- Platelets = 100,000/mm3\n")
    assert [f.value for f in result.criteria[0].facts] == ["==18Y"]
    flagged = [(w.code, result.eligibility_text[w.start : w.end]) for w in result.warnings]
    # ECOG's "=" names allowed grades and ">=" is a real sign: neither is flagged
    assert flagged == [("equals_comparator", "Age = 18 years"), ("equals_comparator", "Platelets = 100,000/mm3")]


def test_qtc_limits_by_sex():
    result = parse_text("Exclusion Criteria:\n- Baseline prolongation of QTcF (>450 ms for males, >470 ms for females)\n")
    assert [(f.kind, f.value, f.sex, f.context.polarity) for f in result.criteria[0].facts] == [
        ("qtc", "QTcF>450ms", "male", "forbidden"), ("qtc", "QTcF>470ms", "female", "forbidden")]
