"""Patients from FHIR R4 and R5 Bundles (fhir.resources) and flat JSON, and the errors bad input gets."""

from __future__ import annotations

import json
from datetime import date

import pytest

from trialcriteria.matcher import PatientError, read_patient
from trialcriteria.matcher.index import index_patient

from conftest import FIXTURES

PATIENTS = FIXTURES / "patients"


def test_r5_bundle_labs_with_range_conditions_and_medications():
    p = read_patient(PATIENTS / "p01.json")
    assert p.id == "p01" and p.sex == "female" and p.birth_date == date(1970, 3, 14)
    idx = index_patient(p, date(2026, 6, 1))
    anc = idx.labs["anc"]
    assert (anc.value, anc.unit, anc.low, anc.high) == (2.6, "10*9/L", 1.8, 7.5)
    assert anc.source == "Observation/p01-obs-0"
    assert idx.assessments["ecog"].value == 1
    assert idx.assessments["pregnancy"].text == "negative"          # SNOMED 60001007 'Not pregnant'
    assert [c.codes[0].code for c in p.conditions] == ["C7A.1"]
    everolimus = idx.medications[0]
    assert "everolimus" in everolimus.drugs and "mtor_inhibitors" in everolimus.classes
    assert everolimus.event.end == date(2026, 2, 15) and everolimus.event.active is False


def test_r4_bundle_medication_codeable_concept_and_rxnorm():
    p = read_patient(PATIENTS / "p04.json")
    idx = index_patient(p, date(2026, 6, 1))
    warfarin = idx.medications[0]
    assert warfarin.event.active is True and "anticoagulants" in warfarin.classes  # RxNorm 11289 -> warfarin


def test_every_fixture_patient_reads():
    for f in sorted(PATIENTS.glob("*.json")):
        p = read_patient(f)
        assert p.id == f.stem and p.observations, f


def _bundle(*resources) -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


PATIENT = {"resourceType": "Patient", "id": "x", "gender": "male", "birthDate": "1970-01-01"}


def test_bad_value_names_the_resource_and_the_field():
    bad = {"resourceType": "Observation", "id": "o1", "status": "final",
           "code": {"coding": [{"system": "http://loinc.org", "code": "751-8"}]},
           "valueQuantity": {"value": "lots", "unit": "10*9/L"}}
    with pytest.raises(PatientError) as e:
        read_patient(_bundle(PATIENT, bad), name="bad.json")
    assert "bad.json" in str(e.value) and "Observation/o1" in str(e.value) and "valueQuantity.value" in str(e.value)


def test_missing_required_field_and_missing_patient():
    no_code = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/x"}}
    with pytest.raises(PatientError) as e:  # clinicalStatus is a CodeableConcept, not a string
        read_patient(_bundle(PATIENT, {**no_code, "clinicalStatus": "active"}))
    assert "Condition/c1" in str(e.value) and "clinicalStatus" in str(e.value)
    with pytest.raises(PatientError) as e:
        read_patient(_bundle({"resourceType": "Observation", "id": "o", "status": "final", "code": {"text": "x"}}))
    assert "exactly one Patient" in str(e.value)


def test_not_taken_and_refuted_are_negations():
    med = {"resourceType": "MedicationStatement", "id": "m1", "status": "not-taken", "subject": {"reference": "Patient/x"},
           "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "B01AA03"}]}}
    cond = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/x"},
            "verificationStatus": {"coding": [{"code": "refuted"}]}, "code": {"text": "brain metastases"}}
    p = read_patient(_bundle(PATIENT, med, cond))
    assert p.medications[0].negated and p.conditions[0].negated


def test_flat_patient_and_its_errors(tmp_path):
    p = read_patient({"id": "f1", "sex": "female", "age": 50, "observations": [{"code": "anc", "value": 2, "unit": "10*9/L"}]})
    assert p.age == 50 and p.source == "patient"
    f = tmp_path / "flat.json"
    f.write_text(json.dumps({"id": "f2", "observations": [{"code": "anc", "valeu": 2}]}))
    with pytest.raises(PatientError) as e:
        read_patient(f)
    assert "flat.json" in str(e.value) and "observations.0.valeu" in str(e.value)
    f.write_text("{not json")
    with pytest.raises(PatientError, match="cannot read JSON"):
        read_patient(f)
