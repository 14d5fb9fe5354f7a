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
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate

from .resources import context_pattern, status_rules
from .schema import Context, Criterion, Problem, TextSpan
from .segment.lines import bracket_pairs

KINDS = ("lab_thresholds", "time_windows", "drugs", "facts", "conditions", "procedures", "biomarkers", "mentions")


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


def opening_negation(c: Criterion, text: str) -> tuple[int, int, int] | None:
    """(cue start, cue end, end of the first sentence) when a criterion opens with a negation ("No concurrent
    drugs that ...", "Not pregnant or nursing"), in eligibility_text offsets."""
    raw = text[c.start : c.end]
    m = context_pattern("sentence_negation").match(raw)
    if m is None:
        return None
    from .segment.prose import split_sentences

    cue = re.search(r"\w[\w\s]*\w|\w", raw[: m.end()])
    first = split_sentences(raw, 0, len(raw))
    return c.start + cue.start(), c.start + cue.end(), c.start + (first[0][1] if first else len(raw))


def allowed_subtrees(criteria: list[Criterion]) -> set[str]:
    """Ids of criteria under a heading that lists what is allowed ("Allowed anticoagulants are the following:",
    "Current use of immunosuppressive medication, EXCEPT for the following:")."""
    pattern = context_pattern("allowed_heading")
    heads = {c.id for c in criteria if pattern.search(c.text)}
    return {c.id for c in criteria if any(c.id.startswith(h + ".") for h in heads)}


TYPED = ("lab_thresholds", "time_windows", "drugs", "facts", "conditions", "procedures", "biomarkers")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_LABEL = re.compile(r"\s*[A-Za-z][\w ,/&()-]{0,40}[:：]")


def record_spans(record) -> list[tuple[int, int]]:
    """Pure: the offsets a typed record accounts for: itself, its cue, and the condition, anchor, event,
    qualifiers and equivalents it carries."""
    spans = [(record.start, record.end)]
    cue = record.context.cue
    if cue is not None:
        spans.append((cue.start, cue.end))
    for name in ("condition", "anchor_text", "constrains"):
        part = getattr(record, name, None)
        if part is not None:
            spans.append((part.start, part.end))
    for name in ("qualifiers", "equivalents"):
        spans.extend((q.start, q.end) for q in getattr(record, name, None) or ())
    return spans


def unread_words(c: Criterion, text: str) -> list[str]:
    """Pure: the words of a criterion's own text that no typed record accounts for and that are not generic
    (resources/status.json); a leading label ("Hepatic:") counts as read."""
    generic = _generic_words()
    spans = sorted(s for kind in TYPED for record in getattr(c, kind) if _typed(kind, record)
                   for s in record_spans(record))
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))  # the furthest end among the spans that start by each
    raw = text[c.start : c.end]
    label = _LABEL.match(raw)
    out = []
    for m in _WORD.finditer(raw, label.end() if label and label.end() < len(raw.rstrip()) else 0):
        s, e = c.start + m.start(), c.start + m.end()
        k = bisect_left(starts, e)  # the spans that start before the word ends; one of them overlaps it when
        if m.group().lower() not in generic and not (k and reach[k - 1] > s):  # the furthest reaches past its start
            out.append(m.group())
    return out


def _typed(kind: str, record) -> bool:
    """A condition counts as a typed record only with its code (a matcher cannot use an uncoded name)."""
    return kind != "conditions" or record.mesh_id is not None


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    return frozenset(status_rules().generic_words)


def criterion_status(c: Criterion, text: str, has_children: bool = False) -> tuple[str, str]:
    """structured: typed records (thresholds, windows, drugs, facts, conditions, procedures, biomarkers) account
    for its content, so a matcher can decide it from them; partly structured: typed records with words left
    over, only NER mentions (or conditions without a code), or a heading whose items carry the facts; not
    structured: nothing was recognized."""
    typed = sum(_typed(kind, record) for kind in TYPED for record in getattr(c, kind))
    if typed:
        unread = unread_words(c, text)
        if len(unread) <= status_rules().max_unread_words:
            return "structured", f"{typed} typed record(s) account for the text"
        shown = " ".join(unread[:8]) + (" ..." if len(unread) > 8 else "")
        return "partly_structured", f"{typed} typed record(s); {len(unread)} word(s) outside them: {shown}"
    if has_children and c.kind == "group":
        return "partly_structured", "a group of alternatives: its items carry the facts"
    if has_children and c.text.rstrip().endswith((":", "：")):
        return "partly_structured", "a heading: its items carry the facts"
    if c.mentions or c.conditions:
        kinds = {m.type for m in c.mentions} | ({"Condition"} if c.conditions else set())
        return "partly_structured", "NER mentions only: " + ", ".join(sorted(kinds))
    return "not_structured", "no typed record or mention recognized"


