"""The scorer on small hand-computed cases."""

from trialcriteria.evaluate.trees import Span, score_tree

TEXT = "A one. B two. C three. D four."
#       0     6 7    12   17   2224   29


def test_perfect_match():
    gold = [Span(0, 6, "inclusion", None), Span(7, 13, "inclusion", (0, 6))]
    c = score_tree(TEXT, gold, [Span(0, 6, "inclusion", None), Span(7, 13, "inclusion", (0, 6))])
    assert (c.tp, c.fp, c.fn) == (2, 0, 0)
    assert c.f1 == 1.0 and c.section_accuracy == 1.0 and c.parent_accuracy == 1.0


def test_whitespace_is_trimmed_before_comparing():
    c = score_tree(TEXT, [Span(7, 13, "inclusion", None)], [Span(6, 14, "inclusion", None)])
    assert c.tp == 1


def test_split_and_merge_errors_count_as_hand_computed():
    # gold: three criteria; prediction merges the first two and finds the third plus a spurious one
    gold = [Span(0, 6, "inclusion", None), Span(7, 13, "inclusion", None), Span(14, 22, "exclusion", None)]
    pred = [Span(0, 13, "inclusion", None), Span(14, 22, "inclusion", None), Span(23, 30, "exclusion", None)]
    c = score_tree(TEXT, gold, pred)
    assert (c.tp, c.fp, c.fn) == (1, 2, 2)
    assert abs(c.precision - 1 / 3) < 1e-9 and abs(c.recall - 1 / 3) < 1e-9
    assert abs(c.f1 - 1 / 3) < 1e-9
    assert c.section_accuracy == 0.0  # the one match has the wrong section


def test_parent_accuracy_compares_parent_spans():
    gold = [Span(0, 6, "inclusion", None), Span(7, 13, "inclusion", (0, 6)), Span(14, 22, "inclusion", (0, 6))]
    pred = [Span(0, 6, "inclusion", None), Span(7, 13, "inclusion", (0, 6)), Span(14, 22, "inclusion", (7, 13))]
    c = score_tree(TEXT, gold, pred)
    assert c.tp == 3 and c.parent_ok == 2 and abs(c.parent_accuracy - 2 / 3) < 1e-9


def test_empty_prediction_has_zero_recall():
    c = score_tree(TEXT, [Span(0, 6, "inclusion", None)], [])
    assert (c.tp, c.fp, c.fn) == (0, 0, 1) and c.recall == 0.0 and c.f1 == 0.0


# Conditions and procedures against the coding gold (evaluate/coding.py)

from trialcriteria.evaluate.coding import CodingScore, match, score_doc  # noqa: E402


def _c(text, start, mesh, status=(), polarity="forbidden"):
    return {"text": text, "start": start, "end": start + len(text), "mesh_id": mesh, "status": list(status),
            "polarity": polarity}


def test_coding_matches_by_overlap_and_prefers_the_same_code():
    gold = [_c("hepatitis B", 10, "D006509")]
    pred = [_c("active hepatitis", 3, "D006505"), _c("hepatitis B", 10, "D006509")]
    pairs, missed, extra = match(gold, pred, "conditions")
    assert pairs[0][1]["mesh_id"] == "D006509" and missed == [] and len(extra) == 1


def test_coding_scores_exact_and_same_or_ancestor_separately():
    gold = [_c("brain metastases", 0, "D001932", ["symptomatic"]), _c("hypertension", 30, "D006973"),
            _c("asthma", 60, "D001249")]
    pred = [_c("brain metastases", 0, "D009369", ["symptomatic"]), _c("hypertension", 30, "D006973", ["uncontrolled"]),
            _c("obesity", 80, "D009765", polarity="required")]
    score = CodingScore()
    ancestors = {"D001932": {"D009369"}}
    rows = score_doc(gold, pred, "conditions", score, lambda g, p: g == p or p in ancestors.get(g, set()))
    assert (score.mentions.tp, score.mentions.fp, score.mentions.fn) == (2, 1, 1)
    assert (score.fields["exact"].agreed, score.fields["exact"].compared) == (1, 2)
    assert score.fields["same_or_ancestor"].agreed == 2
    assert score.fields["status"].agreed == 1
    assert (score.coded.tp, score.coded.fp, score.coded.fn) == (1, 2, 2)
    assert {r["error"] for r in rows} == {"missed", "extra", "fields"}


def test_procedure_scores_compare_id_and_site():
    gold = [{"text": "radiotherapy", "start": 0, "end": 12, "id": "radiotherapy", "site": "lung", "polarity": "forbidden"}]
    pred = [{"text": "radiotherapy", "start": 0, "end": 12, "id": "radiotherapy", "site": "chest", "polarity": "forbidden"}]
    score = CodingScore()
    score_doc(gold, pred, "procedures", score, lambda g, p: g == p)
    assert score.fields["id"].accuracy == 1.0 and score.fields["site"].accuracy == 0.0
