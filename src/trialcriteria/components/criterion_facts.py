"""Time windows, drug mentions, conditions, procedures and the other facts of each criterion (a thin wrapper over
extract.windows, extract.drugs, extract.conditions, extract.procedures and extract.facts), and the span group
`targets` that ConText reads. Results are plain data on doc._.time_windows / doc._.drugs / doc._.facts /
doc._.conditions / doc._.procedures / doc._.mentions (one list of records per criterion)."""

from spacy.language import Language
from spacy.tokens import Doc

from ..extract.conditions import lexicon_conditions, model_conditions
from ..extract.drugs import (code_name_drugs, distributed_heads, heading_before, lexicon_drugs, merge_heads,
                             model_mentions, not_a_record, set_timing)
from ..extract.procedures import procedure_records
from ..extract.facts import extract_facts
from ..extract.windows import windows
from .drugs import GROUP as DRUGS

for _name in ("time_windows", "drugs", "facts", "conditions", "procedures", "mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

TARGETS = "targets"
KINDS = ("time_windows", "drugs", "facts", "conditions", "procedures", "mentions")
CONTEXT_KINDS = ("lab_thresholds", *KINDS)  # the records ConText reads a context for


@Language.factory("criterion_facts", requires=["doc.spans", "doc._.lab_thresholds"],
                  assigns=["doc._.time_windows", "doc._.drugs", "doc._.facts", "doc._.conditions", "doc._.procedures",
                           "doc._.mentions", "doc.spans"])
def make_criterion_facts(nlp: Language, name: str):
    return CriterionFacts()


def facts_for(text: str, start: int, end: int, section: str, drug_spans: list[tuple[int, int, str]], labs: list,
              ents: list[tuple[int, int, str]], coded: dict[str, list[tuple[int, int, str]]] | None = None
              ) -> dict[str, list]:
    """Pure: the time windows, drugs, facts, conditions, procedures and NER mentions of the criterion
    text[start:end] (`coded`: the condition and procedure matcher's spans, by kind)."""
    sub = text[start:end]
    coded = coded or {}
    local_labs = [{"analyte_id": t.analyte_id, "comparator": t.comparator, "value": t.value, "sex": t.sex,
                   "start": t.start - start, "end": t.end - start} for t in labs]
    drugs = lexicon_drugs(text, start, end, drug_spans)
    mentions, extra = model_mentions(ents, start, end, text, drugs)
    wins = windows(sub, start)
    drugs = code_name_drugs(sub, start, distributed_heads(sub, start, merge_heads(sub, start, drugs + extra)))
    drugs = [d for d in drugs if not not_a_record(sub, start, d)]
    set_timing(sub, start, drugs, wins, heading_before(text, start) if drugs else "")
    procs = procedure_records(text, start, end, coded.get("procedures", []), wins)
    conds = lexicon_conditions(text, start, end, coded.get("conditions", []), wins)
    blocked = [(x.start, x.end) for x in drugs + procs]
    conds = sorted(conds + model_conditions(ents, text, start, end, conds, wins, blocked), key=lambda x: x.start)
    return {"time_windows": wins, "drugs": sorted(drugs, key=lambda x: x.start),
            "facts": extract_facts(sub, local_labs, section, start), "conditions": conds, "procedures": procs,
            "mentions": mentions}


def _target_span(kind: str, item) -> tuple[int, int]:
    """What ConText reads for an item: a window's constrained clause, else the item itself."""
    if kind == "time_windows" and item.constrains:
        return item.constrains.start, item.constrains.end
    return item.start, item.end


class CriterionFacts:
    def __call__(self, doc: Doc) -> Doc:
        criteria = doc.user_data.get("criteria") or [(0, len(doc.text))]
        sections = doc.user_data.get("sections") or ["unspecified"] * len(criteria)
        drug_spans = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(DRUGS, [])]
        labs = doc._.lab_thresholds or [[] for _ in criteria]
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        text = doc.user_data.get("text") or doc.text  # doc.text is built from the tokens on each access
        coded = {"conditions": doc._.condition_spans or [], "procedures": doc._.procedure_spans or []}
        found = {k: [] for k in KINDS}
        targets, index, extents = [], [], []
        for i, (start, end) in enumerate(criteria):
            items = facts_for(text, start, end, sections[i], drug_spans, labs[i], ents,
                              {k: [x for x in v if start <= x[0] and x[1] <= end] for k, v in coded.items()})
            for kind in KINDS:
                found[kind].append(items[kind])
            for kind in CONTEXT_KINDS:
                for j, item in enumerate(labs[i] if kind == "lab_thresholds" else items[kind]):
                    span = doc.char_span(*_target_span(kind, item), label=kind, alignment_mode="expand")
                    if span is not None and len(span):
                        targets.append(span)
                        index.append((kind, i, j))
                        own = kind != "time_windows" or getattr(item, "kind", "") == "window"
                        extents.append((item.start, item.end) if own else (item.start, item.start))
        for kind in KINDS:
            setattr(doc._, kind, found[kind])
        doc.spans[TARGETS] = targets
        doc.user_data["targets"] = index
        # the whole record (a window's target is only its clause); a state's duration ("less than 1 month of prior
        # X") keeps its words as cues
        doc.user_data["target_extents"] = extents
        return doc
