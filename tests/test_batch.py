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
    clean, resumed = files(tmp_path / "clean"), files(killed)
    resumed = {k: v for k, v in resumed.items() if ".tmp-" not in k}
    assert resumed == clean


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
