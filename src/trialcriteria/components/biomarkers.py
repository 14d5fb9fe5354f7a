"""Biomarker mentions of each criterion (a thin wrapper over extract.biomarkers), as plain data on
doc._.biomarkers (one list per criterion), added to the span group `targets` that ConText reads, so that each
mention gets its context and polarity like every other record."""

from spacy.language import Language
from spacy.tokens import Doc

from ..extract.biomarkers import extract_biomarkers, may_name_biomarkers
from .criterion_facts import TARGETS

if not Doc.has_extension("biomarkers"):
    Doc.set_extension("biomarkers", default=None)


@Language.factory("criterion_biomarkers", requires=["doc.spans"], assigns=["doc._.biomarkers", "doc.spans"])
def make_criterion_biomarkers(nlp: Language, name: str):
    return CriterionBiomarkers()


class CriterionBiomarkers:
    def __call__(self, doc: Doc) -> Doc:
        criteria = doc.user_data.get("criteria") or [(0, len(doc.text))]
        text = doc.user_data.get("text") or doc.text  # doc.text is built from the tokens on each access
        if not may_name_biomarkers(text):
            doc._.biomarkers = [[] for _ in criteria]
            return doc
        found = [extract_biomarkers(text[start:end], start) for start, end in criteria]
        doc._.biomarkers = found
        targets = list(doc.spans.get(TARGETS, []))
        index = list(doc.user_data.get("targets", []))
        extents = list(doc.user_data.get("target_extents") or [(s.start_char, s.end_char) for s in targets])
        for i, items in enumerate(found):
            for j, item in enumerate(items):
                span = doc.char_span(item.start, item.end, label="biomarkers", alignment_mode="expand")
                if span is not None and len(span):
                    targets.append(span)
                    index.append(("biomarkers", i, j))
                    extents.append((item.start, item.end))
        if len(targets) != len(doc.spans.get(TARGETS, [])):
            doc.spans[TARGETS] = targets
            doc.user_data["targets"] = index
            doc.user_data["target_extents"] = extents
        return doc
