"""Context and polarity (components/context.py, assemble.py) on criteria written for each cue."""

from trialcriteria.assemble import polarity

from helpers import parse_text


def test_polarity_from_section_and_assertion():
    assert polarity("inclusion", "affirmed") == "required"
    assert polarity("inclusion", "negated") == "forbidden"
    assert polarity("exclusion", "affirmed") == "forbidden"
    assert polarity("exclusion", "negated") == "required"
    assert polarity("exclusion", "exception") == "allowed"


def _drugs(result):
    return {(c.id, d.id): (d.context.assertion, d.context.polarity) for c in result.criteria for d in c.drugs}


def test_context_marks_exceptions_negations_and_allowed_lists():
    text = ("Inclusion Criteria:\n- ANC ≥ 1500/µL without G-CSF support\n"
            "Exclusion Criteria:\n- Prior use of cabozantinib. (prior use of lanreotide is acceptable)\n"
            "- Current use of immunosuppressive medication, except for inhaled steroids\n"
            "- Concomitant anticoagulation. Allowed anticoagulants are the following:\n"
            "  - low-dose aspirin\n"
            "- Live vaccination planned during the study\n")
    got = _drugs(parse_text(text))
    assert got[("inc-1", "gcsf")] == ("negated", "forbidden")
    assert got[("exc-1", "cabozantinib")] == ("affirmed", "forbidden")
    assert got[("exc-1", "lanreotide")] == ("exception", "allowed")
    assert got[("exc-2", "immunosuppressants")] == ("affirmed", "forbidden")
    assert got[("exc-2", "inhaled_corticosteroids")] == ("exception", "allowed")
    assert got[("exc-3.1", "aspirin")] == ("exception", "allowed")
    assert got[("exc-4", "live_vaccines")][0] == "hypothetical"
