"""Time windows, drugs and classes, the other facts, and ConText on sentences written for each rule."""

import pytest

from trialcriteria.lexicons.drugs import lexicon, members
from trialcriteria.extract.facts import extract_facts
from trialcriteria.assemble import polarity
from trialcriteria.extract.windows import extract_windows

from helpers import parse_text


def windows(text):
    return [(w.comparator, w.duration, w.half_lives, w.combine, w.direction, w.anchor, w.kind) for w in extract_windows(text)]


def test_time_windows_with_anchors_and_iso_durations():
    assert windows("Major surgery within 4 weeks prior to study enrolment.") == [
        ("within", "P4W", None, None, "before", "enrollment", "window")]
    assert windows("Radiologic progression within 12 months of entry.") == [
        ("within", "P12M", None, None, "before", "enrollment", "window")]
    assert windows("Live vaccination within 30 days prior to first dose.") == [
        ("within", "P30D", None, None, "before", "first_dose", "window")]
    assert windows("Negative pregnancy test within 72 hours prior to dosing") == [
        ("within", "PT72H", None, None, "before", "first_dose", "window")]


def test_compound_rule_whichever_is_longer():
    text = "kinase inhibitor within 2 weeks or 5 half-lives of the agent, whichever is longer, before first dose of study treatment"
    assert windows(text) == [("within", "P2W", 5.0, "max", "before", "first_dose", "window")]


def test_state_durations():
    assert windows("stable for at least 4 weeks prior to first dose of study treatment")[0][:6] == (
        "at_least", "P4W", None, None, "before", "first_dose")
    assert windows("stable for at least 4 weeks prior to first dose")[0][6] == "state_duration"
    assert windows("12 months of amenorrhea")[0][:2] == ("at_least", "P12M")
    assert windows("use contraception during the study and for 4 months after the last dose of study drug")[0] == (
        "at_least", "P4M", None, None, "after", "last_dose", "state_duration")


def test_for_a_period_before_an_anchor():
    # an event in that period: within; a state held for that period: at least
    assert windows("Intake of prohibited medicines for 1 month prior to the enrollment in the trial.")[0][:6] == (
        "within", "P1M", None, None, "before", "enrollment")
    assert windows("on a stable dose for 4 weeks prior to randomization")[0][:6] == (
        "at_least", "P4W", None, None, "before", "randomization")
    assert windows("postmenopausal (defined as 24 consecutive months without menses before screening)")[0] == (
        "at_least", "P24M", None, None, "before", "screening", "state_duration")
    assert windows("antibiotics in the past three months (before baseline appointment)")[0][:6] == (
        "within", "P3M", None, None, "before", "screening")
    assert windows("chronic opiate use in the one year period prior to the bariatric surgery")[0][:6] == (
        "within", "P1Y", None, None, "before", "surgery")


def test_frequencies_ages_and_life_expectancy_are_not_windows():
    assert windows("avelumab every 2 weeks; aged 18 years or older; life expectancy of at least 12 weeks; 28-day cycles") == []


def test_shared_anchor_across_or():
    got = windows("radiation therapy for bone metastasis within 2 weeks or any other radiation therapy within 4 weeks before first dose")
    assert [(w[1], w[5]) for w in got] == [("P2W", "first_dose"), ("P4W", "first_dose")]


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


def test_drug_classes_and_members():
    lex = lexicon()
    assert len(lex.drugs) >= 400
    assert "warfarin" in members("coumarins") and "dabigatran" in members("direct thrombin inhibitors")
    assert {"ketoconazole", "itraconazole", "clarithromycin", "ritonavir"} <= set(members("strong CYP3A4 inhibitors"))
    assert {"enoxaparin", "dalteparin", "heparin"} <= set(members("anticoagulants"))  # through heparins
    assert lex.drug_classes("warfarin") == ["anticoagulants", "vka"]
    assert lex.class_classes("lmwh") == ["anticoagulants", "heparins", "lmwh"]
    # general-medicine classes that criteria exclude
    assert {"ciprofloxacin", "levofloxacin", "moxifloxacin"} <= set(members("fluoroquinolones"))
    assert {"ketamine", "propofol", "lidocaine", "bupivacaine"} <= set(members("anaesthetics"))
    assert "atorvastatin" in members("lipid-lowering therapy")  # statins sit under lipid modifying agents
    assert lex.lookup("Coartem") == ("drug", "artemether_lumefantrine")
    assert lex.lookup("NDHP-CCBs") == ("class", "non_dhp_ccb")
    with pytest.raises(KeyError):
        members("no such class")


@pytest.mark.parametrize("surface,expected", [
    ("anti-coagulants", ("class", "anticoagulants")),
    ("immunosuppressive", ("class", "immunosuppressants")),  # a class named by its adjective
    ("anti-depressive", ("class", "antidepressants")),
    ("oral antidiabetic treatment", ("class", "antidiabetics")),  # route and head word dropped
    ("long-standing", None), ("positive", None), ("aggressive", None),
])
def test_lexicon_lookup_forgives_forms(surface, expected):
    assert lexicon().lookup(surface) == expected


def test_polarity_from_section_and_assertion():
    assert polarity("inclusion", "affirmed") == "required"
    assert polarity("inclusion", "negated") == "forbidden"
    assert polarity("exclusion", "affirmed") == "forbidden"
    assert polarity("exclusion", "negated") == "required"
    assert polarity("exclusion", "exception") == "allowed"


def _drugs(result):
    return {(c.id, d.id): (d.context.assertion, d.context.polarity) for c in result.criteria for d in c.drugs}


def test_context_marks_exceptions_negations_and_allowed_lists():
    text = ("Inclusion Criteria:\n- ANC ≥ 1500/µL without G-CSF support\n"
            "Exclusion Criteria:\n- Prior use of cabozantinib. (prior use of lanreotide is acceptable)\n"
            "- Current use of immunosuppressive medication, except for inhaled steroids\n"
            "- Concomitant anticoagulation. Allowed anticoagulants are the following:\n"
            "  - low-dose aspirin\n"
            "- Live vaccination planned during the study\n")
    got = _drugs(parse_text(text))
    assert got[("inc-1", "gcsf")] == ("negated", "forbidden")
    assert got[("exc-1", "cabozantinib")] == ("affirmed", "forbidden")
    assert got[("exc-1", "lanreotide")] == ("exception", "allowed")
    assert got[("exc-2", "immunosuppressants")] == ("affirmed", "forbidden")
    assert got[("exc-2", "inhaled_corticosteroids")] == ("exception", "allowed")
    assert got[("exc-3.1", "aspirin")] == ("exception", "allowed")
    assert got[("exc-4", "live_vaccines")][0] == "hypothetical"


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
