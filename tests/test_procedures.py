"""Procedures of the vocabulary (extract/procedures.py): qualifiers, sites, acronyms, headings, coordination."""

from trialcriteria.extract.procedures import procedure_records, procedure_spans
from trialcriteria.extract.conditions import condition_spans

from helpers import parse_text


def _procs(text: str) -> list[tuple[str, str, str | None]]:
    spans = procedure_spans(text, 0, len(text), condition_spans(text, 0, len(text)))
    return [(p.text, p.id, p.site) for p in procedure_records(text, 0, len(text), spans, [])]


def test_vocabulary_entries_and_their_specific_ids():
    assert _procs("Major surgery within 4 weeks") == [("Major surgery", "major_surgery", None)]
    assert _procs("prior allogeneic stem cell transplant") == [
        ("allogeneic stem cell transplant", "allogeneic_hsct", None)]
    assert _procs("on hemodialysis") == [("hemodialysis", "dialysis", None)]
    assert _procs("prior colostomy") == [("colostomy", "other", None)]


def test_a_qualifier_before_a_generic_mention_makes_it_specific():
    assert _procs("major abdominal surgery") == [("surgery", "major_surgery", "abdominal")]
    assert _procs("allogeneic or autologous stem cell transplantation") == [
        ("allogeneic", "allogeneic_hsct", None), ("autologous stem cell transplantation", "autologous_hsct", None)]


def test_sites_after_and_before_radiotherapy_and_surgery():
    assert _procs("prior radiotherapy to the lung") == [("radiotherapy", "radiotherapy", "lung")]
    assert _procs("pelvic radiation") == [("radiation", "radiotherapy", "pelvic")]
    assert _procs("foot or ankle surgery") == [("surgery", "surgery", "foot or ankle")]
    assert _procs("prior radiotherapy to index lesion") == [("radiotherapy", "radiotherapy", None)]


def test_acronyms_that_name_something_else_and_headings_are_no_procedure():
    assert _procs("HCT > 30%") == []
    assert _procs("RT-PCR negative") == []
    assert _procs("Surgery:") == []
    assert _procs("surgically sterile") == []


def test_a_procedure_word_inside_a_condition_is_no_procedure():
    assert _procs("history of radiation pneumonitis") == []


def test_coordinated_words_name_one_procedure_each():
    assert [(t, i) for t, i, _ in _procs("Cardiac or thoracic surgery")] == [
        ("Cardiac", "cardiac_surgery"), ("surgery", "surgery")]


def test_procedures_in_the_pipeline_carry_window_and_polarity():
    text = "Exclusion Criteria:\n- Major surgery within 4 weeks before the first dose\n"
    c = parse_text(text).criteria[0]
    p = c.procedures[0]
    assert (p.id, p.context.polarity, p.window) == ("major_surgery", "forbidden", 0)
    assert c.time_windows[0].duration == "P4W"
