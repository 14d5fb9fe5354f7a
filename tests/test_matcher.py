"""The reference matcher (trialcriteria.matcher): every kind of criterion with a patient who meets it, one who does
not and one whose data is missing (unknown); polarity, tree logic, conditional cut-offs, windows and verdicts.
Trials are built by hand; expected values come from reading the criteria."""

from __future__ import annotations

from datetime import date

import pytest

from trialcriteria.matcher import Patient, match
from trialcriteria.matcher.dates import shift
from trialcriteria.schema import (BiomarkerMention, ConditionMention, Context, Criterion, DrugMention, Fact,
                                  LabThreshold, ProcedureMention, Source, TextSpan, TimeWindow, TrialResult)

REF = date(2026, 6, 1)


def ctx(polarity: str = "required") -> Context:
    return Context(polarity=polarity)


def crit(cid: str, section: str = "inclusion", parent: str | None = None, **records) -> Criterion:
    c = Criterion(id=cid, parent_id=parent, section=section, text=records.pop("text", cid), start=0, end=1,
                  logic=records.pop("logic", None), min_count=records.pop("min_count", None), **records)
    c.status = "structured" if any(records.values()) else "not_structured"
    return c


def trial(*criteria: Criterion, **fields) -> TrialResult:
    return TrialResult(pipeline_version="test", trial_id="T1", source=Source(format="text"), eligibility_text="",
                       criteria=list(criteria), **fields)


def lab(analyte_id: str, name: str, comparator: str, value: float, unit: str | None, canonical: float | None,
        canonical_unit: str | None, reference: str = "absolute", polarity: str = "required", **kw) -> LabThreshold:
    return LabThreshold(analyte=name, analyte_id=analyte_id, analyte_text=name, comparator=comparator, value=value,
                        unit=unit, reference=reference, canonical_value=canonical, canonical_unit=canonical_unit,
                        start=0, end=1, context=ctx(polarity), **kw)


def fact(kind: str, value: str, polarity: str = "required") -> Fact:
    return Fact(kind=kind, value=value, text=value, start=0, end=1, context=ctx(polarity))


def drug(kind: str, did: str, name: str, polarity: str = "required", **kw) -> DrugMention:
    return DrugMention(text=name, start=0, end=1, kind=kind, id=did, name=name, context=ctx(polarity), **kw)


def patient(**kw) -> Patient:
    return Patient.model_validate({"id": "p", **kw})


def verdict(t: TrialResult, p: Patient, **kw):
    return match(p, t, REF, registry=kw.pop("registry", False), **kw)[0]


def status(t: TrialResult, p: Patient, cid: str) -> str:
    return next(c.status for c in verdict(t, p).criteria if c.id == cid)


# -- lab cut-offs ----------------------------------------------------------------------------------------------

ANC = trial(crit("inc-1", lab_thresholds=[lab("anc", "absolute neutrophil count", ">=", 1500, "/uL", 1.5, "10*9/L")]))


@pytest.mark.parametrize("value,unit,expected", [
    (2.0, "10*9/L", "met"), (1600, "/uL", "met"), (1500, "/mm3", "met"),   # the bound itself meets >=
    (1.2, "10*9/L", "not_met"), (1400, "/uL", "not_met"),
])
def test_lab_cut_off_in_any_unit(value, unit, expected):
    p = patient(observations=[{"code": "751-8", "value": value, "unit": unit, "source": "Observation/o1"}])
    assert status(ANC, p, "inc-1") == expected
    v = verdict(ANC, p)
    assert v.verdict == ("eligible" if expected == "met" else "ineligible")
    assert "Observation/o1" in v.criteria[0].evidence


def test_lab_cut_off_unknown_without_a_value_or_a_convertible_unit():
    assert status(ANC, patient(), "inc-1") == "unknown"
    assert status(ANC, patient(observations=[{"code": "anc", "value": 3, "unit": "g/dL"}]), "inc-1") == "unknown"
    assert verdict(ANC, patient()).verdict == "needs_review"


