"""Analyte mentions with medspaCy's TargetMatcher, from rules kept as data (resources/analytes.jsonl).

Names and synonyms match case-insensitively, abbreviations case-sensitively; both tolerate line breaks and
runs of spaces between their words. Matches go to the span group `doc.spans["analytes"]` (label = analyte
id), leaving doc.ents to the NER model. Abbreviations a trial defines itself ("urine protein/creatinine ratio
(UPCR)") are added from scispaCy's AbbreviationDetector when their long form is an analyte."""


import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import analytes as load_analytes

GROUP = "analytes"


def target_rules(nlp: Language, entries) -> list:
    """One medspaCy TargetRule per synonym / abbreviation, with token patterns from our tokenizer."""
    from medspacy.target_matcher import TargetRule

    rules = []
    for entry in entries:
        for text, attr in [(s, "LOWER") for s in [entry.name, *entry.synonyms]] + [(a, "TEXT") for a in entry.abbreviations]:
            tokens = [t.text for t in nlp.tokenizer(text) if not t.is_space]
            if not tokens:
                continue
            pattern = []
            for i, tok in enumerate(tokens):
                if i:
                    pattern.append({"IS_SPACE": True, "OP": "*"})
                pattern.append({attr: tok.lower() if attr == "LOWER" else tok})
            rules.append(TargetRule(text, entry.id, pattern=pattern))
    return rules


@Language.factory("analyte_matcher", default_config={"abbreviations": True})
def make_analyte_matcher(nlp: Language, name: str, abbreviations: bool):
    return AnalyteMatcher(nlp, name, abbreviations)


class AnalyteMatcher:
    def __init__(self, nlp: Language, name: str = "analyte_matcher", abbreviations: bool = True):
        from medspacy.target_matcher import TargetMatcher

        self.name = name
        self.use_abbreviations = abbreviations
        self.entries = list(load_analytes().values())
        self.matcher = TargetMatcher(nlp, name=f"{name}_target", result_type="group", span_group_name=GROUP)
        self.matcher.add(target_rules(nlp, self.entries))
        self.ids = {e.id for e in self.entries}

    def __call__(self, doc: Doc) -> Doc:
        doc = self.matcher(doc)
        spans = [s for s in doc.spans.get(GROUP, [])]
        if self.use_abbreviations and Doc.has_extension("abbreviations"):
            spans += self._defined_abbreviations(doc, spans)
        doc.spans[GROUP] = sorted(spans, key=lambda s: (s.start, -s.end))
        return doc

    @staticmethod
    def _defined_abbreviations(doc: Doc, spans: list[Span]) -> list[Span]:
        found = {(s.start_char, s.end_char) for s in spans}
        by_long = {}
        for s in spans:
            by_long[(s.start_char, s.end_char)] = s.label_
        extra = []
        for abrv in doc._.abbreviations or []:
            if isinstance(abrv, dict):  # serializable form: token indices
                short = (doc[abrv["short_start"]].idx, doc[abrv["short_end"] - 1].idx + len(doc[abrv["short_end"] - 1]))
                long_ = (doc[abrv["long_start"]].idx, doc[abrv["long_end"] - 1].idx + len(doc[abrv["long_end"] - 1]))
            else:
                short = (abrv.start_char, abrv.end_char)
                long_ = (abrv._.long_form.start_char, abrv._.long_form.end_char)
            label = by_long.get(long_) or next((lab for (s, e), lab in by_long.items() if long_[0] <= s and e == long_[1]), None)
            if label is None or short in found:
                continue
            span = doc.char_span(*short, label=label)
            if span is not None:
                extra.append(span)
                found.add(short)
        return extra

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "analytes.jsonl").write_text("".join(json.dumps(e.model_dump()) + "\n" for e in self.entries), encoding="utf-8")

    def from_disk(self, path, exclude=()):
        return self
