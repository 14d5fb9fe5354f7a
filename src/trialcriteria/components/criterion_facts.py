"""Time windows, drug mentions and the other facts of each criterion (thin wrapper over timewindows.py,
facts.py and the drug lexicon), and the span group `targets` that ConText reads. Results are plain data on
doc._.time_windows / doc._.drugs / doc._.facts (one list of dicts per criterion)."""

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..drugs import lexicon
from ..facts import extract_facts
from ..timewindows import extract_windows
from .drugs import GROUP as DRUGS

for _name in ("time_windows", "drugs", "facts", "mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

TARGETS = "targets"


@Language.factory("criterion_facts")
def make_criterion_facts(nlp: Language, name: str):
    return CriterionFacts()


def _span(text: str, a: int, b: int, base: int) -> dict:
    return {"text": text[a:b], "start": a + base, "end": b + base}


_GENERIC = re.compile(
    r"^(?:(?:the|any|other|all|oral|study|investigational|concomitant|prohibited|current|prior|drug|drugs|medications?|"
    r"medicines?|agents?|therapy|therapies|treatments?|premedications?|components?|formulations?|products?|intake|"
    r"given|in|its|of|either|arm|cause|interaction|use|regimens?|excipients?|substances?)\b[\s/,-]*)+$", re.I)
# a name whose head is plural or a class word ("quinolones", "sedative medication", "local anesthetic")
_CLASS_HEAD = re.compile(r"(?:[a-z]{3,}(?<![sui])s|medications?|medicines?|therap(?:y|ies)|agents?|agonists?|"
                         r"antagonists?|anesthetics?|anaesthetics?|preparations?|inhibitors?|blockers?)$", re.I)


def model_mentions(ents: list[tuple[int, int, str]], start: int, end: int, text: str,
                   lexicon_drugs: list[dict], analyte_spans: list[tuple[int, int]]) -> tuple[list[dict], list[dict]]:
    """Pure: the NER entities of a criterion as mentions, and the Drug entities that the lexicon matcher missed
    as drug mentions (the model backs up the rules). Such an entity is looked up in the lexicon once more,
    forgiving hyphens and plurals ("anti-coagulants"); if it is not there it gets id `unknown` (a class when its
    head word is plural: "antimalarial medicines"). Generic words ("study drugs", "medication") are dropped."""
    lex = lexicon()
    mentions, extra_drugs = [], []
    for a, b, label in ents:
        if a < start or b > end:
            continue
        surface = text[a:b]
        mentions.append({"type": label, "text": surface, "start": a, "end": b})
        if label != "Drug" or any(d["start"] < b and a < d["end"] for d in lexicon_drugs) or _GENERIC.match(surface.strip()):
            continue
        found = lex.lookup(surface)
        if found and found[0] == "drug":
            e = lex.drugs[found[1]]
            extra_drugs.append({"text": surface, "start": a, "end": b, "kind": "drug", "id": e.id, "name": e.name,
                                "classes": lex.drug_classes(e.id), "atc": list(e.atc), "source": "model"})
        elif found:
            c = lex.classes[found[1]]
            extra_drugs.append({"text": surface, "start": a, "end": b, "kind": "class", "id": c.id, "name": c.name,
                                "classes": lex.class_classes(c.id), "atc": [c.atc] if c.atc else [], "source": "model"})
        else:
            kind = "class" if _CLASS_HEAD.search(surface.strip()) else "drug"
            extra_drugs.append({"text": surface, "start": a, "end": b, "kind": kind, "id": "unknown",
                                "name": " ".join(surface.lower().split()), "classes": [], "atc": [], "source": "model"})
    return mentions, extra_drugs


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
                      "values": f.values, "duration": f.duration, "sex": f.sex,
                      "inclusion_only": f.inclusion_only})
    return windows, drugs, facts


class CriterionFacts:
    def __call__(self, doc: Doc) -> Doc:
        criteria = doc.user_data.get("criteria") or [(0, len(doc.text))]
        drug_spans = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(DRUGS, [])]
        labs = doc._.lab_thresholds or [[] for _ in criteria]
        all_w, all_d, all_f, all_m = [], [], [], []
        targets, index = [], []
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        text = doc.text  # built from the tokens on each access: once per doc
        for i, (start, end) in enumerate(criteria):
            w, d, f = facts_for(text, start, end, drug_spans, labs[i])
            m, extra = model_mentions(ents, start, end, text, d, [])
            d = sorted(d + extra, key=lambda x: x["start"])
            all_w.append(w)
            all_d.append(d)
            all_f.append(f)
            all_m.append(m)
            for kind, items in (("window", w), ("drug", d), ("fact", f), ("mention", m)):
                for j, item in enumerate(items):
                    a, b = (item["constrains"]["start"], item["constrains"]["end"]) if kind == "window" and item["constrains"] else (item["start"], item["end"])
                    span = doc.char_span(a, b, label=kind, alignment_mode="expand")
                    if span is not None and len(span):
                        targets.append(span)
                        index.append((kind, i, j))
        doc._.time_windows, doc._.drugs, doc._.facts, doc._.mentions = all_w, all_d, all_f, all_m
        doc.spans[TARGETS] = targets
        doc.user_data["targets"] = index
        return doc