def assemble(criteria: list[Criterion], found: dict[str, list[list]], contexts: dict, text: str) -> None:
    """Put a trial's records on its criteria (`found`: per kind, one list per criterion, in criteria order;
    `contexts`: ConText's findings by (kind, criterion, item)), with their context and polarity, and set each
    criterion's status."""
    allowed = allowed_subtrees(criteria)
    parents = {c.parent_id for c in criteria}
    heading_cues: dict[str, tuple[int, int]] = {}
    for i, c in enumerate(criteria):
        opening = opening_negation(c, text)
        inherited = heading_cues.get(c.parent_id) if c.parent_id else None
        for kind in KINDS:
            items = found[kind][i]
            for j, item in enumerate(items):
                hit = contexts.get((kind, i, j))
                if hit is None and opening is not None and opening[1] <= item.start < opening[2]:
                    hit = ("negated", opening[0], opening[1])
                if hit is None and inherited is not None:
                    hit = ("negated", *inherited)
                item.context = context(hit, c.section, c.id in allowed, text, item.context)
            setattr(c, kind, items)
        study_drugs_required(c)
        indications_required(c, text)
        threshold_conditions_allowed(c)
        hits = sorted(((item.start, contexts.get((k, i, j))) for k in KINDS for j, item in enumerate(found[k][i])),
                      key=lambda h: h[0])
        cue = heading_negation(c, text, opening, [h for _, h in hits])
        if c.id in parents and (cue or inherited):
            heading_cues[c.id] = cue or inherited
        c.status, c.status_reason = criterion_status(c, text, has_children=c.id in parents)


def study_drugs_required(c: Criterion) -> None:
    """A drug or procedure that anchors one of the criterion's windows ("within 4 weeks prior to initiation of
    treatment with Toca 511", "for more than one month prior to surgery") is the trial's own treatment: the patient
    will receive it, whatever the section says."""
    anchors = [(w.anchor_text.start, w.anchor_text.end) for w in c.time_windows if w.anchor_text is not None]
    for d in [*c.drugs, *c.procedures]:
        if any(a <= d.start and d.end <= b for a, b in anchors):
            d.context = Context(assertion="affirmed", cue=None, polarity="required")


def indications_required(c: Criterion, text: str) -> None:
    """A condition named as the indication of a treatment or as the current episode ("systemic therapy for renal
    cell carcinoma", "during the current depressive episode") is the patient's own: required, whatever the
    section or the cues before the treatment say."""
    pattern = context_pattern("indication")
    for cond in c.conditions:
        if cond.context.assertion == "exception":
            continue  # "other than therapies for opportunistic infections": the exception stands
        before = text[max(c.start, cond.start - 80) : cond.start]
        if pattern.search(" ".join(before.split()) + " "):
            cond.context = Context(assertion="affirmed", cue=None, polarity="required")


def threshold_conditions_allowed(c: Criterion) -> None:
    """A condition named in the condition of a lab cut-off ("AST <= 5 x ULN if liver metastases", "for subjects
    with Gilbert's disease") relaxes the cut-off: the patient may have it (allowed)."""
    spans = [(t.condition.start, t.condition.end, t.condition) for t in c.lab_thresholds if t.condition is not None]
    for cond in c.conditions:
        hit = next((span for a, b, span in spans if a <= cond.start and cond.end <= b), None)
        if hit is not None:
            cond.context = Context(assertion="conditional", cue=hit, polarity="allowed")


def heading_negation(c: Criterion, text: str, opening: tuple[int, int, int] | None,
                     hits: list[tuple[str, int | None, int | None] | None]) -> tuple[int, int] | None:
    """The negation cue of a heading that its items inherit ("No prior therapy with:", "At least 3 months since
    immunosuppressants, including:"): a heading (it ends with a colon) that opens with a negation reaching its
    end, or whose last record that is no exception (`hits`: ConText's findings in text order) is negated."""
    if not c.text.rstrip().endswith((":", "：")):
        return None
    if opening is not None and opening[2] >= c.end - 1:
        return opening[0], opening[1]
    last = next((h for h in reversed(hits) if h is None or h[0] != "exception"), None)  # not "other than X"
    if last is None or last[0] != "negated" or last[1] is None:
        return None
    inside = [(c.start + a, c.start + b) for a, b in bracket_pairs(text[c.start : c.end])]
    if any(a < last[1] and last[2] <= b for a, b in inside):
        return None  # "Adequate organ function (no growth factors within 14 days):": the negation stays in its bracket
    return last[1], last[2]


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
