import json

import pytest

from trialcriteria.ingest import InputError, read_path, records_from_bytes
from trialcriteria.ingest.fields import iso_age

from conftest import FIXTURES


def test_iso_ages():
    assert iso_age("18 Years") == "P18Y"
    assert iso_age("3 Months") == "P3M"
    assert iso_age("N/A") is None and iso_age(None) is None
    with pytest.raises(ValueError):
        iso_age("eighteen")


def test_v2_fixture_fields():
    (rec,) = read_path(FIXTURES / "records" / "fx01_v2_nsclc_kras.json")
    assert rec.trial_id == "NCT90000001" and rec.source.format == "ctgov_v2"
    assert rec.minimum_age == "P18Y" and rec.sex == "all" and rec.healthy_volunteers is False
    assert rec.document_text.startswith("Inclusion Criteria:")


def test_xml_fixture_fields_and_crlf_kept():
    (rec,) = read_path(FIXTURES / "records" / "fx11_xml_covid_crlf.xml")
    assert rec.source.format == "ctgov_xml" and rec.trial_id == "NCT90000011"
    assert "\r\n" in rec.document_text
    (old,) = read_path(FIXTURES / "records" / "fx10_xml_nci_sclc.xml")
    assert old.sex == "all" and old.maximum_age is None  # "Both" and "N/A"


def test_v2_page_and_bad_study_in_the_middle():
    good = json.loads((FIXTURES / "records" / "fx02_v2_hfref_numbered.json").read_text())
    page = {"studies": [good, {"derivedSection": {}}, good, {"protocolSection": {}}], "nextPageToken": "x"}
    items = list(records_from_bytes(json.dumps(page).encode(), "page.json"))
    assert [type(i).__name__ for i in items] == ["TrialRecord", "InputError", "TrialRecord", "TrialRecord"]
    assert "studies[1]" in str(items[1]) and "protocolSection" in str(items[1])
    # a study without an NCT id keeps a stable id derived from its content
    assert items[3].trial_id.startswith("record-") and items[3].trial_id == list(
        records_from_bytes(json.dumps(page).encode(), "again.json"))[3].trial_id


def test_file_whose_content_contradicts_its_name():
    (err,) = records_from_bytes(b"Inclusion Criteria: x", "study.json")
    assert isinstance(err, InputError) and "named .json" in str(err)


def test_xml_entity_expansion_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b"<clinical_study>&lol2;</clinical_study>")
    (err,) = records_from_bytes(bomb, "bomb.xml")
    assert isinstance(err, InputError) and "unsafe XML" in str(err)


def test_every_sample_in_shared_parses_or_is_refused_as_a_non_study(shared):
    from collections import Counter

    counts, errors = Counter(), []
    for item in read_path(shared / "corpora" / "ctgov-samples"):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            counts[item.source.format] += 1
    # counted by reading the files: 15 v2 study files + 1 in same_trial + 27 studies in the v2 pages;
    # 100 + 3 classic v1 studies; 70 clinical_study files + 1 in same_trial + 1 in search_result.zip;
    # 1 FHIR ResearchStudy. The README.md is not read (directories are read for .json/.xml/.txt/.zip).
    assert counts == {"ctgov_v2": 43, "ctgov_v1": 103, "ctgov_xml": 72, "fhir": 1}
    # what is refused holds no study: a StudyFieldsResponse and two RSS search feeds
    assert len(errors) == 3 and all("holds no eligibility criteria" in e for e in errors)
