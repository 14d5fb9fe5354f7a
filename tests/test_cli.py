import json
import re

from typer.testing import CliRunner

from trialcriteria.cli import EXIT_FAIL, EXIT_PARTIAL, app
from trialcriteria.schema import TrialResult

from conftest import FIXTURES, REPO

runner = CliRunner()
V2 = FIXTURES / "records" / "fx01_v2_nsclc_kras.json"


COMMANDS = ("parse", "batch", "review", "schema", "score", "score-chia", "train", "evaluate-ner", "version", "match",
            "export", "score-execution", "lexicons", "lexicons build")


def _options(help_text: str) -> str:
    """The options box of a --help text."""
    return help_text.split("Options", 1)[1] if "Options" in help_text else ""


def test_every_command_has_help_with_an_example_in_plain_words():
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    assert "trialcriteria parse" in top.output and "no logic" not in top.output
    for name in COMMANDS:
        res = runner.invoke(app, [*name.split(), "--help"], terminal_width=100)
        assert res.exit_code == 0, name
        assert "Example: trialcriteria " + name.split()[0] in res.output, name
        # every option an example uses is one of the command's options (a group's examples name a subcommand)
        options = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", _options(res.output)))
        for example in re.findall(r"Example: (trialcriteria [^\n]*)", res.output) if name != "lexicons" else []:
            used = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", example))
            assert used <= options, (name, example, used - options)
        # flags without a type ('--jsonl', not '--jsonl <bool>'), arguments as 'PATHS...' (not '{paths}...')
        assert "<bool>" not in res.output and "{" not in res.output, name
        assert "<shared>" not in res.output, name


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


def _seed_like_result(tmp_path):
    res = runner.invoke(app, ["parse", "-", "--jsonl"],
                        input="Inclusion Criteria:\n- ANC >= 1500/uL\nExclusion Criteria:\n- Pregnancy\n")
    assert res.exit_code == 0
    out = tmp_path / "trials.jsonl"
    out.write_text(res.stdout)
    return out


def test_match_command_verdicts_and_bad_patient(tmp_path):
    trials = _seed_like_result(tmp_path)
    p = tmp_path / "p.json"
    p.write_text(json.dumps({"id": "p1", "sex": "male", "observations": [{"code": "anc", "value": 1.0, "unit": "10*9/L"}]}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "x", "gender": "male", "birthDate": "not a date"}}]}))
    out = tmp_path / "v.jsonl"
    res = runner.invoke(app, ["match", str(p), str(bad), "--trials", str(trials), "--date", "2026-06-01", "-o", str(out)])
    assert res.exit_code == EXIT_PARTIAL
    assert "p1\t" in res.stdout and "ineligible" in res.stdout
    assert "bad.json" in res.stderr and "Patient/x" in res.stderr and "birthDate" in res.stderr
    v = json.loads(out.read_text().splitlines()[0])
    assert v["verdict"] == "ineligible" and v["excluded_by"] == ["inc-1"] and v["criteria"][0]["evidence"]


def test_export_and_score_execution_commands(tmp_path):
    trials = _seed_like_result(tmp_path)
    out = tmp_path / "fhir.json"
    res = runner.invoke(app, ["export", str(trials), "--format", "fhir", "-o", str(out)])
    assert res.exit_code == 0 and "1 trial(s) exported" in res.stderr
    bundle = json.loads(out.read_text())
    assert bundle["entry"][0]["resource"]["resourceType"] == "EvidenceVariable"
    assert runner.invoke(app, ["export", str(trials), "--format", "omop"]).exit_code == 2
    res = runner.invoke(app, ["score-execution", str(trials), str(REPO / "annotations"), "--split", "dev"])
    assert res.exit_code == EXIT_FAIL and "sample.tsv" in res.stderr


# ----------------------------------------------------------------------------------- hostile inputs and outputs

import os  # noqa: E402


def test_parse_reports_each_hostile_file_and_writes_the_good_ones(tmp_path):
    (tmp_path / "good.json").write_bytes(V2.read_bytes())
    (tmp_path / "deep.json").write_text("{\"a\":" * 50_000 + "1" + "}" * 50_000, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.json")
    with open(os.fsencode(tmp_path) + b"/bad\xff.txt", "wb") as fh:
        fh.write(b"Inclusion Criteria:\n- Age >= 18 years\n")
    res = runner.invoke(app, ["parse", str(tmp_path), "--jsonl"])
    assert res.exit_code == EXIT_PARTIAL, res.output
    paths = [json.loads(line)["source"]["path"] for line in res.stdout.splitlines()]
    assert len(paths) == 2 and paths[0].endswith("bad\\xff.txt") and paths[1].endswith("good.json")
    assert "deep.json" in res.stderr and "nested too deeply" in res.stderr
    assert "pipe.json" in res.stderr and "FIFO" in res.stderr


def test_parse_html_escapes_ids_and_conditions(tmp_path):
    study = json.loads(V2.read_text(encoding="utf-8"))
    study["protocolSection"]["identificationModule"]["nctId"] = "<script>alert(1)</script>"
    study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = (
        "Inclusion Criteria:\n- Hemoglobin >= 9 g/dL if <script>alert(2)</script> metastases\n- No <b>warfarin</b>\n")
    src = tmp_path / "x.json"
    src.write_text(json.dumps(study), encoding="utf-8")
    page = tmp_path / "facts.html"
    res = runner.invoke(app, ["parse", str(src), "--html", str(page), "-o", str(tmp_path / "x.out.json")])
    assert res.exit_code == 0, res.output
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)" in html and "&lt;script&gt;alert(2)" in html


def test_output_problems_give_one_clear_line(tmp_path, monkeypatch):
    res = runner.invoke(app, ["parse", str(V2), "-o", "/dev/full"])
    assert res.exit_code == EXIT_FAIL
    assert res.stderr.strip().splitlines() == ["error: cannot write /dev/full: No space left on device"]
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    res = runner.invoke(app, ["batch", str(V2), "-o", str(not_a_dir / "out"), "--workers", "1", "--no-progress"])
    assert res.exit_code == EXIT_FAIL
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("error: cannot write to the output directory") and "Not a directory" in line

    import errno

    import trialcriteria.batch as batch_module

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(batch_module, "_write_atomic", full)
    res = runner.invoke(app, ["batch", str(V2), "-o", str(tmp_path / "out"), "--workers", "1", "--no-progress"])
    assert res.exit_code == EXIT_FAIL
    (line,) = res.stderr.strip().splitlines()
    assert "No space left on device" in line and "run.json" in line
