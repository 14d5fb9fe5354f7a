"""Sentence boundaries at criterion boundaries: each criterion (doc.user_data["criteria"], a list of
(start, end) character offsets) starts a sentence, and so does each sentence inside a criterion, so that
sentence-level components (ConText) never reach across criteria or sentences."""


import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("criterion_sentences")
def make_criterion_sentences(nlp: Language, name: str):
    return CriterionSentences()


def sentence_starts(token_starts: list[int], criteria_starts: list[int]) -> list[bool]:
    """Pure: which tokens start a criterion (the first token at or after each criterion start)."""
    out, k = [], 0
    starts = sorted(criteria_starts)
    for i, idx in enumerate(token_starts):
        flag = i == 0
        while k < len(starts) and starts[k] <= idx:
            flag, k = True, k + 1
        out.append(flag)
    return out


class CriterionSentences:
    def __call__(self, doc: Doc) -> Doc:
        from ..segment.prose import split_sentences

        starts = []
        text = doc.text  # built from the tokens on each access: once per doc
        for s, e in doc.user_data.get("criteria", []):
            starts += [a for a, _ in split_sentences(text, s, e)] or [s]
        flags = sentence_starts([t.idx for t in doc], starts)
        if flags:  # in one pass: setting token.is_sent_start token by token rescans the doc each time
            values = numpy.array([[1 if f else -1] for f in flags], dtype="int32")
            doc.from_array([SENT_START], values.astype("uint64"))
        return doc
