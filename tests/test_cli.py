import json

from typer.testing import CliRunner

from trialcriteria.cli import EXIT_FAIL, EXIT_PARTIAL, app
from trialcriteria.schema import TrialResult

from conftest import FIXTURES, REPO

runner = CliRunner()
V2 = FIXTURES / "records" / "fx01_v2_nsclc_kras.json"


def test_every_command_has_help():
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for name in ("parse", "schema", "score", "score-chia", "version"):
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0, name
        assert len(res.output.strip().splitlines()) > 3, name


def test_parse_a_record_prints_one_valid_result():
    res = runner.invoke(app, ["parse", str(V2)])
    assert res.exit_code == 0, res.output
    result = TrialResult.model_validate_json(res.stdout)
    assert result.trial_id == "NCT90000001" and result.source.format == "ctgov_v2"
    assert result.criteria[0].id == "inc-1"


def test_parse_stdin_and_jsonl():
    res = runner.invoke(app, ["parse", "-", "--jsonl"], input="Inclusion Criteria:\n- Age >= 18\n")
    assert res.exit_code == 0
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["criteria"][0]["text"] == "Age >= 18"


def test_unreadable_inputs_get_a_message_and_exit_codes(tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02binary")
    res = runner.invoke(app, ["parse", str(binary)])
    assert res.exit_code == EXIT_FAIL
    assert "binary" in res.stderr and str(binary) in res.stderr
    res = runner.invoke(app, ["parse", str(tmp_path / "missing.txt"), str(V2), "--jsonl"])
    assert res.exit_code == EXIT_PARTIAL
    assert "no such file" in res.stderr and len(res.stdout.strip().splitlines()) == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"protocolSection": ', encoding="utf-8")
    res = runner.invoke(app, ["parse", str(bad)])
    assert res.exit_code == EXIT_FAIL and "malformed JSON" in res.stderr


def test_schema_is_json_schema_with_the_version_field():
    res = runner.invoke(app, ["schema"])
    schema = json.loads(res.stdout)
    assert schema["title"] == "TrialResult"
    assert "schema_version" in schema["properties"] and "Criterion" in schema["$defs"]
    assert schema["$defs"]["Criterion"]["additionalProperties"] is False


def test_score_prints_a_table_and_writes_json(tmp_path):
    pred = tmp_path / "pred.jsonl"
    assert runner.invoke(app, ["parse", str(V2), "--jsonl", "-o", str(pred)]).exit_code == 0
    out = tmp_path / "score.json"
    res = runner.invoke(app, ["score", str(pred), str(REPO / "annotations" / "trees" / "fixture-01.json"), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "fixture-01" in res.stdout and "micro" in res.stdout
    assert json.loads(out.read_text())["trees"]["micro"]["f1"] == 1.0
