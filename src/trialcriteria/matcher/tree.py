"""Pure: a trial's plan and a patient -> what each criterion says of the patient and the trial's verdict.

Each criterion is `met` (the patient is as the criterion describes), `not_met` or `unknown`, with the reason and
the patient evidence used. A node with children combines them by its `logic` (all; any, with `min_count`);
its own records, if any, must hold as well (or, under 'any', count as one more alternative). A node whose logic
is not given takes its section's: an inclusion heading's items must all hold, any item of an exclusion heading
excludes. A criterion the
pipeline did not structure is `unknown`, never silently met. The trial is `ineligible` when an inclusion criterion
is not met or an exclusion criterion is met, `eligible` when every top-level criterion is decided in the patient's
favour, and `needs_review` otherwise, with the undecided criteria listed.
"""

from __future__ import annotations

from .events import (biomarker_outcome, condition_outcome, condition_text_outcome, drug_outcome, procedure_outcome,
                     unlinked_window_outcome)
from .facts import fact_outcome
from .index import PatientIndex
from .labs import lab_outcome
from .outcome import Outcome, all_of, any_of, negate, unknown
from .plan import NUMERIC_FACTS, NodePlan, Records, TrialPlan


def _gate(t, idx: PatientIndex) -> Outcome | None:
    """The condition under which a cut-off applies: its sex and its condition text; None when unconditional."""
    parts = []
    if t.sex is not None:
        parts.append(condition_text_outcome("males" if t.sex == "male" else "females", idx))
    if t.condition is not None:
        parts.append(condition_text_outcome(t.condition.text, idx))
    return all_of(parts) if parts else None


def analyte_outcome(ts: list, idx: PatientIndex, vacuous: bool) -> Outcome:
    """The cut-offs of one analyte in a criterion: a conditional cut-off (its sex, its condition) replaces the
    unconditional one when its condition holds ('AST <= 2.5 x ULN; if liver metastases, <= 5 x ULN'); when the
    condition is unknown the result is known only if both cut-offs agree. `vacuous`: the value when no cut-off
    applies (True for a requirement, False for what is forbidden)."""
    plain = [t for t in ts if t.sex is None and t.condition is None]
    gated = [(t, _gate(t, idx)) for t in ts if t.sex is not None or t.condition is not None]
    on = [(t, g) for t, g in gated if g.value is True]
    if on:
        o = all_of([lab_outcome(t, idx) for t, _ in on])
        return Outcome(o.value, f"{o.reason} ({'; '.join(g.reason for _, g in on)})",
                       o.evidence + tuple(e for _, g in on for e in g.evidence))
    base = all_of([lab_outcome(t, idx) for t in plain]) if plain else Outcome(vacuous, "no cut-off applies: " +
                                                                               "; ".join(g.reason for _, g in gated))
    maybe = [(t, g) for t, g in gated if g.value is None]
    if not maybe:
        return base
    alt = [lab_outcome(t, idx) for t, _ in maybe]
    if all(a.value == base.value for a in alt) and base.value is not None:
        return base
    return unknown(f"{base.reason}; or, if {maybe[0][1].reason}, {alt[0].reason}", base.evidence)


