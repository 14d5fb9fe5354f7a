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


def test_a_negated_permission_is_a_prohibition_in_either_section():
    text = ("Inclusion Criteria:\n- No G-CSF is allowed within 2 weeks before enrollment.\n"
            "- Heparin is not allowed, and no other anticoagulants are permitted.\n"
            "- No prior chemotherapy; prior tamoxifen is allowed.\n"
            "- Prior chemotherapy, radiotherapy, and tamoxifen are allowed.\n"
            "Exclusion Criteria:\n- No concurrent warfarin is permitted\n")
    got = _drugs(parse_text(text))
    assert got[("inc-1", "gcsf")][1] == "forbidden"
    assert got[("inc-2", "heparin")][1] == "forbidden"
    assert got[("inc-2", "anticoagulants")][1] == "forbidden"
    # across ";" the permission speaks of tamoxifen only
    assert got[("inc-3", "chemotherapy")][1] == "forbidden"
    assert got[("inc-3", "tamoxifen")] == ("exception", "allowed")
    # a list before the permission cue: every item allowed
    assert got[("inc-4", "chemotherapy")] == ("exception", "allowed")
    assert got[("inc-4", "tamoxifen")] == ("exception", "allowed")
    # "No X is permitted" in an exclusion list still forbids X (it is not a double negation)
    assert got[("exc-1", "warfarin")][1] == "forbidden"


# ------------------------------------------------------------------------- ConText over bounded windows

import random  # noqa: E402

from trialcriteria.components.context import BracketIndex, bracketed_away, windows  # noqa: E402
from trialcriteria.segment.lines import bracket_pairs  # noqa: E402

from conftest import REPO  # noqa: E402


def test_windows_are_sentences_and_long_sentences_are_cut():
    starts, cut = windows([0, 10, 300], 700, size=256)
    assert starts == [0, 10, 266, 300, 556] and cut == [1, 2]
    assert windows([0, 5], 9) == ([0, 5], [])


def _reference(component, doc, targets):
    """ConText as medspaCy runs it (one graph per sentence, scopes from each modifier's sentence, every pair of
    modifiers compared): what the windowed component must give on real text."""
    from medspacy.context import ConTextGraph, ConTextModifier

    sent_of = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
    groups = {}
    for i, t in enumerate(targets):
        for k in range(sent_of[t.start], sent_of[t.end - 1] + 1):
            groups.setdefault(k, ([], []))[0].append(i)
    for match_id, start, end in component.matcher(doc):
        if sent_of[start] in groups:
            rule = component.matcher.rule_map[component.nlp.vocab[match_id].text]
            groups[sent_of[start]][1].append(ConTextModifier(rule, start, end, doc))
    found = [[] for _ in targets]
    for members, mods in groups.values():
        graph = ConTextGraph(targets=[targets[i] for i in members], modifiers=mods)
        graph.update_scopes()
        graph.apply_modifiers()
        position = {id(targets[i]): i for i in members}
        for target, m in graph.edges:
            found[position[id(target)]].append((m.category, m.modifier_span, m.scope_span))
    return found


def test_windowed_context_gives_medspacy_s_own_result_on_real_text():
    from trialcriteria.components.criterion_facts import TARGETS
    from trialcriteria.nlp import _make_doc, get_nlp
    from trialcriteria.pipeline import _tree
    from trialcriteria.schema import Source, TrialRecord

    nlp = get_nlp()
    component = nlp.get_pipe("criteria_context")
    for seed in sorted((REPO / "corpora" / "seeds").glob("*.txt"))[:3]:
        record = TrialRecord(trial_id="T", source=Source(path="s", format="text"), document_text=seed.read_text(),
                             from_registry_field=False)
        _, criteria, text = _tree(record)
        doc = _make_doc(nlp, text, [(c.start, c.end) for c in criteria], [c.section for c in criteria])
        for name, proc in nlp.pipeline:
            if name != "criteria_context":
                doc = proc(doc)
        targets = list(doc.spans[TARGETS])
        ours = [[(m[0], m[1], m[2]) for m in ms] for ms in component.modifiers(doc, targets)]
        theirs = _reference(component, doc, targets)
        as_chars = [[(c, doc[a:b].start_char, doc[a:b].end_char) for c, (a, b), _ in ms] for ms in theirs]
        assert ours == as_chars and any(ours)
        assert doc.user_data["context_windows"] == []


def test_the_bracket_index_answers_as_bracketed_away():
    rnd = random.Random(5)
    for _ in range(3000):
        text = "".join(rnd.choice("()[]{}（）ab ") for _ in range(rnd.randint(0, 40)))
        pairs = bracket_pairs(text)
        index = BracketIndex(pairs)
        for _ in range(5):
            a = rnd.randint(0, len(text))
            b = rnd.randint(a, len(text))
            c = rnd.randint(0, len(text))
            d = rnd.randint(c, len(text))
            assert index.away((a, b), (c, d)) == bracketed_away(pairs, (a, b), (c, d))


def test_a_sentence_too_long_for_context_is_read_in_windows_with_a_warning():
    text = "Exclusion Criteria:\n- " + "no history of warfarin unless not pregnant except " * 60 + "\n"
    result = parse_text(text)
    (warning,) = [w for w in result.warnings if w.code == "context_windows"]
    assert warning.end - warning.start > 2000 and "windows of 256 tokens" in warning.message
