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


# ------------------------------------------------------------------ hostile files: each one an error entry, never a crash

import os  # noqa: E402
import shutil  # noqa: E402

V2 = FIXTURES / "records" / "fx01_v2_nsclc_kras.json"


def _good(root, n=2):
    for i in range(n):
        study = json.loads(V2.read_text(encoding="utf-8"))
        study["protocolSection"]["identificationModule"]["nctId"] = f"NCT8000000{i}"
        (root / f"good{i}.json").write_text(json.dumps(study), encoding="utf-8")


def _split(items):
    return [i for i in items if not isinstance(i, InputError)], [i for i in items if isinstance(i, InputError)]


def test_deeply_nested_json_and_huge_integers_are_errors_of_their_file(tmp_path):
    _good(tmp_path)
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "bigint.json").write_text('{"protocolSection": {"x": ' + "9" * 5000 + "}}", encoding="utf-8")
    records, errors = _split(list(read_path(tmp_path)))
    assert sorted(r.trial_id for r in records) == ["NCT80000000", "NCT80000001"]
    reasons = {os.path.basename(e.file): e.args[0] for e in errors}
    assert "nested too deeply" in reasons["deep.json"]
    assert "digits" in reasons["bigint.json"]


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_its_record_read(tmp_path):
    _good(tmp_path)
    bad = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(bad, "wb") as fh:
        fh.write(b"Inclusion Criteria:\n- Age >= 18 years\n")
    records, errors = _split(list(read_path(tmp_path)))
    assert not errors and len(records) == 3
    (text,) = [r for r in records if r.source.format == "text"]
    assert text.source.path.endswith("caf\\xe9.txt")
    text.model_dump_json()  # serializable: the name holds no lone surrogate


def test_aact_rows_with_a_huge_field_or_a_latin1_byte_are_errors_of_their_row(tmp_path):
    header = "id|nct_id|sampling_method|gender|minimum_age|maximum_age|healthy_volunteers|population|criteria\n"
    rows = [
        '1|NCT00000001||All|18 Years|N/A|f||"Inclusion Criteria:~- Age 18~"\n',
        '2|NCT00000002||All|18 Years|N/A|f||"' + "x" * 200_000 + '"\n',
        '3|NCT00000003||All|18 Years|N/A|f||"Exclusion Criteria:~- pregnancy"\n',
    ]
    table = tmp_path / "eligibilities.txt"
    table.write_bytes((header + "".join(rows)).encode() + b'4|NCT00000004||All|18 Years|N/A|f||"caf\xe9"\n')
    records, errors = _split(list(read_path(table)))
    assert [r.trial_id for r in records] == ["NCT00000001", "NCT00000002", "NCT00000003"]
    assert len(records[1].document_text) == 200_000  # a long field is read whole
    (err,) = errors
    assert err.record_id == "line 5" and "UTF-8" in str(err)


def test_fifos_and_devices_in_a_directory_are_skipped_with_an_error(tmp_path):
    _good(tmp_path, 1)
    os.mkfifo(tmp_path / "pipe.json")  # opening it would block for ever
    records, errors = _split(list(read_path(tmp_path)))
    assert len(records) == 1
    (err,) = errors
    assert err.file.endswith("pipe.json") and "FIFO" in str(err)
    (dev,) = read_path("/dev/zero")  # named on the command line: never read (it never ends)
    assert isinstance(dev, InputError) and "device" in str(dev)


def test_an_unreadable_subdirectory_is_reported(tmp_path, monkeypatch):
    _good(tmp_path, 1)
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    records, errors = _split(list(read_path(tmp_path)))
    assert len(records) == 1
    (err,) = errors
    assert err.file.endswith("locked") and "cannot list directory" in str(err) and "Permission denied" in str(err)


def test_symlinks_out_of_the_input_directory_are_skipped_unless_followed(tmp_path):
    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir()
    outside.mkdir()
    _good(inside, 1)
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (inside / "passwd.txt").symlink_to(outside / "secret.txt")
    (inside / "alias.json").symlink_to(inside / "good0.json")  # inside the tree: read
    (inside / "elsewhere").symlink_to(outside, target_is_directory=True)
    records, errors = _split(list(read_path(inside)))
    assert [r.trial_id for r in records] == ["NCT80000000", "NCT80000000"]
    assert sorted(os.path.basename(e.file) for e in errors) == ["elsewhere", "passwd.txt"]
    assert all("leads out of the input directory" in str(e) for e in errors)
    followed, errors = _split(list(read_path(inside, follow_symlinks=True)))
    assert not errors and any("root:x:0:0" in r.document_text for r in followed)


def test_a_directory_walk_keeps_the_old_order(tmp_path):
    for rel in ("b/2.txt", "a/1.txt", "z.txt", "a/c/3.txt", "a/0.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"Inclusion Criteria:\n- {rel}\n", encoding="utf-8")
    order = [os.path.relpath(r.source.path, tmp_path) for r in read_path(tmp_path)]
    assert order == ["z.txt", "a/0.txt", "a/1.txt", "a/c/3.txt", "b/2.txt"]  # os.walk's: files, then subdirectories
    shutil.rmtree(tmp_path / "a")