def _by_analyte(items: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for t in items:
        out.setdefault(t.analyte_id, []).append(t)
    return out


def _thresholds_all(items: list, idx: PatientIndex) -> list[Outcome]:
    """Required cut-offs: one outcome per group (a conditional cut-off goes with the cut-off on its analyte that
    it replaces); the analytes of one group are alternatives."""
    home = {t.analyte_id: t.group for t in items if t.sex is None and t.condition is None}
    groups: dict[int, list] = {}
    for t in items:
        groups.setdefault(home.get(t.analyte_id, t.group), []).append(t)
    return [any_of([analyte_outcome(ts, idx, True) for ts in _by_analyte(g).values()]) for g in groups.values()]


def _thresholds_any(items: list, idx: PatientIndex) -> list[Outcome]:
    return [analyte_outcome(ts, idx, False) for ts in _by_analyte(items).values()]


def _thresholds_each(items: list, idx: PatientIndex) -> list[tuple]:
    """(first cut-off of an analyte, the analyte's outcome) for forbidden cut-offs."""
    return [(ts[0], analyte_outcome(ts, idx, False)) for ts in _by_analyte(items).values()]


def _event(kind: str, rec, window, idx: PatientIndex, plan: NodePlan, forbidden: bool) -> Outcome:
    if kind == "drugs":
        return drug_outcome(rec, window, idx, plan.exceptions.get("drugs", []) if forbidden else [])
    if kind == "conditions":
        return condition_outcome(rec, window, idx, plan.exceptions.get("conditions", []) if forbidden else [])
    return procedure_outcome(rec, window, idx)


def required_outcome(r: Records, idx: PatientIndex, plan: NodePlan) -> Outcome:
    """All kinds must hold; one record of a kind is enough, except cut-off groups and numeric facts."""
    parts = _thresholds_all(r.thresholds, idx)
    kinds: dict[str, list[Outcome]] = {}
    for f in r.facts:
        kinds.setdefault(f.kind, []).append(fact_outcome(f, idx))
    for kind, outs in kinds.items():
        parts.append(all_of(outs) if kind in NUMERIC_FACTS else any_of(outs))
    events: dict[str, list[Outcome]] = {}
    for kind, rec, w in r.events:
        events.setdefault(kind, []).append(_event(kind, rec, w, idx, plan, False))
    parts += [any_of(outs) for outs in events.values()]
    if r.biomarkers:
        parts.append(any_of([biomarker_outcome(b, idx) for b in r.biomarkers]))
    if r.windows:
        parts.append(any_of([unlinked_window_outcome(w, clause, idx) for w, clause in r.windows]))
    return all_of(parts)


def forbidden_outcome(r: Records, idx: PatientIndex, plan: NodePlan) -> Outcome:
    """Any one forbidden record is enough; records joined by 'with' hold together."""
    items = [(t.start, id(t), o) for t, o in _thresholds_each(r.thresholds, idx)]
    items += [(f.start, id(f), fact_outcome(f, idx)) for f in r.facts]
    items += [(rec.start, id(rec), _event(kind, rec, w, idx, plan, True)) for kind, rec, w in r.events]
    items += [(b.start, id(b), biomarker_outcome(b, idx)) for b in r.biomarkers]
    chains: list[list[Outcome]] = []
    for _, key, o in sorted(items, key=lambda x: x[0]):
        if key in r.joined and chains:
            chains[-1].append(o)
        else:
            chains.append([o])
    outs = [c[0] if len(c) == 1 else all_of(c) for c in chains]
    outs += [unlinked_window_outcome(w, clause, idx) for w, clause in r.windows]
    return any_of(outs)


def _must_not(o: Outcome) -> Outcome:
    return Outcome(None if o.value is None else not o.value, f"not: {o.reason}" if o.value is not None else o.reason,
                   o.evidence)


def own_outcome(plan: NodePlan, idx: PatientIndex) -> Outcome | None:
    """What the criterion's own records say it describes; None when it has no record to decide by."""
    if not plan.evaluable:
        return None
    req = required_outcome(plan.required, idx, plan) if plan.required else None
    forb = forbidden_outcome(plan.forbidden, idx, plan) if plan.forbidden else None
    if plan.natural == "required":
        holds = all_of([x for x in (req, _must_not(forb) if forb else None) if x is not None])
    else:
        holds = all_of([x for x in (forb, _must_not(req) if req else None) if x is not None])
    if not plan.has_allowed_alternatives:
        return holds
    alts = [fact_outcome(f, idx) for f in plan.allowed.facts] + _thresholds_any(plan.allowed.thresholds, idx)
    ok_alt = [a for a in alts if a.value is True]
    if ok_alt:  # an exception the patient falls under: the patient passes this criterion
        passes = Outcome(True, f"allowed: {ok_alt[0].reason}", ok_alt[0].evidence)
        return passes if plan.natural == "required" else negate(passes)
    return holds


def node_outcome(plan: TrialPlan, cid: str, idx: PatientIndex, out: dict[str, Outcome]) -> Outcome:
    node = plan.nodes[cid]
    for k in node.children:
        node_outcome(plan, k, idx, out)
    kid_outs = [out[k] for k in node.combined]
    own = own_outcome(node, idx)
    if kid_outs:
        any_logic = node.logic == "any"
        combined = any_of(kid_outs, node.criterion.min_count or 1) if any_logic else all_of(kid_outs)
        result = combined if own is None else (any_of([own, combined]) if any_logic else all_of([own, combined]))
    elif own is not None:
        result = own
    else:
        result = Outcome(None, node.unknown_reason)
    out[cid] = result
    return result


def evaluate_plan(plan: TrialPlan, idx: PatientIndex) -> dict[str, Outcome]:
    out: dict[str, Outcome] = {}
    for root in plan.roots:
        node_outcome(plan, root, idx, out)
    return out
