"""What a curator and a data scientist trip over on first use: trial ids of text files, files that are no study,
duplicates, read_dump on a missing path, the Results repr."""

import json

import pytest
from typer.testing import CliRunner

import trialcriteria as tc
from trialcriteria.cli import EXIT_PARTIAL, EXIT_USAGE, app
from trialcriteria.ingest import text_record
from trialcriteria.schema import TrialResult

from conftest import FIXTURES

runner = CliRunner()
V2 = FIXTURES / "records" / "fx01_v2_nsclc_kras.json"
CRITERIA = "Inclusion Criteria:\n- Age >= 18 years\n- ECOG 0-1\n"
RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>ClinicalTrials.gov search</title>'
       "<item><title>A study</title><link>https://clinicaltrials.gov/study/NCT01234567</link></item>"
       "</channel></rss>")


def test_a_text_file_takes_the_nct_id_of_its_name_and_says_so(tmp_path):
    path = tmp_path / "NCT06385925.txt"
    path.write_text(CRITERIA)
    res = runner.invoke(app, ["parse", str(path)])
    assert res.exit_code == 0, res.output
    result = TrialResult.model_validate_json(res.stdout)
    assert result.trial_id == "NCT06385925"
    assert result.source.id_from == "file_name"


def test_trial_id_sources_in_order():
    # the file name wins over an NCT id quoted in the text; then the text; then a hash of the text
    assert text_record("See NCT01111111.\n" + CRITERIA, path="dir/NCT02222222_criteria.txt").trial_id == "NCT02222222"
    rec = text_record("Protocol for NCT01111111.\n" + CRITERIA, path="dir/protocol.txt")
    assert (rec.trial_id, rec.source.id_from) == ("NCT01111111", "text")
    rec = text_record(CRITERIA, path="dir/protocol.txt")
    assert rec.trial_id.startswith("text-") and rec.source.id_from == "content_hash"
    # two different NCT ids in a file name say nothing about which trial it is
    rec = text_record(CRITERIA, path="NCT01111111_vs_NCT02222222.txt")
    assert rec.source.id_from == "content_hash"


def test_id_option_and_trial_id_argument(tmp_path):
    path = tmp_path / "protocol.txt"
    path.write_text(CRITERIA)
    res = runner.invoke(app, ["parse", str(path), "--id", "SITE-042"])
    assert res.exit_code == 0, res.output
    result = TrialResult.model_validate_json(res.stdout)
    assert (result.trial_id, result.source.id_from) == ("SITE-042", "user")
    assert tc.parse(CRITERIA, trial_id="SITE-043").trial_id == "SITE-043"


def test_id_option_refuses_several_records(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(CRITERIA)
    res = runner.invoke(app, ["parse", str(tmp_path), "--id", "X"])
    assert res.exit_code == EXIT_USAGE
    assert "--id" in res.output and "2 records" in res.output


def _dump(tmp_path, *, broken: bool):
    d = tmp_path / "dump"
    d.mkdir()
    (d / "study.json").write_bytes(V2.read_bytes())
    (d / "copy.json").write_bytes(V2.read_bytes())  # the same trial again
    (d / "feed.xml").write_text(RSS)
    if broken:
        (d / "broken.json").write_text('{"protocolSection": {"identificationModule": ')
    return d


def test_batch_skips_files_that_are_no_study_and_exits_0(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["batch", str(_dump(tmp_path, broken=False)), "-o", str(out), "--workers", "1", "--no-progress"])
    assert res.exit_code == 0, res.output
    skipped = [json.loads(line) for line in (out / "skipped.jsonl").read_text().splitlines()]
    assert [s["file"].endswith("feed.xml") for s in skipped] == [True]
    assert skipped[0]["skipped"] is True and "RSS" in skipped[0]["reason"]
    assert (out / "errors.jsonl").read_text() == ""
    assert "skipped 1 files" in res.output
    # the same trial in two files: both kept, and the summary says so
    assert "duplicates: 1 trials appear in more than one record (1 extra copies" in res.output


def test_batch_exits_3_only_for_studies_that_failed(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["batch", str(_dump(tmp_path, broken=True)), "-o", str(out), "--workers", "1", "--no-progress"])
    assert res.exit_code == EXIT_PARTIAL, res.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == 1 and errors[0]["file"].endswith("broken.json") and errors[0]["skipped"] is False
    assert len((out / "skipped.jsonl").read_text().splitlines()) == 1


def test_parse_notes_a_feed_and_exits_0(tmp_path):
    feed = tmp_path / "search.xml"
    feed.write_text(RSS)
    res = runner.invoke(app, ["parse", str(feed), str(V2), "--jsonl"])
    assert res.exit_code == 0, res.output
    assert "skipped:" in res.output and "RSS" in res.output
    assert '"trial_id":"NCT90000001"' in res.stdout


def test_read_dump_on_a_missing_path_raises_at_once(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        tc.read_dump(tmp_path / "ctg-studies.json.zip")


def test_results_repr_counts_trials_and_errors(tmp_path):
    (tmp_path / "good.txt").write_text(CRITERIA)
    (tmp_path / "bad.json").write_text("{not json")
    results = tc.parse_many(tc.read_dump(tmp_path))
    text = repr(results)
    assert "1 trial " in text and "1 error" in text and ".errors" in text
    assert len(results.errors) == 1 and "bad.json" in results.errors[0].file
    assert repr(tc.api.Results()) .startswith("<Results: 0 trials")


def test_trials_table_says_where_the_id_came_from(tmp_path):
    path = tmp_path / "NCT06385925.txt"
    path.write_text(CRITERIA)
    results = tc.parse_many(tc.read_dump(path))
    trials = results.to_frames()["trials"]
    assert trials.loc[0, "trial_id"] == "NCT06385925" and trials.loc[0, "id_from"] == "file_name"