def test_molar_and_mass_units_of_creatinine():
    t = trial(crit("inc-1", lab_thresholds=[lab("serum_creatinine", "serum creatinine", "<=", 1.5, "mg/dL", 1.5, "mg/dL")]))
    # 1.5 mg/dL of creatinine is 132.6 umol/L
    assert status(t, patient(observations=[{"code": "creatinine", "value": 120, "unit": "umol/L"}]), "inc-1") == "met"
    assert status(t, patient(observations=[{"code": "creatinine", "value": 145, "unit": "umol/L"}]), "inc-1") == "not_met"


ALT = trial(crit("inc-1", lab_thresholds=[lab("alt", "alanine aminotransferase", "<=", 3, None, 3, "ULN", "ULN")]))


def test_uln_multiple_against_the_patients_own_range():
    assert status(ALT, patient(observations=[{"code": "ALT", "value": 100, "unit": "U/L", "high": 40}]), "inc-1") == "met"
    assert status(ALT, patient(observations=[{"code": "ALT", "value": 130, "unit": "U/L", "high": 40}]), "inc-1") == "not_met"
    # no reference range: the ULN is not known
    assert status(ALT, patient(observations=[{"code": "ALT", "value": 30, "unit": "U/L"}]), "inc-1") == "unknown"


def test_lln_multiple():
    t = trial(crit("inc-1", lab_thresholds=[lab("hemoglobin", "hemoglobin", ">=", 1, None, 1, "LLN", "LLN")]))
    assert status(t, patient(observations=[{"code": "hemoglobin", "value": 13, "unit": "g/dL", "low": 12}]), "inc-1") == "met"
    assert status(t, patient(observations=[{"code": "hemoglobin", "value": 11, "unit": "g/dL", "low": 12}]), "inc-1") == "not_met"
    assert status(t, patient(observations=[{"code": "hemoglobin", "value": 11, "unit": "g/dL"}]), "inc-1") == "unknown"


def test_conditional_cut_off_replaces_the_plain_one_when_its_condition_holds():
    liver = TextSpan(text="if liver metastases", start=0, end=1)
    t = trial(crit("inc-1", lab_thresholds=[
        lab("ast", "aspartate aminotransferase", "<=", 2.5, None, 2.5, "ULN", "ULN"),
        lab("ast", "aspartate aminotransferase", "<=", 5, None, 5, "ULN", "ULN", condition=liver)]))
    ast4 = [{"code": "AST", "value": 160, "unit": "U/L", "high": 40}]   # 4 x ULN
    mets = [{"name": "liver metastases", "active": True}]
    assert status(t, patient(observations=ast4, conditions=mets), "inc-1") == "met"
    assert status(t, patient(observations=ast4, conditions=mets, complete=[]), "inc-1") == "met"
    assert status(t, patient(observations=ast4, complete=["conditions"]), "inc-1") == "not_met"
    assert status(t, patient(observations=ast4), "inc-1") == "unknown"      # liver metastases not known
    ast2 = [{"code": "AST", "value": 80, "unit": "U/L", "high": 40}]    # 2 x ULN passes either way
    assert status(t, patient(observations=ast2), "inc-1") == "met"


def test_per_sex_cut_off_applies_to_that_sex_only():
    t = trial(crit("exc-1", "exclusion", lab_thresholds=[
        lab("qtcf", "qtcf", ">", 450, "ms", 450, "ms", polarity="forbidden", sex="male"),
        lab("qtcf", "qtcf", ">", 470, "ms", 470, "ms", polarity="forbidden", sex="female")]))
    obs = [{"code": "qtcf", "value": 460, "unit": "ms"}]
    assert status(t, patient(sex="male", observations=obs), "exc-1") == "met"
    assert status(t, patient(sex="female", observations=obs), "exc-1") == "not_met"
    assert status(t, patient(observations=obs), "exc-1") == "unknown"


