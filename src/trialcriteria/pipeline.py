"""The whole flow for one record: record -> sections -> criterion tree -> TrialResult.

Later stages (spaCy components, normalizers) add facts to each criterion; this module is where they join.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import __version__
from .segment.tree import assign_ids, build_tree
from .schema import Criterion, DrugMention, Fact, LabThreshold, Mention, Problem, TimeWindow, TrialRecord, TrialResult
from .segment.sections import find_layout


def parse_record(record: TrialRecord) -> TrialResult:
    """Parse one record. Never raises on odd text: what cannot be structured becomes a warning."""
    return parse_records([record])[0]


def parse_records(records: list[TrialRecord]) -> list[TrialResult]:
    """Parse many records: their trees one by one, then the spaCy pipeline over all of them in batches."""
    from .nlp import annotate_many

    staged = [_tree(r) for r in records]
    todo = [(i, s) for i, s in enumerate(staged) if s[1]]
    docs = annotate_many([(s[2], [(c.start, c.end) for c in s[1]]) for _, s in todo]) if todo else []
    for (i, (layout, criteria, text)), doc in zip(todo, docs):
        _put_facts(doc, criteria)
    return [_result(r, *s) for r, s in zip(records, staged)]


def _tree(record: TrialRecord):
    doc = record.document_text
    layout = find_layout(doc, registry_field=record.from_registry_field)
    base = layout.start
    nodes = build_tree(doc, layout.blocks)
    ids = assign_ids(nodes)
    criteria = [
        Criterion(
            id=ids[i],
            parent_id=ids[n.parent] if n.parent is not None else None,
            section=n.section,
            kind=n.kind,
            marker=n.marker,
            text=n.text,
            start=n.start - base,
            end=n.end - base,
            depth=n.depth,
        )
        for i, n in enumerate(nodes)
    ]
    return layout, criteria, doc[layout.start : layout.end]


def _result(record: TrialRecord, layout, criteria: list[Criterion], text: str) -> TrialResult:
    warnings = list(layout.warnings)
    if not criteria and not any(w.code == "empty_criteria" for w in warnings):
        warnings.append(Problem(code="no_criteria", message="no criterion found in the eligibility text"))
    warnings.extend(equals_warnings(criteria, text))
    fields = record.model_dump(exclude={"document_text", "from_registry_field", "source"})
    return TrialResult(
        pipeline_version=__version__,
        source=record.source.model_copy(update={"offset": layout.start}),
        eligibility_text=text,
        criteria=criteria,
        warnings=warnings,
        **fields,
    )


def kept_facts(facts: list[dict], section: str) -> list[dict]:
    """A criterion's facts without those only an inclusion criterion states (a sex restriction, the use of
    contraception: "Women with prior radiation" or "Patients using oral contraception" in an exclusion are no
    such facts), and without that flag."""
    return [{k: v for k, v in f.items() if k != "inclusion_only"} for f in facts
            if section != "exclusion" or not f.get("inclusion_only")]


_LONE_EQUALS = re.compile(r"(?<![<>≤≥!=/])=(?!=)")


def equals_warnings(criteria: list[Criterion], text: str) -> list[Problem]:
    """A bound written with a lone "=" ("Age = 18 years", "ECOG=1") is read as exactly that value, as
    written; some exports lose "≥" and "≤" that way (Chia's files do), so each such criterion is flagged once."""
    out = []
    for c in criteria:
        items = [*c.lab_thresholds, *c.facts]
        hit = next((x for x in items if x.comparator == "==" and _LONE_EQUALS.search(text[x.start : x.end])), None)
        if hit is not None:
            out.append(Problem(code="equals_comparator", start=hit.start, end=hit.end,
                               message=f"{c.id}: {' '.join(text[hit.start : hit.end].split())!r} is read as exactly "
                                       "this value; a '≥' or '≤' may have been lost from the source"))
    return out


def _put_facts(doc, criteria: list[Criterion]) -> None:
    """Put the facts the spaCy pipeline found in a trial's doc onto its criteria."""
    allowed = _allowed_subtrees(criteria)
    parents = {c.parent_id for c in criteria}
    for i, c in enumerate(criteria):
        c.lab_thresholds = [LabThreshold.model_validate(x) for x in doc._.lab_thresholds[i]]
        c.time_windows = [TimeWindow.model_validate(_with_context(x, c.section, c.id in allowed)) for x in doc._.time_windows[i]]
        c.drugs = [DrugMention.model_validate(_with_context(x, c.section, c.id in allowed)) for x in doc._.drugs[i]]
        c.facts = [Fact.model_validate(_with_context(x, c.section, c.id in allowed)) for x in kept_facts(doc._.facts[i], c.section)]
        c.mentions = [Mention.model_validate(_with_context(x, c.section, c.id in allowed)) for x in doc._.mentions[i]]
        c.status, c.status_reason = criterion_status(c, has_children=c.id in parents)


def criterion_status(c: Criterion, has_children: bool = False) -> tuple[str, str]:
    """structured: it carries typed facts (thresholds, windows, drugs, facts); partly structured: only NER
    mentions, or a heading whose items carry the facts; not structured: nothing was recognized."""
    typed = len(c.lab_thresholds) + len(c.time_windows) + len(c.drugs) + len(c.facts)
    if typed:
        return "structured", f"{typed} typed fact(s)"
    if has_children and c.text.rstrip().endswith((":", "：")):
        return "partly_structured", "a heading: its items carry the facts"
    if c.mentions:
        return "partly_structured", "NER mentions only: " + ", ".join(sorted({m.type for m in c.mentions}))
    return "not_structured", "no threshold, window, drug, fact or mention recognized"


def polarity(section: str, assertion: str) -> str:
    """What a fact means for a matcher: the patient must have it (required), must not (forbidden), may (allowed)."""
    if assertion == "exception":
        return "allowed"
    negated = assertion == "negated"
    if section == "exclusion":
        return "required" if negated else "forbidden"
    return "forbidden" if negated else "required"


def _with_context(item: dict, section: str, in_allowed: bool) -> dict:
    ctx = dict(item.get("context") or {"assertion": "affirmed", "cue": None})
    if ctx["assertion"] == "ineligible":  # "... are not eligible": negates an inclusion, restates an exclusion
        ctx["assertion"] = "affirmed" if section == "exclusion" else "negated"
    if in_allowed and ctx["assertion"] in ("affirmed", "conditional"):
        ctx["assertion"] = "exception"
    ctx["polarity"] = polarity(section, ctx["assertion"])
    return {**item, "context": ctx}


@lru_cache(maxsize=1)
def _allowed_heading() -> re.Pattern[str]:
    from .resources import read_json

    return re.compile(read_json("context_rules.json")["allowed_heading"], re.I)


def _allowed_subtrees(criteria: list[Criterion]) -> set[str]:
    """Ids of criteria under a heading that lists what is allowed ("Allowed anticoagulants are the following:",
    "Current use of immunosuppressive medication, EXCEPT for the following:")."""
    pattern = _allowed_heading()
    heads = {c.id for c in criteria if pattern.search(c.text)}
    out = set()
    for c in criteria:
        if any(c.id.startswith(h + ".") for h in heads):
            out.add(c.id)
    return out
