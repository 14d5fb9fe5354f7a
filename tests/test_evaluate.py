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
