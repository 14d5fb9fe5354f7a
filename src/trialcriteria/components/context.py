"""medspaCy ConText with rules written for eligibility criteria (resources/context_rules.json), over the span
group `targets`: what each target's modifiers assert (the category with the highest priority) and the cue, as
plain data on doc._.contexts: {(kind, criterion, item): (assertion, cue start, cue end)}. What an assertion
means for a matcher (polarity) is decided with the criterion's section by `assemble`."""

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import context_rules
from .criterion_facts import TARGETS

if not Doc.has_extension("contexts"):
    Doc.set_extension("contexts", default=None)


def medspacy_rules():
    from medspacy.context import ConTextRule

    return [ConTextRule(r.literal, r.category, direction=r.direction, max_scope=r.max_scope)
            for r in context_rules().context_rules]


def assertion(categories: list[tuple[str, int, int]]) -> tuple[str, int | None, int | None]:
    """Pure: (category, cue start, cue end) of a target's modifiers, in order -> (assertion, cue start, cue end):
    the first cue of each assertion counts, and the assertion of highest priority wins."""
    rules = context_rules()
    found: dict[str, tuple[int, int]] = {}
    for category, start, end in categories:
        name = rules.assertions.get(category)
        if name and name not in found:
            found[name] = (start, end)
    best = next((a for a in rules.priority if a in found), None)
    return (best, *found[best]) if best else ("affirmed", None, None)


@Language.factory("criteria_context", requires=["doc.spans"], assigns=["doc._.contexts"])
def make_criteria_context(nlp: Language, name: str):
    return CriteriaContext(nlp, name)


class CriteriaContext:
    def __init__(self, nlp: Language, name: str = "criteria_context"):
        from medspacy.context import ConText

        self.context = ConText(nlp, name=f"{name}_medspacy", rules=None, input_span_type="group",
                               span_group_name=TARGETS, max_scope=None)
        self.context.add(medspacy_rules())

    def __call__(self, doc: Doc) -> Doc:
        doc._.contexts = {}
        if not doc.spans.get(TARGETS):
            return doc
        doc = self.context(doc)
        for span, key in zip(doc.spans[TARGETS], doc.user_data.get("targets", [])):
            mods = [(m.category, doc[m.modifier_span[0] : m.modifier_span[1]].start_char,
                     doc[m.modifier_span[0] : m.modifier_span[1]].end_char) for m in span._.modifiers]
            found = assertion(mods)
            if found[0] != "affirmed":
                doc._.contexts[key] = found
        return doc