def test_alternative_cut_offs_of_one_group():
    t = trial(crit("inc-1", lab_thresholds=[
        lab("serum_creatinine", "serum creatinine", "<=", 1.5, None, 1.5, "ULN", "ULN", group=1),
        lab("creatinine_clearance", "creatinine clearance", ">=", 50, "mL/min", 50, "mL/min", group=1)]))
    high_crea = {"code": "creatinine", "value": 2.0, "unit": "mg/dL", "high": 1.0}
    assert status(t, patient(observations=[high_crea, {"code": "creatinine_clearance", "value": 60, "unit": "mL/min"}]),
                  "inc-1") == "met"
    assert status(t, patient(observations=[high_crea, {"code": "creatinine_clearance", "value": 40, "unit": "mL/min"}]),
                  "inc-1") == "not_met"
    assert status(t, patient(observations=[high_crea]), "inc-1") == "unknown"


# -- facts -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind,value,met,not_met", [
    ("age", ">=18Y", {"birth_date": "2000-01-01"}, {"birth_date": "2010-01-01"}),
    ("age", "18-75Y", {"birth_date": "1960-06-01"}, {"birth_date": "1950-06-01"}),
    ("sex", "female", {"sex": "female"}, {"sex": "male"}),
    ("performance_status", "ECOG:0,1", {"observations": [{"code": "89247-1", "value": 1}]},
     {"observations": [{"code": "ecog", "value": 2}]}),
    ("performance_status", "KPS>=70", {"observations": [{"code": "karnofsky", "value": 80}]},
     {"observations": [{"code": "ecog", "value": 2}]}),
    ("life_expectancy", ">=P12W", {"observations": [{"code": "life expectancy", "text": "P6M"}]},
     {"observations": [{"code": "life expectancy", "value": 2, "unit": "mo"}]}),
    ("nyha_class", "III,IV", {"observations": [{"code": "nyha", "text": "III"}]},
     {"observations": [{"code": "88020-3", "value": 2}]}),
    ("child_pugh", "B,C", {"observations": [{"code": "child-pugh", "value": 8}]},
     {"observations": [{"code": "child-pugh", "text": "A"}]}),
    ("ctcae_grade", "<=1", {"observations": [{"code": "ctcae grade", "value": 1}]},
     {"observations": [{"code": "ctcae grade", "value": 2}]}),
    ("qtc", "QTcF>470ms", {"observations": [{"code": "qtcf", "value": 480, "unit": "ms"}]},
     {"observations": [{"code": "qtcf", "value": 470, "unit": "ms"}]}),
    ("blood_pressure", "SBP>=140mmHg", {"observations": [{"code": "8480-6", "value": 150, "unit": "mm[Hg]"}]},
     {"observations": [{"code": "sbp", "value": 130, "unit": "mm[Hg]"}]}),
    ("pregnancy", "pregnant", {"observations": [{"code": "82810-3", "text": "positive"}]},
     {"sex": "male"}),
    ("lactation", "lactating", {"observations": [{"code": "breastfeeding", "text": "yes"}]},
     {"observations": [{"code": "63895-7", "text": "no"}]}),
    ("contraception", "required", {"observations": [{"code": "contraception", "text": "yes"}]},
     {"observations": [{"code": "contraception", "text": "no"}]}),
    ("prior_lines", ">=1", {"observations": [{"code": "prior lines", "value": 2}]},
     {"observations": [{"code": "prior lines", "value": 0}]}),
    ("measurable_disease", "RECIST 1.1", {"observations": [{"code": "measurable disease", "text": "yes"}]},
     {"observations": [{"code": "measurable disease", "text": "no"}]}),
    ("tumor_grade", "G1,G2", {"observations": [{"code": "tumor grade", "text": "G2"}]},
     {"observations": [{"code": "tumor grade", "text": "G3"}]}),
    ("differentiation", "well", {"observations": [{"code": "differentiation", "text": "well"}]},
     {"observations": [{"code": "differentiation", "text": "poorly"}]}),
    ("ki67", "<20%", {"observations": [{"code": "ki67", "value": 10, "unit": "%"}]},
     {"observations": [{"code": "ki67", "value": 25, "unit": "%"}]}),
    ("histology", "NET", {"conditions": [{"name": "well-differentiated neuroendocrine tumor of the pancreas"}]},
     {"observations": [{"code": "histology", "text": "adenocarcinoma"}]}),
    ("brain_metastases", "present", {"conditions": [{"name": "Brain metastases",
                                                      "codes": [{"system": "icd10cm", "code": "C79.31"}]}]},
     {"conditions": [{"name": "brain metastases", "negated": True}]}),
])
def test_each_fact_kind_met_not_met_unknown(kind, value, met, not_met):
    t = trial(crit("inc-1", facts=[fact(kind, value)]))
    assert status(t, patient(**met), "inc-1") == "met"
    assert status(t, patient(**not_met), "inc-1") == "not_met"
    assert status(t, patient(), "inc-1") == "unknown"


