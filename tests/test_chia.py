"""External check: the segmenter against Chia's one-criterion-per-line files (issue 2, item 8)."""

from trialcriteria.chia.score import score_chia
from trialcriteria.chia.trials import chia_document


def test_chia_document_spans_leave_markers_out():
    text, spans = chia_document("1. Age over 18\n\nSigned consent \n", "Pregnancy")
    assert [text[s.start : s.end] for s in spans] == ["Age over 18", "Signed consent", "Pregnancy"]
    assert [s.section for s in spans] == ["inclusion", "inclusion", "exclusion"]


def test_boundary_f1_on_chia_lines(shared):
    counts, n = score_chia(shared / "corpora" / "chia" / "brat")
    assert n >= 900
    assert counts.f1 >= 0.98, counts.row()


def test_iter_brat_files_reads_each_section_a_trial_has(tmp_path):
    from trialcriteria.chia.brat import iter_brat_files

    (tmp_path / "NCT1_inc.txt").write_bytes(b"Age >= 18\r\nECOG 0-1\n")
    (tmp_path / "NCT1_inc.ann").write_text("T1\tPerson 0 3\tAge\nT2\tValue 4 9\t>= 18\nR1\tHas_value Arg1:T1 Arg2:T2\n")
    (tmp_path / "NCT2_exc.txt").write_text("Pregnancy\n")  # no .ann: no annotations, not an error
    files = list(iter_brat_files(tmp_path, ["NCT1", "NCT2"]))
    assert [(f.trial, f.section) for f in files] == [("NCT1", "inc"), ("NCT2", "exc")]
    assert files[0].text.startswith("Age >= 18\r\n")  # CRLF kept: BRAT offsets count it
    assert files[0].entities["T2"].text == ">= 18"
    assert [(r.type, r.arg1, r.arg2) for r in files[0].relations] == [("Has_value", "T1", "T2")]
    assert files[1].entities == {} and files[1].relations == []


def test_chia_facts_are_scored_per_line_for_the_kinds_read(tmp_path):
    from trialcriteria.chia.score import read_chia_lines, score_chia_facts

    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "NCT1_inc.txt").write_text("Age ≥ 18 years\nPregnant or breast-feeding; positive pregnancy test\n")
    (brat / "NCT1_exc.txt").write_text("Use of warfarin within 4 weeks before enrollment\n")
    gold = tmp_path / "chia.jsonl"
    gold.write_text(
        '{"trial": "NCT1", "section": "inc", "line": 0, "type": "fact", "text": "Age ≥ 18 years", "kind": "age", "value": ">=18Y"}\n'
        '{"trial": "NCT1", "section": "inc", "line": 1, "type": "fact", "text": "Pregnant", "kind": "pregnancy", "value": "pregnant"}\n')
    # the exclusion line was read for facts only: its drug and its window are not scored
    (tmp_path / "chia_lines.txt").write_text("NCT1\tinc\t0\tall\nNCT1\tinc\t1\tfact\nNCT1\texc\t0\tfact\n")
    assert read_chia_lines(tmp_path / "chia_lines.txt")[("NCT1", "exc", 0)] == ("facts",)
    errors: list[dict] = []
    scores = score_chia_facts(brat, gold, errors)
    assert (scores["facts"].tp, scores["facts"].fn) == (2, 0)
    assert scores["facts"].fp == 1  # lactation is on line 1 and the gold lacks it; pregnancy twice counts once
    assert scores["drugs"].tp + scores["drugs"].fp + scores["drugs"].fn == 0
    assert scores["time_windows"].tp + scores["time_windows"].fp + scores["time_windows"].fn == 0
    assert errors == [{"trial": "NCT1", "section": "inc", "line": 1, "kind": "facts", "missed": [],
                       "extra": [("lactation", "lactating", "breast-feeding")]}]


def test_chia_derived_facts_gold(shared):
    """Issue 5's acceptance on our Chia-derived gold: F1 ≥ 0.85 for time windows, drugs and the other facts."""
    from pathlib import Path

    from trialcriteria.chia.score import score_chia_facts

    gold = Path(__file__).resolve().parents[1] / "annotations" / "facts" / "chia.jsonl"
    scores = score_chia_facts(shared / "corpora" / "chia" / "brat", gold)
    for kind in ("time_windows", "drugs", "facts"):
        assert scores[kind].f1 >= 0.85, (kind, scores[kind].row())
    assert scores["facts"].tp + scores["facts"].fn >= 400


def test_chia_facts_gold_records_quote_their_line_and_were_read_for_their_kind(shared):
    """Gold integrity: each record's text is on its Chia line, and the line is listed in chia_lines.txt as read
    for that kind of record (else the scorer would not score it)."""
    from pathlib import Path

    from trialcriteria.chia.score import RECORD_KINDS, read_chia_lines
    from trialcriteria.schema import ChiaGoldFact

    facts = Path(__file__).resolve().parents[1] / "annotations" / "facts"
    read = read_chia_lines(facts / "chia_lines.txt")
    brat = shared / "corpora" / "chia" / "brat"
    n = 0
    for name in ("chia.jsonl", "chia_second.jsonl"):
        for row in (facts / name).read_text(encoding="utf-8").splitlines():
            g = ChiaGoldFact.model_validate_json(row)
            line = (brat / f"{g.trial}_{g.section}.txt").read_bytes().decode("utf-8").split("\n")[g.line]
            assert g.text in line, (name, g.trial, g.section, g.line, g.text)
            assert RECORD_KINDS[g.type] in read[(g.trial, g.section, g.line)], (name, g.trial, g.section, g.line)
            n += 1
    assert n >= 900  # 886 records in the gold and 84 in the second annotation
