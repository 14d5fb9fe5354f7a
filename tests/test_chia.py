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
