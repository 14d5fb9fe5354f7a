"""External check: the segmenter against Chia's one-criterion-per-line files (issue 2, item 8)."""

from trialcriteria.evaluate import chia_document, score_chia


def test_chia_document_spans_leave_markers_out():
    text, spans = chia_document("1. Age over 18\n\nSigned consent \n", "Pregnancy")
    assert [text[s.start : s.end] for s in spans] == ["Age over 18", "Signed consent", "Pregnancy"]
    assert [s.section for s in spans] == ["inclusion", "inclusion", "exclusion"]


def test_boundary_f1_on_chia_lines(shared):
    counts, n = score_chia(shared / "corpora" / "chia" / "brat")
    assert n >= 900
    assert counts.f1 >= 0.98, counts.row()


def test_iter_brat_files_reads_each_section_a_trial_has(tmp_path):
    from trialcriteria.chia import iter_brat_files

    (tmp_path / "NCT1_inc.txt").write_bytes(b"Age >= 18\r\nECOG 0-1\n")
    (tmp_path / "NCT1_inc.ann").write_text("T1\tPerson 0 3\tAge\nT2\tValue 4 9\t>= 18\nR1\tHas_value Arg1:T1 Arg2:T2\n")
    (tmp_path / "NCT2_exc.txt").write_text("Pregnancy\n")  # no .ann: no annotations, not an error
    files = list(iter_brat_files(tmp_path, ["NCT1", "NCT2"]))
    assert [(f.trial, f.section) for f in files] == [("NCT1", "inc"), ("NCT2", "exc")]
    assert files[0].text.startswith("Age >= 18\r\n")  # CRLF kept: BRAT offsets count it
    assert files[0].entities["T2"].text == ">= 18"
    assert [(r.type, r.arg1, r.arg2) for r in files[0].relations] == [("Has_value", "T1", "T2")]
    assert files[1].entities == {} and files[1].relations == []
