"""Analyte mentions with medspaCy's TargetMatcher, from rules kept as data (resources/analytes.jsonl).

Names and synonyms match case-insensitively, abbreviations case-sensitively (both as TargetMatcher literal
rules, i.e. phrase matching); both tolerate line breaks and runs of spaces between their words. Matches go to the span group `doc.spans["analytes"]` (label = analyte
id), leaving doc.ents to the NER model. Abbreviations a trial defines itself ("urine protein/creatinine ratio
(UPCR)") are added from scispaCy's AbbreviationDetector when their long form is an analyte."""


import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import analytes as load_analytes

GROUP = "analytes"


def _longest(spans: list[Span]) -> list[Span]:
    """Drop a match inside a longer one ("creatinine" inside "serum creatinine"); keep distinct ones."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and s.start >= out[-1].start and s.end <= out[-1].end:
            continue
        out.append(s)
    return out


def target_rules(entries) -> tuple[list, list]:
    """medspaCy TargetRules: names and synonyms (matched on LOWER), abbreviations (matched on ORTH)."""
    from medspacy.target_matcher import TargetRule

    names = [TargetRule(text, e.id) for e in entries for text in dict.fromkeys([e.name, *e.synonyms])]
    abbreviations = [TargetRule(text, e.id) for e in entries for text in e.abbreviations]
    return names, abbreviations


@Language.factory("analyte_matcher", default_config={"abbreviations": True})
def make_analyte_matcher(nlp: Language, name: str, abbreviations: bool):
    return AnalyteMatcher(nlp, name, abbreviations)


class AnalyteMatcher:
    """Two medspaCy TargetMatchers (case-insensitive names, case-sensitive abbreviations), run on a copy of
    the doc without whitespace tokens so that a name broken over lines ("24-h\\nurine protein") still matches;
    the matches are mapped back onto the doc."""

    def __init__(self, nlp: Language, name: str = "analyte_matcher", abbreviations: bool = True):
        from medspacy.target_matcher import TargetMatcher

        self.name = name
        self.use_abbreviations = abbreviations
        self.entries = list(load_analytes().values())
        names, abbrs = target_rules(self.entries)
        self.names = TargetMatcher(nlp, name=f"{name}_names", phrase_matcher_attr="LOWER", result_type="group",
                                   span_group_name=GROUP)
        self.names.add(names)
        self.abbrs = TargetMatcher(nlp, name=f"{name}_abbreviations", phrase_matcher_attr="ORTH",
                                   result_type="group", span_group_name=GROUP)
        self.abbrs.add(abbrs)

    def __call__(self, doc: Doc) -> Doc:
        keep = [i for i, t in enumerate(doc) if not t.is_space]
        compact = Doc(doc.vocab, words=[doc[i].text for i in keep], spaces=[True] * len(keep)) if keep else None
        spans: list[Span] = []
        if compact is not None:
            self.names(compact)
            found = list(compact.spans.get(GROUP, []))
            self.abbrs(compact)
            found += list(compact.spans.get(GROUP, []))
            for s in found:
                span = Span(doc, keep[s.start], keep[s.end - 1] + 1, label=s.label_)
                spans.append(span)
        spans = _longest(spans)
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
