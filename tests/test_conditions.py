"""Conditions coded with MeSH (lexicons/terms.py, lexicons/conditions.py, extract/conditions.py): term matching,
elliptic lists, classes, descent, ICD-10-CM, status qualifiers, window links, and the pipeline's context."""

import pytest

from trialcriteria.extract.conditions import condition_spans, statuses, window_for
from trialcriteria.extract.windows import windows
from trialcriteria.lexicons.conditions import conditions
from trialcriteria.lexicons.terms import TermIndex, normalize_word, words

from helpers import parse_text


def _codes(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], ident) for a, b, ident in condition_spans(text, 0, len(text))]


def test_words_drop_the_possessive_and_normalize_plurals_spelling_and_roman_numerals():
    assert [w for w, _, _ in words("Crohn's disease")] == ["Crohn", "disease"]
    assert normalize_word("Neoplasms") == normalize_word("neoplasm")
    assert normalize_word("neuropathies") == "neuropathy"
    assert normalize_word("tumour") == normalize_word("tumor")
    assert normalize_word("haemorrhage") == normalize_word("hemorrhage")
    assert normalize_word("II") == "2"
    assert normalize_word("psoriasis") == "psoriasis"  # no plural "s" taken off "-is"


def test_term_index_takes_the_longest_match_and_matches_acronyms_by_case():
    index = TermIndex()
    index.add("lung cancer", "L")
    index.add("non-small cell lung cancer", "N")
    index.add("ALL", "A", acronym=True)
    text = "Non-small-cell lung cancers and lung cancer; all patients; ALL"
    assert [(text[a:b], v) for a, b, v in index.find(text)] == [
        ("Non-small-cell lung cancers", "N"), ("lung cancer", "L"), ("ALL", "A")]
    # words with a comma or a full stop between them are not one term
    assert index.find("lung. Cancer") == []


def test_mesh_terms_and_curated_terms_are_coded():
    assert _codes("History of interstitial lung disease") == [("interstitial lung disease", "D017563")]
    assert _codes("Crohn's disease") == [("Crohn's disease", "D003424")]
    assert _codes("known HIV infection") == [("HIV infection", "D015658")]
    assert _codes("NSCLC") == [("NSCLC", "D002289")]
    assert _codes("brain metastases") == [("brain metastases", "D001932")]


def test_class_phrases_map_to_the_class_descriptor():
    assert _codes("any malignancy")[0][1] == "D009369"
    assert _codes("autoimmune disease") == [("autoimmune disease", "D001327")]
    assert _codes("cardiovascular disease") == [("cardiovascular disease", "D002318")]
    assert _codes("active infection")[0][1] == "D007239"
    assert _codes("psychiatric illness") == [("psychiatric illness", "D001523")]


def test_descent_through_the_parent_graph_and_tree_numbers():
    lex = conditions()
    assert lex.is_a("D001932", "D009369")  # brain neoplasms are neoplasms
    assert lex.is_a("D009369", "D009369")
    assert not lex.is_a("D009369", "D001932")
    assert not lex.is_a("D006973", "D009369")  # hypertension is no neoplasm
    assert lex.descriptors["D009369"].tree_numbers == ("C04",)
    assert any(n.startswith("C04") for n in lex.descriptors["D001932"].tree_numbers)


def test_icd10cm_codes_come_with_the_descriptor():
    lex = conditions()
    assert "I10" in lex.descriptors["D006973"].icd10cm
    assert "E11" in lex.descriptors["D003924"].icd10cm


def test_elliptic_lists_name_one_condition_per_member():
    assert _codes("hepatitis B or C") == [("hepatitis B", "D006509"), ("C", "D006526")]
    assert _codes("breast, ovarian or colon cancer") == [
        ("breast", "D001943"), ("ovarian", "D010051"), ("colon cancer", "D003110")]
    assert _codes("type I or type II diabetes") == [("type I", "D003922"), ("type II diabetes", "D003924")]


def test_words_after_a_term_that_make_it_a_specimen_or_a_scale_are_no_condition():
    assert _codes("FFPE tumor tissue block") == []
    assert _codes("psychosis factor score of at least 4") == []


def test_context_rules_and_sites_give_a_more_specific_code():
    assert _codes("hypersensitivity to any component of the study drug") == [("hypersensitivity", "D004342")]
    assert _codes("malignant tumors of the central nervous system") == [
        ("malignant tumors of the central nervous system", "D016543")]


def test_an_acronym_restating_its_condition_is_not_a_second_mention():
    assert _codes("human immunodeficiency virus (HIV) infection")[0][1] == "D015658"
    assert [c for _, c in _codes("chronic obstructive pulmonary disease (COPD)")] == ["D029424"]


@pytest.mark.parametrize("text,target,expected", [
    ("history of interstitial lung disease", "interstitial lung disease", ["history"]),
    ("uncontrolled hypertension", "hypertension", ["uncontrolled"]),
    ("hypertension that is not controlled by medication", "hypertension", ["uncontrolled"]),
    ("well-controlled hypertension", "hypertension", ["controlled"]),
    ("symptomatic brain metastases", "brain metastases", ["symptomatic"]),
    ("asymptomatic brain metastases", "brain metastases", []),
    ("untreated brain metastases", "brain metastases", []),
    ("current or historical psychosis", "psychosis", ["active", "history"]),
    ("patients with hypertension", "hypertension", []),
])
def test_status_qualifiers(text, target, expected):
    a = text.index(target)
    assert statuses(text, a, a + len(target), 0, len(text)) == expected


def test_a_nearer_cue_after_another_condition_wins_over_a_cue_before_it():
    text = "History of interstitial lung disease or active hepatitis B"
    spans = condition_spans(text, 0, len(text))
    a, b, _ = spans[1]
    assert statuses(text, a, b, 0, len(text), [(x, y) for x, y, _ in spans]) == ["active"]


def test_window_links_a_condition_to_the_window_that_bounds_it():
    text = "Any other malignancy within 3 years prior to enrollment; history of stroke"
    wins = windows(text, 0)
    assert len(wins) == 1
    a = text.index("malignancy")
    assert window_for(text, a, a + len("malignancy"), wins) == 0
    s = text.index("stroke")
    assert window_for(text, s, s + len("stroke"), wins) is None


def test_conditions_in_the_pipeline_carry_context_polarity_and_codes():
    text = ("Inclusion Criteria:\n- Histologically confirmed non-small cell lung cancer\n"
            "Exclusion Criteria:\n- Any other malignancy within 3 years, other than basal cell carcinoma of the skin\n"
            "- Uncontrolled hypertension\n- No history of hepatitis B\n")
    result = parse_text(text)
    got = {(c.id, m.mesh_id): m for c in result.criteria for m in c.conditions}
    assert got[("inc-1", "D002289")].context.polarity == "required"
    malignancy = got[("exc-1", "D009369")]
    assert malignancy.context.polarity == "forbidden"
    assert malignancy.window == 0 and malignancy.tree_numbers == ["C04"]
    assert got[("exc-1", "D002280")].context.polarity == "allowed"
    assert got[("exc-2", "D006973")].status == ["uncontrolled"] and "I10" in got[("exc-2", "D006973")].icd10cm
    assert got[("exc-3", "D006509")].context.assertion == "negated"
