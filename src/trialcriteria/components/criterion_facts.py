"""Time windows, drug mentions and the other facts of each criterion (thin wrapper over timewindows.py,
facts.py and the drug lexicon), and the span group `targets` that ConText reads. Results are plain data on
doc._.time_windows / doc._.drugs / doc._.facts (one list of dicts per criterion)."""

from spacy.language import Language
from spacy.tokens import Doc

from ..drugs import lexicon
from ..facts import extract_facts
from ..timewindows import extract_windows
from .drugs import GROUP as DRUGS

for _name in ("time_windows", "drugs", "facts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

TARGETS = "targets"


@Language.factory("criterion_facts")
def make_criterion_facts(nlp: Language, name: str):
    return CriterionFacts()


def _span(text: str, a: int, b: int, base: int) -> dict:
    return {"text": text[a:b], "start": a + base, "end": b + base}


def facts_for(text: str, start: int, end: int, drug_spans: list[tuple[int, int, str]], labs: list[dict]) -> tuple[list, list, list]:
    """Pure: (time windows, drugs, facts) of the criterion text[start:end] as dicts (offsets into text)."""
    sub = text[start:end]
    windows = []
    for w in extract_windows(sub):
        windows.append({
            "text": sub[w.start : w.end], "start": w.start + start, "end": w.end + start, "kind": w.kind,
            "comparator": w.comparator, "duration": w.duration, "duration_high": w.duration_high,
            "half_lives": w.half_lives, "combine": w.combine, "direction": w.direction, "anchor": w.anchor,
            "anchor_text": _span(sub, *w.anchor_span, start) if w.anchor_span else None,
            "constrains": _span(sub, *w.constrains, start) if w.constrains else None,
        })
    lex = lexicon()
    drugs = []
    for a, b, label in drug_spans:
        if a < start or b > end:
            continue
        kind, _, ident = label.partition(":")
        if kind == "drug":
            entry = lex.drugs[ident]
            drugs.append({"text": text[a:b], "start": a, "end": b, "kind": "drug", "id": ident, "name": entry.name,
                          "classes": lex.drug_classes(ident), "atc": list(entry.atc)})
        else:
            entry = lex.classes[ident]
            drugs.append({"text": text[a:b], "start": a, "end": b, "kind": "class", "id": ident, "name": entry.name,
                          "classes": lex.class_classes(ident), "atc": [entry.atc] if entry.atc else []})
    local_labs = [{**lab, "start": lab["start"] - start, "end": lab["end"] - start} for lab in labs]
    facts = []
    for f in extract_facts(sub, local_labs):
        facts.append({"kind": f.kind, "value": f.value, "text": sub[f.start : f.end], "start": f.start + start,
                      "end": f.end + start, "scale": f.scale, "comparator": f.comparator, "number": f.number,
                      "values": f.values, "duration": f.duration})
    return windows, drugs, facts


class CriterionFacts:
    def __call__(self, doc: Doc) -> Doc:
        criteria = doc.user_data.get("criteria") or [(0, len(doc.text))]
        drug_spans = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(DRUGS, [])]
        labs = doc._.lab_thresholds or [[] for _ in criteria]
        all_w, all_d, all_f = [], [], []
        targets, index = [], []
        for i, (start, end) in enumerate(criteria):
            w, d, f = facts_for(doc.text, start, end, drug_spans, labs[i])
            all_w.append(w)
            all_d.append(d)
            all_f.append(f)
            for kind, items in (("window", w), ("drug", d), ("fact", f)):
                for j, item in enumerate(items):
                    a, b = (item["constrains"]["start"], item["constrains"]["end"]) if kind == "window" and item["constrains"] else (item["start"], item["end"])
                    span = doc.char_span(a, b, label=kind, alignment_mode="expand")
                    if span is not None and len(span):
                        targets.append(span)
                        index.append((kind, i, j))
        doc._.time_windows, doc._.drugs, doc._.facts = all_w, all_d, all_f
        doc.spans[TARGETS] = targets
        doc.user_data["targets"] = index
        return doc
