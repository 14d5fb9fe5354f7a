"""Drug and drug-class mentions with medspaCy's TargetMatcher, from resources/drugs.jsonl and
drug_classes.jsonl (names and synonyms matched case-insensitively, on a copy of the doc without whitespace
tokens). Mentions go to the span group doc.spans["drugs"] (label `drug:<id>` or `class:<id>`)."""

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicons.drugs import lexicon
from .analytes import _longest

GROUP = "drugs"


@Language.factory("drug_matcher")
def make_drug_matcher(nlp: Language, name: str):
    return DrugMatcher(nlp, name)


class DrugMatcher:
    def __init__(self, nlp: Language, name: str = "drug_matcher"):
        from medspacy.target_matcher import TargetMatcher, TargetRule

        lex = lexicon()
        rules = []
        seen = set()
        # literals keep their case: the tokenizer splits "St. John's" and "st. john's" differently
        for d in lex.drugs.values():
            for text in dict.fromkeys([d.name, *d.synonyms]):
                if text not in seen:
                    seen.add(text)
                    rules.append(TargetRule(text, f"drug:{d.id}"))
        for c in lex.classes.values():
            for text in dict.fromkeys([c.name, *c.synonyms]):
                if text not in seen:
                    seen.add(text)
                    rules.append(TargetRule(text, f"class:{c.id}"))
        self.matcher = TargetMatcher(nlp, name=f"{name}_target", phrase_matcher_attr="LOWER", result_type="group",
                                     span_group_name=GROUP)
        self.matcher.add(rules)

    def __call__(self, doc: Doc) -> Doc:
        keep = [i for i, t in enumerate(doc) if not t.is_space]
        spans: list[Span] = []
        if keep:
            compact = Doc(doc.vocab, words=[doc[i].text for i in keep], spaces=[True] * len(keep))
            self.matcher(compact)
            for s in compact.spans.get(GROUP, []):
                spans.append(Span(doc, keep[s.start], keep[s.end - 1] + 1, label=s.label_))
        doc.spans[GROUP] = sorted(_longest(spans), key=lambda s: (s.start, -s.end))
        return doc
