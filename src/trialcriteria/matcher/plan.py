"""Pure: a TrialResult -> the plan the matcher runs for every patient, built once per trial: each criterion's records
sorted by polarity, windows linked to the events they bound, exceptions collected, children listed.

How a criterion's records combine (what the criterion *describes*, whatever its section):
- `required` records: all must hold, one kind against another (age and ECOG); within a kind one is enough (drugs
  "sunitinib or sorafenib", histologies, ECOG or Karnofsky), except lab cut-offs (every `group` must hold; the
  cut-offs of one group are alternatives) and the numeric facts, whose bounds make a range (age >= 18, age <= 75);
- `forbidden` records: any one is enough ("pregnant or lactating", "AST or ALT > 3 x ULN"), except records of
  another kind joined by "with" / "who have" / "having", which hold together ("carcinoid of the lung with a
  Ki-67 < 20%");
- `allowed` records are exceptions: a drug or condition that an allowed record names does not count for the
  forbidden ones of the criterion, and an allowed cut-off or fact is an alternative that lets the patient pass;
- an inclusion criterion describes its required records and the absence of its forbidden ones; an exclusion
  criterion describes its forbidden records and the absence of its required ones ("not using contraception").
A time window bounds the drugs, conditions and procedures of its criterion: an event's own `window` index, else the
first window after it, else the last one before it. A window no event takes bounds the event its clause names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..schema import Criterion, TimeWindow, TrialResult

NUMERIC_FACTS = frozenset({"age", "qtc", "blood_pressure", "ctcae_grade", "prior_lines", "life_expectancy", "ki67"})
EVENT_KINDS = ("drugs", "conditions", "procedures")


@dataclass
class Records:
    """The records of one polarity in a criterion."""

    thresholds: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    events: list = field(default_factory=list)      # (kind, record, window or None)
    biomarkers: list = field(default_factory=list)
    windows: list = field(default_factory=list)     # (window, constrained clause) of windows no event takes
    joined: set = field(default_factory=set)        # forbidden records joined to the one before ("X with Y")

    def __bool__(self) -> bool:
        return bool(self.thresholds or self.facts or self.events or self.biomarkers or self.windows)


@dataclass
class NodePlan:
    criterion: Criterion
    children: list[str]
    required: Records
    forbidden: Records
    allowed: Records
    notes: list[str]
    exceptions: dict[str, list] = field(default_factory=dict)  # drugs / conditions allowed here or below
    natural: str = "required"
    evaluable: bool = False
    has_allowed_alternatives: bool = False
    combined: list[str] = field(default_factory=list)  # children combined by the logic (not notes, not exceptions)
    logic: str = "all"
    unknown_reason: str = ""

    def __post_init__(self) -> None:
        c = self.criterion
        self.natural = "forbidden" if c.section == "exclusion" else "required"
        self.evaluable = bool(self.required or self.forbidden)
        self.has_allowed_alternatives = bool(self.allowed.facts or self.allowed.thresholds)
        self.logic = c.logic or ("any" if c.section == "exclusion" else "all")
        short = repr(c.text[:80])
        self.unknown_reason = (f"{c.id} not structured: {short}" if c.status == "not_structured" or not c.text.strip()
                               else f"{c.id} not computable ({c.status_reason or c.status}): {short}")

    @property
    def exceptions_only(self) -> bool:
        """An item that only lists what is allowed (under 'EXCEPT for the following:') is an exception, not a
        criterion of its own."""
        return bool(self.allowed) and not self.evaluable and not self.children


@dataclass
class TrialPlan:
    trial: TrialResult
    nodes: dict[str, NodePlan]
    roots: list[str]
    tops: list[tuple[str, str]] = field(default_factory=list)   # (root id, section), notes left out
    registry: bool = False                                     # the registry gives a sex or age limit
    ages: tuple[float | None, float | None] = (None, None)     # the registry's age limits in years


def link_windows(c: Criterion) -> dict[tuple[str, int], int]:
    """(event kind, index) -> index of the window that bounds it."""
    out: dict[tuple[str, int], int] = {}
    windows = [(i, w) for i, w in enumerate(c.time_windows) if w.kind in ("window", "state_duration")]
    for kind in EVENT_KINDS:
        for j, rec in enumerate(getattr(c, kind)):
            if rec.window is not None and 0 <= rec.window < len(c.time_windows):
                out[(kind, j)] = rec.window
                continue
            after = [i for i, w in windows if w.start >= rec.end]
            before = [i for i, w in windows if w.end <= rec.start]
            if after or before:
                out[(kind, j)] = after[0] if after else before[-1]
    return out


def _clause(w: TimeWindow) -> str | None:
    return w.constrains.text if w.constrains is not None else None


JOINED = re.compile(r"\b(?:with|who\s+(?:have|has|are|is)|having|whose)\b", re.I)


def join_forbidden(r: Records, text: str) -> None:
    """Mark the forbidden records that hold together with the one before them (see the module docstring)."""
    items = [(t.start, t.end, "thresholds", id(t)) for t in r.thresholds] + \
            [(f.start, f.end, "facts:" + f.kind, id(f)) for f in r.facts] + \
            [(rec.start, rec.end, kind, id(rec)) for kind, rec, _ in r.events] + \
            [(b.start, b.end, "biomarkers", id(b)) for b in r.biomarkers]
    items.sort()
    for (s0, e0, k0, _), (s1, _, k1, i1) in zip(items, items[1:]):
        between = text[e0:s1] if text else ""
        if k0 != k1 and 0 < len(between) <= 40 and JOINED.search(between) and not re.search(r"\bor\b|[;.]", between):
            r.joined.add(i1)


def node_records(c: Criterion, text: str = "") -> tuple[Records, Records, Records, list[str]]:
    from .events import window_checkable

    by = {"required": Records(), "forbidden": Records(), "allowed": Records()}
    notes: list[str] = []
    links = link_windows(c)
    for t in c.lab_thresholds:
        by[t.context.polarity].thresholds.append(t)
    for f in c.facts:
        by[f.context.polarity].facts.append(f)
    for kind in EVENT_KINDS:
        for j, rec in enumerate(getattr(c, kind)):
            if kind == "drugs" and rec.timing == "planned" and rec.context.polarity == "required":
                notes.append(f"'{rec.text}' is a drug the patient will receive: a commitment, not checked")
                continue
            w = c.time_windows[links[(kind, j)]] if (kind, j) in links else None
            by[rec.context.polarity].events.append((kind, rec, w))
    for b in c.biomarkers:
        by[b.context.polarity].biomarkers.append(b)
    taken = set(links.values())
    for i, w in enumerate(c.time_windows):
        if i in taken:
            continue
        if not window_checkable(w):
            notes.append(f"'{w.text.strip()}' is a commitment after the screening date, not checked")
        elif c.facts or c.lab_thresholds:
            notes.append(f"'{w.text.strip()}' is read with the criterion's facts")
        else:
            by[w.context.polarity].windows.append((w, _clause(w)))
    join_forbidden(by["forbidden"], text)
    return by["required"], by["forbidden"], by["allowed"], notes


def plan_trial(trial: TrialResult) -> TrialPlan:
    children: dict[str | None, list[str]] = {}
    for c in trial.criteria:
        children.setdefault(c.parent_id, []).append(c.id)
    nodes: dict[str, NodePlan] = {}
    for c in trial.criteria:
        req, forb, allowed, notes = node_records(c, trial.eligibility_text)
        kids = [k for k in children.get(c.id, [])]
        nodes[c.id] = NodePlan(c, kids, req, forb, allowed, notes)
    for node in reversed(trial.criteria):  # exceptions from the node and everything below it
        plan = nodes[node.id]
        ex = {"drugs": [r for k, r, _ in plan.allowed.events if k == "drugs"],
              "conditions": [r for k, r, _ in plan.allowed.events if k == "conditions"]}
        for k in plan.children:
            for kind, items in nodes[k].exceptions.items():
                ex[kind] = ex[kind] + items
        plan.exceptions = ex
    for plan in nodes.values():
        plan.combined = [k for k in plan.children if nodes[k].criterion.kind != "note" and not nodes[k].exceptions_only]
    roots = [c.id for c in trial.criteria if c.parent_id is None or c.parent_id not in nodes]
    tops = [(r, nodes[r].criterion.section) for r in roots if nodes[r].criterion.kind != "note"]
    from .dates import duration_days

    ages = tuple(None if (d := duration_days(a)) is None else d / 365.25 for a in (trial.minimum_age, trial.maximum_age))
    registry = trial.sex in ("female", "male") or ages != (None, None)
    return TrialPlan(trial, nodes, roots, tops, registry, ages)