def test_age_bounds_in_completed_years():
    t = trial(crit("inc-1", facts=[fact("age", ">=18Y")]))
    assert status(t, patient(birth_date="2008-06-01"), "inc-1") == "met"       # 18 on the reference date
    assert status(t, patient(birth_date="2008-06-02"), "inc-1") == "not_met"   # a day short


def test_treated_brain_metastases_asked_of_a_patient_without_them():
    t = trial(crit("inc-1", facts=[fact("brain_metastases", "treated")]))
    none = patient(conditions=[{"name": "brain metastases", "negated": True}])
    assert status(t, none, "inc-1") == "met"
    untreated = patient(conditions=[{"name": "brain metastases"}])
    assert status(t, untreated, "inc-1") == "unknown"
    treated = patient(conditions=[{"name": "brain metastases", "status": ["treated"]}])
    assert status(t, treated, "inc-1") == "met"


# -- drugs, conditions, procedures, biomarkers ---------------------------------------------------------------

def test_drug_class_membership_by_atc_rxnorm_or_name():
    t = trial(crit("exc-1", "exclusion", drugs=[drug("class", "anticoagulants", "anticoagulants", "forbidden")]))
    for med in ({"codes": [{"system": "atc", "code": "B01AA03"}]},            # warfarin by ATC
                {"codes": [{"system": "rxnorm", "code": "1364430"}]},         # apixaban by RxNorm
                {"name": "Xarelto"}):                                           # rivaroxaban by brand name
        assert status(t, patient(medications=[{**med, "active": True}]), "exc-1") == "met", med
    assert verdict(t, patient(medications=[{"name": "warfarin", "active": True}])).verdict == "ineligible"
    assert status(t, patient(medications=[{"name": "metformin", "active": True}]), "exc-1") == "unknown"
    assert status(t, patient(medications=[{"name": "metformin"}], complete=["medications"]), "exc-1") == "not_met"
    assert status(t, patient(medications=[{"name": "anticoagulants", "negated": True}]), "exc-1") == "not_met"
    assert verdict(t, patient(medications=[{"name": "anticoagulants", "negated": True}])).verdict == "eligible"


def test_strong_cyp3a4_inhibitors_by_lexicon_membership():
    t = trial(crit("exc-1", "exclusion", drugs=[drug("class", "strong_cyp3a4_inhibitors", "strong CYP3A4 inhibitors",
                                                     "forbidden")]))
    assert status(t, patient(medications=[{"name": "ketoconazole", "active": True}]), "exc-1") == "met"
    assert status(t, patient(medications=[{"name": "ketoconazole", "active": False, "end": "2020-01-01"}],
                             complete=["medications"]), "exc-1") == "met"  # timing 'any': taken at some time


def test_current_timing_needs_an_ongoing_drug():
    t = trial(crit("exc-1", "exclusion", drugs=[drug("class", "anticoagulants", "anticoagulants", "forbidden",
                                                     timing="current")]))
    assert status(t, patient(medications=[{"name": "warfarin", "active": True}]), "exc-1") == "met"
    assert status(t, patient(medications=[{"name": "warfarin", "active": False, "end": "2025-01-01"}]),
                  "exc-1") == "not_met"
    assert status(t, patient(medications=[{"name": "warfarin"}]), "exc-1") == "unknown"


