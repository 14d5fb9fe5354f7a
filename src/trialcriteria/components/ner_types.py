"""Type corrections to the NER model's entities, after the model (rules in resources/ner_types.json): an
entity whose last word names a device ("cardiac pacemaker", "coronary stent") is a Device whatever type the
model gave it. Saved in the model's pipeline, so that `spacy.load` of the model and the full pipeline apply it
alike."""


from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..schema.rules import NerRelabelRule


@Language.factory("ner_type_rules")
def make_ner_type_rules(nlp: Language, name: str):
    return NerTypeRulesComponent()


def corrected_label(words: Sequence[str], label: str, rules: Sequence[NerRelabelRule]) -> str:
    """Pure: the type an entity takes from its lower-case alphabetic words and its model type (the first rule
    that applies wins)."""
    if not words:
        return label
    for rule in rules:
        if label in rule.from_labels and words[-1] in rule.heads:
            return rule.label
    return label


class NerTypeRulesComponent:
    def __init__(self) -> None:
        from ..resources import ner_type_rules

        self.rules = ner_type_rules().relabel

    def __call__(self, doc: Doc) -> Doc:
        ents, changed = [], False
        for ent in doc.ents:
            label = corrected_label([t.lower_ for t in ent if t.is_alpha], ent.label_, self.rules)
            if label != ent.label_:
                ent, changed = Span(doc, ent.start, ent.end, label=label), True
            ents.append(ent)
        if changed:
            doc.ents = ents
        return doc
