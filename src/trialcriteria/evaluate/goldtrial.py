"""Pure: a gold document (tree, lab thresholds, time windows, drugs, facts) -> a TrialResult the matcher can run,
so that a patient is decided by the gold facts exactly as by the predicted ones.

What the gold files leave out is filled in by written rules, never from a prediction:
- each record goes to the smallest gold node whose span holds its start;
- polarity: the record's gold polarity; where the gold has none (the seeds' files), `required` in an inclusion or
  unspecified section and `forbidden` in an exclusion, unless the record lies after a negation cue of its sentence
  ("no", "not", "without", "negative") in an inclusion, where it is `forbidden`;
- lab thresholds: the value in the analyte's canonical unit (the pipeline's converter); a cut-off joins the group of
  the one before it when the words between them say "or", and a conditional cut-off joins the group of the
  unconditional cut-off on the same analyte that it relaxes (the rule of the README);
- time windows: the clause they constrain, found in the node's text by the pipeline's clause rule;
- drugs: their ATC codes from the lexicon; gold timing when given.
"""

from __future__ import annotations

import re

from ..extract.windows import constrained_clause
from ..lexicons.drugs import lexicon
from ..normalize.units import NotConvertible, convert
from ..resources import analytes
from ..schema import (Context, Criterion, DrugMention, Fact, GoldFactsDoc, GoldThreshold, GoldThresholdDoc, GoldTree,
                      LabThreshold, Source, TextSpan, TimeWindow, TrialResult)

_NEGATION = re.compile(r"\b(?:no|not|without|negative|free of|absence of|non)\b", re.I)


def _node_of(tree: GoldTree, start: int | None):
    if start is None:
        return None
    best = None
    for n in tree.criteria:
        if n.start <= start < n.end and (best is None or n.end - n.start < best.end - best.start):
            best = n
    return best


def default_polarity(node, start: int) -> str:
    """Polarity of a record with none in the gold (see the module docstring)."""
    if node.section == "exclusion":
        return "forbidden"
    before = node.text[: max(0, start - node.start)]
    sentence = re.split(r"[.;](?=\s)", before)[-1]
    return "forbidden" if _NEGATION.search(sentence) else "required"


def _context(node, polarity: str | None, start: int) -> Context:
    return Context(polarity=polarity or default_polarity(node, start))


def _analyte(name: str):
    by_name = {a.name: a for a in analytes().values()}
    return by_name.get(name) or analytes().get(name)


def gold_threshold(g: GoldThreshold, node) -> LabThreshold | None:
    a = _analyte(g.analyte)
    if a is None:
        return None
    canonical = high = None
    unit = None
    if g.reference in ("ULN", "LLN"):
        canonical, high, unit = g.value, g.value_high, g.reference
    elif g.reference == "absolute" and g.unit:
        try:
            canonical = convert(g.value, g.unit, a)
            high = convert(g.value_high, g.unit, a) if g.value_high is not None else None
            unit = a.unit
        except NotConvertible:
            pass
    elif g.reference == "absolute" and a.unit == "1":
        canonical, high, unit = g.value, g.value_high, "1"
    start = g.start if g.start is not None else node.start
    cond = TextSpan(text=g.condition, start=start, end=start) if g.condition else None
    return LabThreshold(analyte=a.name, analyte_id=a.id, analyte_text=g.text, loinc=a.loinc, comparator=g.comparator,
                        value=g.value, value_high=g.value_high, unit=g.unit, reference=g.reference,
                        canonical_value=canonical, canonical_value_high=high, canonical_unit=unit, condition=cond,
                        sex=g.sex, start=start, end=g.end if g.end is not None else start,
                        context=_context(node, g.polarity, start))


def assign_groups(node, items: list[LabThreshold]) -> None:
    """Alternatives joined by 'or' share a group; a conditional cut-off shares the group of the one it relaxes."""
    group = 0
    for i, t in enumerate(items):
        base = next((x for x in items[:i] if x.analyte_id == t.analyte_id and x.condition is None), None)
        between = node.text[items[i - 1].end - node.start : t.start - node.start] if i else ""
        if t.condition is not None and base is not None:
            t.group = base.group
        elif i and re.search(r"\bor\b", between, re.I) and not re.search(r"[.;](?:\s|$)", between):
            t.group = items[i - 1].group
        else:
            group += 1
            t.group = group


def gold_window(g, node) -> TimeWindow:
    start = g.start if g.start is not None else node.start
    clause = constrained_clause(node.text, start - node.start)
    span = TextSpan(text=node.text[clause[0] : clause[1]], start=node.start + clause[0],
                    end=node.start + clause[1]) if clause else None
    return TimeWindow(text=g.text, start=start, end=g.end if g.end is not None else start, kind=g.kind,
                      comparator=g.comparator, duration=g.duration, duration_high=g.duration_high,
                      half_lives=g.half_lives, combine=g.combine, direction=g.direction, anchor=g.anchor,
                      constrains=span, context=_context(node, g.polarity, start))


def gold_drug(g, node) -> DrugMention:
    lex = lexicon()
    entry = lex.drugs.get(g.id) if g.kind == "drug" else lex.classes.get(g.id)
    atc = (entry.atc if g.kind == "drug" else ([entry.atc] if entry.atc else [])) if entry else []
    start = g.start if g.start is not None else node.start
    return DrugMention(text=g.text, start=start, end=g.end if g.end is not None else start, kind=g.kind, id=g.id,
                       name=entry.name if entry else g.text, classes=g.classes, atc=atc, timing=g.timing or "any",
                       context=_context(node, g.polarity, start))


def gold_fact(g, node) -> Fact:
    start = g.start if g.start is not None else node.start
    return Fact(kind=g.kind, value=g.value, text=g.text, start=start, end=g.end if g.end is not None else start,
                context=_context(node, g.polarity, start))


def gold_trial(tree: GoldTree, thresholds: GoldThresholdDoc | None, facts: GoldFactsDoc | None) -> TrialResult:
    crit = {n.id: Criterion(id=n.id, parent_id=n.parent_id, section=n.section, kind=n.kind, marker=n.marker,
                            text=n.text, start=n.start, end=n.end, logic=n.logic, min_count=n.min_count)
            for n in tree.criteria}
    nodes = {n.id: n for n in tree.criteria}

    def place(records, build, attr):
        for g in records:
            node = _node_of(tree, g.start)
            if node is not None and (rec := build(g, node)) is not None:
                getattr(crit[node.id], attr).append(rec)

    place(thresholds.thresholds if thresholds else [], gold_threshold, "lab_thresholds")
    if facts is not None:
        place(facts.time_windows, gold_window, "time_windows")
        place(facts.drugs, gold_drug, "drugs")
        place(facts.facts, gold_fact, "facts")
    for c in crit.values():
        assign_groups(nodes[c.id], c.lab_thresholds)
        typed = len(c.lab_thresholds) + len(c.time_windows) + len(c.drugs) + len(c.facts)
        c.status = "structured" if typed else "not_structured"
    return TrialResult(pipeline_version="gold", trial_id=tree.doc_id, source=Source(path=None, format="text"),
                       eligibility_text=_text_of(tree), criteria=list(crit.values()))


def _text_of(tree: GoldTree) -> str:
    """The document text as far as the gold nodes hold it (their raw spans at their offsets; spaces elsewhere)."""
    chars = [" "] * max((n.end for n in tree.criteria), default=0)
    for n in tree.criteria:
        chars[n.start : n.end] = n.text
    return "".join(chars)
