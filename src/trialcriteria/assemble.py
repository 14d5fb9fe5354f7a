"""Pure: what the spaCy pipeline found for a trial -> its criteria, once: each record's context and polarity, each
criterion's status, and the trial's warnings about its facts.

Polarity is what a record means for a matcher: `required` (the patient must have it: an inclusion criterion, not
negated), `forbidden` (must not: an exclusion criterion, or a negated inclusion) or `allowed` (an exception).
"... are not eligible" (an `ineligible` cue) negates an inclusion and only restates an exclusion. Items listed
under a heading that allows them ("Allowed anticoagulants are the following:", "EXCEPT for the following:") are
exceptions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .resources import context_rules
from .schema import Context, Criterion, Problem, TextSpan

KINDS = ("lab_thresholds", "time_windows", "drugs", "facts", "biomarkers", "mentions")


def polarity(section: str, assertion: str) -> str:
    """What a fact means for a matcher: the patient must have it (required), must not (forbidden), may (allowed)."""
    if assertion == "exception":
        return "allowed"
    negated = assertion == "negated"
    if section == "exclusion":
        return "required" if negated else "forbidden"
    return "forbidden" if negated else "required"


def context(found: tuple[str, int | None, int | None] | None, section: str, allowed: bool, text: str,
            own: Context | None = None) -> Context:
    """The Context of one record from what ConText found for it (assertion and cue offsets, or None), and from
    what the record's own words assert (`own`: "negative pregnancy test" is a negated pregnancy; two negations
    cancel out)."""
    if found is None and own is not None and own.assertion == "affirmed" and own.cue is not None:
        return own  # a requirement the criterion states in its own words, whatever its section
    assertion, start, end = found or ("affirmed", None, None)
    if own is not None and own.assertion == "negated":
        if assertion == "negated":
            assertion, start, end = "affirmed", None, None
        elif assertion == "affirmed":
            assertion, start, end = "negated", own.cue.start if own.cue else None, own.cue.end if own.cue else None
    if assertion == "ineligible":
        assertion = "affirmed" if section == "exclusion" else "negated"
    if allowed and assertion in ("affirmed", "conditional"):
        assertion = "exception"
    cue = TextSpan(text=text[start:end], start=start, end=end) if start is not None else None
    return Context(assertion=assertion, cue=cue, polarity=polarity(section, assertion))


@lru_cache(maxsize=1)
def _allowed_heading() -> re.Pattern[str]:
    return re.compile(context_rules().allowed_heading, re.I)


@lru_cache(maxsize=1)
def _sentence_negation() -> re.Pattern[str]:
    return re.compile(context_rules().sentence_negation, re.I)


def opening_negation(c: Criterion, text: str) -> tuple[int, int, int] | None:
    """(cue start, cue end, end of the first sentence) when a criterion opens with a negation ("No concurrent
    drugs that ...", "Not pregnant or nursing"), in eligibility_text offsets."""
    raw = text[c.start : c.end]
    m = _sentence_negation().match(raw)
    if m is None:
        return None
    from .segment.prose import split_sentences

    cue = re.search(r"\w[\w\s]*\w|\w", raw[: m.end()])
    first = split_sentences(raw, 0, len(raw))
    return c.start + cue.start(), c.start + cue.end(), c.start + (first[0][1] if first else len(raw))


def allowed_subtrees(criteria: list[Criterion]) -> set[str]:
    """Ids of criteria under a heading that lists what is allowed ("Allowed anticoagulants are the following:",
    "Current use of immunosuppressive medication, EXCEPT for the following:")."""
    pattern = _allowed_heading()
    heads = {c.id for c in criteria if pattern.search(c.text)}
    return {c.id for c in criteria if any(c.id.startswith(h + ".") for h in heads)}


def criterion_status(c: Criterion, has_children: bool = False) -> tuple[str, str]:
    """structured: it carries typed facts (thresholds, windows, drugs, facts, biomarkers); partly structured: only NER
    mentions, or a heading whose items carry the facts; not structured: nothing was recognized."""
    typed = len(c.lab_thresholds) + len(c.time_windows) + len(c.drugs) + len(c.facts) + len(c.biomarkers)
    if typed:
        return "structured", f"{typed} typed fact(s)"
    if has_children and c.kind == "group":
        return "partly_structured", "a group of alternatives: its items carry the facts"
    if has_children and c.text.rstrip().endswith((":", "：")):
        return "partly_structured", "a heading: its items carry the facts"
    if c.mentions:
        return "partly_structured", "NER mentions only: " + ", ".join(sorted({m.type for m in c.mentions}))
    return "not_structured", "no threshold, window, drug, fact or mention recognized"


def assemble(criteria: list[Criterion], found: dict[str, list[list]], contexts: dict, text: str) -> None:
    """Put a trial's records on its criteria (`found`: per kind, one list per criterion, in criteria order;
    `contexts`: ConText's findings by (kind, criterion, item)), with their context and polarity, and set each
    criterion's status."""
    allowed = allowed_subtrees(criteria)
    parents = {c.parent_id for c in criteria}
    for i, c in enumerate(criteria):
        opening = opening_negation(c, text)
        for kind in KINDS:
            items = found[kind][i]
            for j, item in enumerate(items):
                hit = contexts.get((kind, i, j))
                if kind == "biomarkers" and hit is not None and hit[1] is not None and item.start <= hit[1] < item.end:
                    hit = None  # "negative for HER2", "absence of CD23": the cue is the biomarker's own result
                if hit is None and opening is not None and opening[1] <= item.start < opening[2]:
                    hit = ("negated", opening[0], opening[1])
                item.context = context(hit, c.section, c.id in allowed, text, item.context)
            setattr(c, kind, items)
        c.status, c.status_reason = criterion_status(c, has_children=c.id in parents)


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
