"""Condition and procedure mentions of each criterion (a thin wrapper over extract.conditions.condition_spans and
extract.procedures.procedure_spans, which search the MeSH-built conditions lexicon and the procedure vocabulary).
Results are plain data (character offsets and codes, so that n_process > 1 works) on doc._.condition_spans and
doc._.procedure_spans: one list of (start, end, id) per doc, over all its criteria."""

from spacy.language import Language
from spacy.tokens import Doc

from ..extract.conditions import condition_spans
from ..extract.procedures import procedure_spans
from ..lexicons.terms import tokenize

for _name in ("condition_spans", "procedure_spans"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("condition_matcher", assigns=["doc._.condition_spans", "doc._.procedure_spans"])
def make_condition_matcher(nlp: Language, name: str):
    return ConditionMatcher()


class ConditionMatcher:
    def __init__(self):
        from ..lexicons.conditions import conditions, procedures

        conditions(), procedures()  # load the lexicons once, when the pipeline is built

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("text") or doc.text
        criteria = doc.user_data.get("criteria") or [(0, len(text))]
        found, procs = [], []
        for start, end in criteria:
            tokens = tokenize(text, start, end)  # once for both lexicons
            spans = condition_spans(text, start, end, tokens)
            found += spans
            procs += procedure_spans(text, start, end, spans, tokens)
        doc._.condition_spans = found
        doc._.procedure_spans = procs
        return doc
