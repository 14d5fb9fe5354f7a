"""Three-valued outcomes: True (holds), False (does not), None (unknown), each with its reason and the patient
evidence used (the FHIR resources or flat JSON paths), and Kleene's connectives over them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Outcome(NamedTuple):
    value: bool | None
    reason: str
    evidence: tuple[str, ...] = ()


def unknown(reason: str, evidence: tuple[str, ...] = ()) -> Outcome:
    return Outcome(None, reason, evidence)


def _evidence(items: Iterable[Outcome]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e for o in items for e in o.evidence))


def all_of(items: list[Outcome], what: str = "all") -> Outcome:
    """Kleene AND: False if one is False, else None if one is None, else True."""
    if len(items) == 1:
        return items[0]
    if not items:
        return Outcome(True, "nothing to check")
    false, unk = [], False
    for o in items:
        if o.value is False:
            false.append(o)
        elif o.value is None:
            unk = True
    if false:
        return Outcome(False, "; ".join(o.reason for o in false), _evidence(false))
    if unk:
        return Outcome(None, "; ".join(o.reason for o in items if o.value is None), _evidence(items))
    return Outcome(True, "; ".join(o.reason for o in items) if len(items) <= 3 else f"{what}: {len(items)} hold",
                   _evidence(items))


def any_of(items: list[Outcome], at_least: int = 1) -> Outcome:
    """Kleene OR (or 'at least k of'): True if k are True, False if fewer than k can be, else None."""
    if len(items) == 1 and at_least == 1:
        return items[0]
    if not items:
        return Outcome(False, "nothing to satisfy")
    true, n_unk = [], 0
    for o in items:
        if o.value is True:
            true.append(o)
        elif o.value is None:
            n_unk += 1
    if len(true) >= at_least:
        return Outcome(True, "; ".join(o.reason for o in true), _evidence(true))
    if len(true) + n_unk < at_least:
        return Outcome(False, "; ".join(o.reason for o in items), _evidence(items))
    return Outcome(None, "; ".join(o.reason for o in items if o.value is None), _evidence(items))


def negate(o: Outcome) -> Outcome:
    return Outcome(None if o.value is None else not o.value, o.reason, o.evidence)


def implies(condition: Outcome, then: Outcome) -> Outcome:
    """condition -> then (Kleene): a cut-off that applies only when its condition holds."""
    if condition.value is False:
        return Outcome(True, f"does not apply ({condition.reason})", condition.evidence)
    if condition.value is True:
        return Outcome(then.value, then.reason, condition.evidence + then.evidence)
    if then.value is True:
        return Outcome(True, then.reason, then.evidence)
    return Outcome(None, f"{then.reason}; applies only if {condition.reason}", condition.evidence + then.evidence)


def both(condition: Outcome, then: Outcome) -> Outcome:
    """condition and then (Kleene): an alternative that counts only when its condition holds."""
    return all_of([condition, then])
