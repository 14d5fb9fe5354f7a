"""The FHIR R5 export: an EvidenceVariable per trial, validated with fhir.resources; what cannot be expressed is
kept and listed, never dropped."""

from __future__ import annotations

import pytest
from fhir.resources.evidencevariable import EvidenceVariable

from trialcriteria.export.fhir import export_bundle, export_trial
from trialcriteria.schema import Context, Criterion, DrugMention, Fact, LabThreshold, Source, TextSpan, TimeWindow, TrialResult

from conftest import FIXTURES, REPO


def _trial() -> TrialResult:
    anc = LabThreshold(analyte="absolute neutrophil count", analyte_id="anc", analyte_text="ANC", loinc="751-8",
                       comparator=">=", value=1500, unit="/uL", canonical_value=1.5, canonical_unit="10*9/L", start=0, end=3)
    alt = LabThreshold(analyte="alanine aminotransferase", analyte_id="alt", analyte_text="ALT", comparator="<=",
                       value=3, reference="ULN", canonical_value=3, canonical_unit="ULN", start=4, end=7)
    cond_alt = alt.model_copy(update={"value": 5, "canonical_value": 5,
                                      "condition": TextSpan(text="if liver metastases", start=8, end=20)})
    age = Fact(kind="age", value="18-75Y", text="Aged 18-75 years", start=0, end=5)
    chemo = DrugMention(text="chemotherapy", start=0, end=12, kind="class", id="chemotherapy", name="chemotherapy",
                        context=Context(polarity="forbidden"))
    warfarin = DrugMention(text="warfarin", start=0, end=8, kind="drug", id="warfarin", name="warfarin", atc=["B01AA03"],
                           context=Context(polarity="forbidden"))
    aspirin = DrugMention(text="low-dose aspirin", start=20, end=36, kind="drug", id="aspirin", name="aspirin",
                          atc=["B01AC06"], context=Context(polarity="allowed"))
    window = TimeWindow(text="within 4 weeks before first dose", start=13, end=45, kind="window", comparator="within",
                        duration="P4W", direction="before", anchor="first_dose", context=Context(polarity="forbidden"))
    crits = [
        Criterion(id="inc-1", section="inclusion", text="ANC >= 1500/uL, ALT <= 3 x ULN (<= 5 x ULN if liver "
                  "metastases)", start=0, end=10, lab_thresholds=[anc, alt, cond_alt], status="structured"),
        Criterion(id="inc-2", section="inclusion", text="Aged 18-75 years", start=11, end=20, facts=[age], status="structured"),
        Criterion(id="inc-3", section="inclusion", text="Adequate cardiac function", start=21, end=40),
        Criterion(id="exc-1", section="exclusion", text="Chemotherapy within 4 weeks before first dose", start=41,
                  end=80, drugs=[chemo], time_windows=[window], status="structured"),
        Criterion(id="exc-2", section="exclusion", text="Warfarin (low-dose aspirin allowed)", start=81, end=99,
                  drugs=[warfarin, aspirin], status="structured"),
    ]
    return TrialResult(pipeline_version="test", trial_id="NCT01234567", source=Source(format="text"),
                       eligibility_text="x" * 100, criteria=crits)


def _chars(resource: dict) -> dict:
    return {c["linkId"]: c for c in resource["characteristic"][0]["definitionByCombination"]["characteristic"]}


def test_export_validates_and_maps_each_record():
    ex = export_trial(_trial())
    EvidenceVariable.model_validate(ex.resource)
    chars = _chars(ex.resource)
    anc = chars["inc-1"]["definitionByCombination"]["characteristic"][0]["definitionByTypeAndValue"]
    assert anc["type"]["coding"][0] == {"system": "http://loinc.org", "code": "751-8"}
    assert anc["valueQuantity"] == {"value": 1.5, "unit": "10*9/L", "system": "http://unitsofmeasure.org",
                                    "code": "10*9/L", "comparator": ">="}
    alt = chars["inc-1"]["definitionByCombination"]["characteristic"][1]["definitionByTypeAndValue"]
    assert alt["offset"]["coding"][0]["code"] == "ULN" and alt["valueQuantity"]["value"] == 3
    age = chars["inc-2"]["definitionByTypeAndValue"]["valueRange"]
    assert (age["low"]["value"], age["high"]["value"], age["low"]["code"]) == (18, 75, "a")
    exc = chars["exc-1"]
    assert exc["exclude"] is True and exc["definitionCodeableConcept"]["text"] == "chemotherapy"
    assert exc["timeFromEvent"][0]["range"]["high"] == {"value": 4, "unit": "wk", "system": "http://unitsofmeasure.org",
                                                        "code": "wk"}
    warfarin = chars["exc-2"]
    assert {"system": "http://www.whocc.no/atc", "code": "B01AA03"} in warfarin["definitionCodeableConcept"]["coding"]


def test_what_cannot_be_expressed_is_listed_and_kept():
    ex = export_trial(_trial())
    reasons = {(u["criterion"], u["reason"].split(" (")[0].split(":")[0]) for u in ex.unexpressed}
    assert ("inc-1", "conditional cut-off") in reasons            # ALT <= 5 x ULN if liver metastases
    assert ("inc-3", "not structured") in reasons                 # kept with its description and a note
    assert ("exc-2", "an exception") in reasons                   # low-dose aspirin allowed
    chars = _chars(ex.resource)
    assert chars["inc-3"]["note"][0]["text"].startswith("not computable")
    assert len(ex.resource["note"]) == len(ex.unexpressed)


@pytest.mark.slow
def test_export_of_the_seeds_and_fixture_records_validates():
    from trialcriteria.api import parse_many, read_dump

    results = parse_many(list(read_dump(REPO / "corpora" / "seeds")) + list(read_dump(FIXTURES / "records")))
    bundle, missing = export_bundle(results)
    assert len(bundle["entry"]) == len(results) == 21
    for e in bundle["entry"]:
        EvidenceVariable.model_validate(e["resource"])
    not_structured = sum(1 for r in results for c in r.criteria if c.status == "not_structured" and c.kind != "note")
    assert sum(1 for m in missing if m["reason"].startswith("not structured")) >= not_structured > 0