def test_drug_within_a_window_before_the_reference_date():
    w = TimeWindow(text="within 4 weeks before first dose", start=20, end=50, kind="window", comparator="within",
                   duration="P4W", direction="before", anchor="first_dose", context=ctx("forbidden"))
    chemo = DrugMention(text="chemotherapy", start=0, end=12, kind="class", id="chemotherapy", name="chemotherapy",
                        context=ctx("forbidden"))
    t = trial(crit("exc-1", "exclusion", drugs=[chemo], time_windows=[w]))
    recent = {"name": "carboplatin", "start": "2026-04-01", "end": "2026-05-20"}
    old = {"name": "carboplatin", "start": "2026-01-01", "end": "2026-04-20"}
    assert status(t, patient(medications=[recent]), "exc-1") == "met"
    assert status(t, patient(medications=[old]), "exc-1") == "not_met"
    assert status(t, patient(medications=[{"name": "carboplatin"}]), "exc-1") == "unknown"   # no date


def test_state_duration_window():
    w = TimeWindow(text="stable dose for at least 4 weeks", start=20, end=50, kind="state_duration",
                   comparator="at_least", duration="P4W", anchor="none", context=ctx())
    ssa = DrugMention(text="SSA", start=0, end=3, kind="class", id="ssa", name="somatostatin analogues", context=ctx())
    t = trial(crit("inc-1", drugs=[ssa], time_windows=[w]))
    assert status(t, patient(medications=[{"name": "octreotide", "start": "2026-01-01", "active": True}]), "inc-1") == "met"
    assert status(t, patient(medications=[{"name": "octreotide", "start": "2026-05-20", "active": True}]), "inc-1") == "not_met"


def test_unlinked_window_bounds_the_event_its_clause_names():
    w = TimeWindow(text="within 4 weeks", start=14, end=28, kind="window", comparator="within", duration="P4W",
                   direction="before", anchor="first_dose", context=ctx("forbidden"),
                   constrains=TextSpan(text="Major surgery", start=0, end=13))
    t = trial(crit("exc-1", "exclusion", time_windows=[w]))
    assert status(t, patient(procedures=[{"name": "major surgery", "start": "2026-05-15"}]), "exc-1") == "met"
    assert status(t, patient(procedures=[{"name": "major surgery", "start": "2026-01-15"}]), "exc-1") == "not_met"
    assert status(t, patient(), "exc-1") == "unknown"


def test_a_window_after_the_last_dose_is_a_commitment_not_checked():
    w = TimeWindow(text="for 4 months after the last dose", start=0, end=30, kind="state_duration",
                   comparator="at_least", duration="P4M", direction="after", anchor="last_dose", context=ctx())
    t = trial(crit("inc-1", facts=[fact("contraception", "P4M")], time_windows=[w]))
    v = verdict(t, patient(observations=[{"code": "contraception", "text": "yes"}]))
    assert v.verdict == "eligible" and v.criteria[0].notes


CANCER = ConditionMention(text="any malignancy", start=0, end=1, mesh_id="D009369", name="Neoplasms",
                          tree_numbers=["C04"], icd10cm=["C"], context=ctx("forbidden"))


def test_condition_by_mesh_descent_icd_prefix_and_name():
    t = trial(crit("exc-1", "exclusion", conditions=[CANCER]))
    by_mesh = patient(conditions=[{"codes": [{"system": "mesh", "code": "D001932"}]}])       # Brain Neoplasms
    by_icd = patient(conditions=[{"codes": [{"system": "icd10cm", "code": "C34.90"}]}])
    by_name = patient(conditions=[{"name": "Neoplasms"}])
    for p in (by_mesh, by_icd, by_name):
        assert status(t, p, "exc-1") == "met"
    other = patient(conditions=[{"codes": [{"system": "icd10cm", "code": "E11.9"}]}], complete=["conditions"])
    assert status(t, other, "exc-1") == "not_met"
    assert status(t, patient(conditions=[{"codes": [{"system": "icd10cm", "code": "E11.9"}]}]), "exc-1") == "unknown"
    # SNOMED alone: no bridge, so the condition is not recognized (unknown in an open record)
    assert status(t, patient(conditions=[{"codes": [{"system": "snomed", "code": "254632001"}]}]), "exc-1") == "unknown"


