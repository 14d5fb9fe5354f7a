"""Batch runs: determinism, bad records, resume after kill -9, increments, zips, Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from trialcriteria.batch import BatchRun
from trialcriteria.batch import parse_records as REAL_PARSE
from trialcriteria.ingest import read_path
from trialcriteria.ingest.archive import unsafe_member

from conftest import FIXTURES

RECORDS = sorted((FIXTURES / "records").glob("*.json"))  # the API v2 fixtures


def make_dump(root: Path, n: int, corrupt: tuple[int, ...] = ()) -> Path:
    """n API v2 studies (fixture texts under fake ids) in 2-digit shard folders; `corrupt` indices broken."""
    for i in range(n):
        study = json.loads(RECORDS[i % len(RECORDS)].read_text(encoding="utf-8"))
        nct = f"NCT7{i:07d}"
        study["protocolSection"]["identificationModule"]["nctId"] = nct
        data = json.dumps(study, ensure_ascii=False).encode("utf-8")
        if i in corrupt:
            data = {0: data[:40], 1: data.decode().encode("utf-16"), 2: b"<clinical_study><id_info>"}[i % 3]
        path = root / f"{i % 100:02d}" / f"{nct}.{'xml' if i in corrupt and i % 3 == 2 else 'json'}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def batch(inputs, out, **kw):
    return BatchRun(inputs=[str(i) for i in inputs], outdir=out, **kw).run()


def test_bad_records_are_reported_and_good_ones_all_written(tmp_path):
    dump = make_dump(tmp_path / "dump", 60, corrupt=(3, 10, 20))
    summary = batch([dump], tmp_path / "out", chunk_size=7)
    assert summary.records == 60 and summary.written == 57 and summary.errors == 3
    cov = summary.coverage  # every criterion of every written trial has a status
    assert cov["criteria"] == cov["structured"] + cov["partly_structured"] + cov["not_structured"] > 0
    errors = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert sorted(Path(e["file"]).stem for e in errors) == ["NCT70000003", "NCT70000010", "NCT70000020"]
    reasons = " ".join(e["reason"] for e in errors)
    assert "malformed JSON" in reasons and "UTF-8" in reasons and "malformed XML" in reasons
    written = [json.loads(line)["trial_id"] for p in sorted((tmp_path / "out" / "results").glob("*.jsonl"))
               for line in p.read_text().splitlines()]
    assert len(written) == len(set(written)) == 57


def test_output_is_identical_whatever_the_number_of_workers(tmp_path):
    dump = make_dump(tmp_path / "dump", 45, corrupt=(5,))
    batch([dump], tmp_path / "one", chunk_size=4, workers=1, parquet=True)
    batch([dump], tmp_path / "two", chunk_size=4, workers=2, parquet=True)
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_resume_after_kill_9_equals_a_clean_run(tmp_path):
    dump = make_dump(tmp_path / "dump", 1200)
    cmd = [sys.executable, "-m", "trialcriteria.cli", "batch", str(dump), "--workers", "1", "--chunk-size", "20", "--no-progress"]
    subprocess.run(cmd + ["-o", str(tmp_path / "clean")], check=False, capture_output=True)
    killed = tmp_path / "killed"
    proc = subprocess.Popen(cmd + ["-o", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((killed / "index").glob("*.jsonl"))) < 30:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((killed / "index").glob("*.jsonl")))
    assert 0 < done_before < 60, "the run should have been killed about half-way"
    (killed / "results" / ".part-09999.jsonl.tmp-1").write_bytes(b'{"half": ')  # a half-written leftover
    res = subprocess.run(cmd + ["-o", str(killed)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "resumed chunks" in res.stderr
    assert files(killed) == files(tmp_path / "clean")  # the leftovers of the killed run are gone


def test_increments_reuse_unchanged_trials_and_report_changes(tmp_path):
    dump = make_dump(tmp_path / "dump", 30)
    batch([dump], tmp_path / "v1", chunk_size=8)
    # next dump: one trial changed, one removed, one added
    changed = next(dump.rglob("NCT70000004.json"))
    study = json.loads(changed.read_text())
    study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] += "\n* Able to swallow tablets"
    changed.write_text(json.dumps(study))
    next(dump.rglob("NCT70000007.json")).unlink()
    added = json.loads(next(dump.rglob("NCT70000001.json")).read_text())
    added["protocolSection"]["identificationModule"]["nctId"] = "NCT79999999"
    (dump / "99").mkdir(exist_ok=True)
    (dump / "99" / "NCT79999999.json").write_text(json.dumps(added))
    summary = batch([dump], tmp_path / "v2", chunk_size=8, previous=tmp_path / "v1")
    assert summary.changes == {"added": ["NCT79999999"], "changed": ["NCT70000004"], "removed": ["NCT70000007"]}
    assert summary.parsed == 2 and summary.reused == 28
    assert json.loads((tmp_path / "v2" / "changes.json").read_text()) == summary.changes
    batch([dump], tmp_path / "fresh", chunk_size=8)
    assert {k: v for k, v in files(tmp_path / "v2").items() if k != "changes.json"} == files(tmp_path / "fresh")


def test_a_zip_dump_is_streamed_and_unsafe_members_refused(tmp_path):
    dump = make_dump(tmp_path / "dump", 12)
    archive = tmp_path / "ctg-studies.json.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(dump.rglob("*.json")):
            zf.write(p, str(p.relative_to(dump)))
        zf.writestr("../../evil.json", b"{}")
        zf.writestr("bomb.json", b"0" * (5 * 1024 * 1024))
    items = list(read_path(archive))
    good = [i for i in items if hasattr(i, "trial_id")]
    bad = [str(i) for i in items if not hasattr(i, "trial_id")]
    assert len(good) == 12
    assert any("evil.json" in b and "climbs out" in b for b in bad)
    assert any("bomb.json" in b and "zip bomb" in b for b in bad)
    assert not (tmp_path.parent / "evil.json").exists()


def test_unsafe_member_names():
    assert unsafe_member("/etc/passwd") and unsafe_member("a/../../b.json") and unsafe_member("C:\\x.json")
    assert unsafe_member("35/NCT02252835.json") is None


def test_aact_eligibilities_table(tmp_path):
    table = tmp_path / "eligibilities.txt"
    table.write_text(
        "id|nct_id|sampling_method|gender|minimum_age|maximum_age|healthy_volunteers|population|criteria|gender_description|gender_based|adult|child|older_adult\n"
        '1|NCT00000001||All|18 Years|N/A|No||"Inclusion Criteria:~* Age 18+~* Has diagnosis~Exclusion Criteria:~* Pregnant"||f|t|f|t\n'
        "2|NCT00000002||Female|18 Years\n", encoding="utf-8")
    first, second = list(read_path(table))
    assert first.trial_id == "NCT00000001" and first.source.format == "aact"
    assert first.document_text == "Inclusion Criteria:\n* Age 18+\n* Has diagnosis\nExclusion Criteria:\n* Pregnant"
    assert first.std_ages == ["ADULT", "OLDER_ADULT"] and first.minimum_age == "P18Y" and first.maximum_age is None
    assert "fields where the header has 14" in str(second) and "line 3" in str(second)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_output(tmp_path):
    pytest.importorskip("distributed")
    dump = make_dump(tmp_path / "dump", 24, corrupt=(2,))
    batch([dump], tmp_path / "local", chunk_size=5, workers=1)
    batch([dump], tmp_path / "dask", chunk_size=5, workers=2, engine="dask")
    assert files(tmp_path / "local") == files(tmp_path / "dask")


# ------------------------------------------------------------------------------- hostile inputs and failures


def _hostile(root: Path) -> dict[str, str]:
    """Files that used to end a run, in a dump of good ones; name -> what its error says."""
    (root / "00" / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (root / "00" / "bigint.json").write_text('{"studies": [' + "1" * 5000 + "]}", encoding="utf-8")
    os.mkfifo(root / "00" / "pipe.json")
    (root / "00" / "passwd.txt").symlink_to("/etc/passwd")
    with open(os.fsencode(root / "01") + b"/NCT7\xff.txt", "wb") as fh:  # a good record under a bad name
        fh.write(b"Inclusion Criteria:\n- Age >= 18 years\n")
    return {"deep.json": "nested too deeply", "bigint.json": "digits", "pipe.json": "FIFO",
            "passwd.txt": "leads out of the input directory"}


def test_hostile_files_are_listed_and_every_good_record_written(tmp_path):
    dump = make_dump(tmp_path / "dump", 20)
    expected = _hostile(dump)
    summary = batch([dump], tmp_path / "out", chunk_size=6, workers=2)
    assert summary.written == 21 and summary.errors == 4
    errors = {Path(e["file"]).name: e["reason"] for e in map(json.loads, (tmp_path / "out" / "errors.jsonl").open())}
    assert set(errors) == set(expected) and all(expected[k] in errors[k] for k in expected)
    paths = [json.loads(line)["source"]["path"] for p in (tmp_path / "out" / "results").glob("*.jsonl")
             for line in p.read_text().splitlines()]
    assert any(p.endswith("NCT7\\xff.txt") for p in paths)


def _stalls_on_one(records):
    if any("STALL" in r.document_text for r in records):
        time.sleep(60)
    return REAL_PARSE(records)


def test_a_record_over_budget_is_an_error_entry_and_the_run_goes_on(tmp_path, monkeypatch):
    import trialcriteria.batch as batch_module
    from trialcriteria.workers import Budget

    dump = make_dump(tmp_path / "dump", 8)
    stall = next(dump.rglob("NCT70000003.json"))
    study = json.loads(stall.read_text())
    study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] += "\n* STALL"
    stall.write_text(json.dumps(study))
    monkeypatch.setattr(batch_module, "parse_records", _stalls_on_one)
    summary = batch([dump], tmp_path / "out", chunk_size=4, workers=2, budget=Budget(seconds=3, memory_mb=None))
    assert summary.written == 7 and summary.errors == 1 and summary.replaced >= 2
    (err,) = map(json.loads, (tmp_path / "out" / "errors.jsonl").open())
    assert err["record_id"] == "NCT70000003" and err["reason"].startswith("budget:")
    assert "characters" in err["reason"]


def test_temporary_files_of_a_killed_run_are_removed_on_resume(tmp_path):
    dump = make_dump(tmp_path / "dump", 10)
    batch([dump], tmp_path / "clean", chunk_size=4)
    out = tmp_path / "out"
    batch([dump], out, chunk_size=4)
    (out / "index" / "part-00002.jsonl").unlink()  # the last shard was not finished
    for leftover in ("results/.part-00002.jsonl.tmp-77", "errors/.part-00002.jsonl.tmp-77",
                     "index/.part-00002.jsonl.tmp-77", ".errors.jsonl.tmp-77", ".lock"):
        (out / leftover).write_bytes(b"half")
    summary = batch([dump], out, chunk_size=4)
    assert summary.resumed_chunks == 2
    assert files(out) == files(tmp_path / "clean")


def test_a_second_run_into_the_same_directory_is_refused(tmp_path):
    import fcntl

    from trialcriteria.batch import BatchError

    dump = make_dump(tmp_path / "dump", 3)
    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / ".lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BatchError, match="another batch run"):
            batch([dump], tmp_path / "out")
