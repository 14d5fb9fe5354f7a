"""medspaCy ConText with rules written for eligibility criteria (resources/context_rules.json), over the span
group `targets`; each fact's assertion and cue are written back onto its dict."""

import json

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import PACKAGE
from .criterion_facts import TARGETS

CATEGORY = {"NEGATED_EXISTENCE": "negated", "INELIGIBLE": "ineligible", "EXCEPTION": "exception",
            "CONDITIONAL": "conditional", "HYPOTHETICAL": "hypothetical"}
PRIORITY = ("exception", "negated", "ineligible", "conditional", "hypothetical")


def context_rules():
    from importlib import resources as res

    from medspacy.context import ConTextRule

    data = json.loads(res.files(PACKAGE).joinpath("context_rules.json").read_text(encoding="utf-8"))
    return [ConTextRule(r["literal"], r["category"], direction=r["direction"], max_scope=r.get("max_scope"))
            for r in data["context_rules"]]


@Language.factory("criteria_context")
def make_criteria_context(nlp: Language, name: str):
    return CriteriaContext(nlp, name)


class CriteriaContext:
    def __init__(self, nlp: Language, name: str = "criteria_context"):
        from medspacy.context import ConText

        self.context = ConText(nlp, name=f"{name}_medspacy", rules=None, input_span_type="group",
                               span_group_name=TARGETS, max_scope=None)
        self.context.add(context_rules())

    def __call__(self, doc: Doc) -> Doc:
        if not doc.spans.get(TARGETS):
            return doc
        doc = self.context(doc)
        stores = {"window": doc._.time_windows, "drug": doc._.drugs, "fact": doc._.facts, "mention": doc._.mentions}
        for span, (kind, i, j) in zip(doc.spans[TARGETS], doc.user_data.get("targets", [])):
            found = {}
            for mod in span._.modifiers:
                cat = CATEGORY.get(mod.category)
                if cat and cat not in found:
                    s, e = mod.modifier_span
                    cue = doc[s:e]
                    found[cat] = {"text": cue.text, "start": cue.start_char, "end": cue.end_char}
            assertion = next((c for c in PRIORITY if c in found), "affirmed")
            stores[kind][i][j]["context"] = {"assertion": assertion, "cue": found.get(assertion)}
        return doc