def test_refuted_condition_rules_out_what_lies_under_it():
    diabetes = ConditionMention(text="type 2 diabetes", start=0, end=1, mesh_id="D003924", icd10cm=["E11"],
                                context=ctx("forbidden"))
    t = trial(crit("exc-1", "exclusion", conditions=[diabetes]))
    refuted = patient(conditions=[{"codes": [{"system": "icd10cm", "code": "E11"}], "negated": True}])
    assert status(t, refuted, "exc-1") == "not_met"


def test_active_condition_status():
    hep = ConditionMention(text="active hepatitis B", start=0, end=1, icd10cm=["B18.1"], status=["active"],
                           context=ctx("forbidden"))
    t = trial(crit("exc-1", "exclusion", conditions=[hep]))
    code = [{"system": "icd10cm", "code": "B18.1"}]
    assert status(t, patient(conditions=[{"codes": code, "active": True}]), "exc-1") == "met"
    assert status(t, patient(conditions=[{"codes": code, "active": False, "end": "2020-01-01"}]), "exc-1") == "not_met"


def test_procedure_by_id_or_name():
    p = ProcedureMention(text="prior radiotherapy", start=0, end=1, id="radiotherapy", name="radiotherapy",
                         context=ctx("forbidden"))
    t = trial(crit("exc-1", "exclusion", procedures=[p]))
    assert status(t, patient(procedures=[{"codes": [{"system": "procedure", "code": "radiotherapy"}]}]), "exc-1") == "met"
    assert status(t, patient(procedures=[{"name": "Radiotherapy"}]), "exc-1") == "met"
    assert status(t, patient(procedures=[{"name": "appendectomy"}], complete=["procedures"]), "exc-1") == "not_met"
    assert status(t, patient(), "exc-1") == "unknown"


def test_biomarker_result_and_value():
    egfr = BiomarkerMention(text="EGFR mutation", start=0, end=1, gene="EGFR", alteration="mutation", result="positive",
                            context=ctx())
    t = trial(crit("inc-1", biomarkers=[egfr]))
    assert status(t, patient(biomarkers=[{"gene": "EGFR", "result": "positive"}]), "inc-1") == "met"
    assert status(t, patient(biomarkers=[{"gene": "EGFR", "result": "negative"}]), "inc-1") == "not_met"
    assert status(t, patient(biomarkers=[{"gene": "KRAS", "result": "positive"}]), "inc-1") == "unknown"
    pdl1 = BiomarkerMention(text="PD-L1 TPS >= 50%", start=0, end=1, gene="CD274", alteration="expression", scale="TPS",
                            comparator=">=", value=50, context=ctx())
    t = trial(crit("inc-1", biomarkers=[pdl1]))
    assert status(t, patient(biomarkers=[{"gene": "CD274", "value": 60}]), "inc-1") == "met"
    assert status(t, patient(biomarkers=[{"gene": "CD274", "value": 10}]), "inc-1") == "not_met"


# -- polarity, tree, verdicts -----------------------------------------------------------------------------------

def test_forbidden_record_in_an_inclusion_and_an_exception():
    t = trial(crit("inc-1", drugs=[drug("class", "chemotherapy", "chemotherapy", "forbidden")]),
              crit("exc-1", "exclusion", drugs=[drug("class", "corticosteroids", "corticosteroids", "forbidden"),
                                                 drug("class", "inhaled_corticosteroids", "inhaled steroids", "allowed")]))
    assert status(t, patient(medications=[{"name": "cisplatin"}]), "inc-1") == "not_met"
    # not taking cisplatin says nothing of the other chemotherapies
    assert status(t, patient(medications=[{"name": "cisplatin", "negated": True}]), "inc-1") == "unknown"
    assert status(t, patient(medications=[{"name": "prednisone", "active": True}]), "exc-1") == "met"
    # the exception: an inhaled steroid does not count for the corticosteroids the criterion excludes
    inhaled = {"name": "budesonide", "codes": [{"system": "atc", "code": "R03BA02"}], "active": True}
    assert status(t, patient(medications=[inhaled], complete=["medications"]), "exc-1") == "not_met"


