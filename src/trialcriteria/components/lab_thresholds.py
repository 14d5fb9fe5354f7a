"""Lab thresholds of each criterion: a thin wrapper over extract.thresholds and normalize.labs.

Reads the criteria spans from doc.user_data["criteria"] and the analyte mentions from doc.spans["analytes"];
writes one list of LabThreshold records per criterion to doc._.lab_thresholds (plain, picklable data)."""

from spacy.language import Language
from spacy.tokens import Doc

from ..extract.thresholds import Mention, extract
from ..normalize.labs import to_threshold
from ..resources import analytes as load_analytes
from ..schema import LabThreshold
from .analytes import GROUP

if not Doc.has_extension("lab_thresholds"):
    Doc.set_extension("lab_thresholds", default=None)


@Language.factory("lab_thresholds", requires=["doc.spans"], assigns=["doc._.lab_thresholds"])
def make_lab_thresholds(nlp: Language, name: str):
    return LabThresholds()


def thresholds_for(text: str, criteria: list[tuple[int, int]], mentions: list[Mention]) -> list[list[LabThreshold]]:
    """Pure: per criterion, its lab thresholds (offsets into text)."""
    lexicon = load_analytes()
    out = []
    for start, end in criteria:
        local = [Mention(m.start - start, m.end - start, m.analyte_id) for m in mentions if m.start >= start and m.end <= end]
        sub = text[start:end]
        out.append([to_threshold(d, sub, start, lexicon[d.analyte_id]) for d in extract(sub, local)])
    return out


class LabThresholds:
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        criteria = doc.user_data.get("criteria") or [(0, len(text))]
        mentions = [Mention(s.start_char, s.end_char, s.label_) for s in doc.spans.get(GROUP, [])]
        doc._.lab_thresholds = thresholds_for(text, criteria, mentions)
        return doc