def test_forbidden_records_any_one_excludes_but_with_joins_them():
    t = trial(crit("exc-1", "exclusion", facts=[fact("pregnancy", "pregnant", "forbidden"),
                                                 fact("lactation", "lactating", "forbidden")]))
    assert status(t, patient(observations=[{"code": "lactation", "text": "yes"}]), "exc-1") == "met"


def test_logic_any_and_min_count():
    a = crit("inc-1", logic="any", text="one of the following:")
    k1 = crit("inc-1.1", parent="inc-1", facts=[fact("performance_status", "ECOG:0,1")])
    k2 = crit("inc-1.2", parent="inc-1", facts=[fact("age", ">=65Y")])
    t = trial(a, k1, k2)
    assert status(t, patient(birth_date="1950-01-01"), "inc-1") == "met"                       # one is enough
    assert status(t, patient(birth_date="2000-01-01"), "inc-1") == "unknown"                   # ECOG unknown
    assert status(t, patient(birth_date="2000-01-01", observations=[{"code": "ecog", "value": 3}]), "inc-1") == "not_met"
    two = trial(crit("inc-1", logic="any", min_count=2, text="at least two of:"), k1, k2)
    assert status(two, patient(birth_date="1950-01-01"), "inc-1") == "unknown"
    assert status(two, patient(birth_date="1950-01-01", observations=[{"code": "ecog", "value": 0}]), "inc-1") == "met"


def test_logic_all_heading_and_exclusion_heading_default():
    head = crit("exc-1", "exclusion", text="Any of the following:")
    k1 = crit("exc-1.1", "exclusion", parent="exc-1", facts=[fact("pregnancy", "pregnant", "forbidden")])
    k2 = crit("exc-1.2", "exclusion", parent="exc-1", facts=[fact("nyha_class", "III,IV", "forbidden")])
    t = trial(head, k1, k2)  # no logic given: an exclusion heading's items each exclude
    v = verdict(t, patient(observations=[{"code": "nyha", "text": "IV"}]))
    assert v.verdict == "ineligible" and v.excluded_by == ["exc-1"]


def test_unstructured_criterion_is_unknown_never_met():
    t = trial(crit("inc-1", text="Adequate cardiac function in the opinion of the investigator"),
              crit("inc-2", facts=[fact("age", ">=18Y")]))
    v = verdict(t, patient(birth_date="1980-01-01"))
    assert v.verdict == "needs_review" and v.unknown == ["inc-1"]
    assert "not structured" in next(c.reason for c in v.criteria if c.id == "inc-1")


def test_registry_sex_and_age_limits():
    t = trial(crit("inc-1", facts=[fact("performance_status", "ECOG:0,1")]), sex="female", minimum_age="P18Y",
              maximum_age="P65Y")
    p = patient(sex="male", birth_date="1980-01-01", observations=[{"code": "ecog", "value": 0}])
    v = match(p, t, REF)[0]
    assert v.verdict == "ineligible" and v.excluded_by == ["registry-sex"]
    old = patient(sex="female", birth_date="1950-01-01", observations=[{"code": "ecog", "value": 0}])
    assert match(old, t, REF)[0].excluded_by == ["registry-age"]
    assert match(old, t, REF, registry=False)[0].verdict == "eligible"


def test_every_verdict_is_explained():
    v = verdict(ANC, patient(observations=[{"code": "anc", "value": 1.0, "unit": "10*9/L", "source": "Observation/o9"}]))
    assert v.verdict == "ineligible" and "inc-1" in v.reason and "1.5" in v.reason
    assert v.criteria[0].evidence == ["Observation/o9"] and v.to_dict()["criteria"][0]["status"] == "not_met"


def test_calendar_shift():
    assert shift(date(2026, 5, 31), "P3M") == date(2026, 2, 28)
    assert shift(date(2026, 6, 1), "P2W") == date(2026, 5, 18)
    assert shift(date(2026, 6, 1), "PT72H") == date(2026, 5, 29)


def test_a_trial_without_criteria_is_never_eligible():
    v = verdict(trial(), patient(birth_date="1980-01-01"))
    assert v.verdict == "needs_review" and "no criteria" in v.reason
