"""Pure: does a patient's latest value of an analyte satisfy a lab cut-off? Values are compared in the analyte's
canonical unit (pint through ucumvert, as the cut-offs are normalized); ULN and LLN multiples against the
patient's own reference range (unknown without one); 'within normal limits' against that range too."""

from __future__ import annotations

from ..normalize.units import NotConvertible, conversion
from ..resources import analytes
from ..schema import LabThreshold
from .index import PatientIndex
from .outcome import Outcome, unknown

EPS = 1e-9


def compare(x: float, comparator: str, value: float, high: float | None = None) -> bool:
    """x <comparator> value, with a relative tolerance so that unit conversions do not move a bound."""
    tol = EPS * max(1.0, abs(value), abs(high or 0.0))
    if comparator == ">=":
        return x >= value - tol
    if comparator == ">":
        return x > value + tol
    if comparator == "<=":
        return x <= value + tol
    if comparator == "<":
        return x < value - tol
    if comparator == "==":
        return abs(x - value) <= tol
    if comparator == "between":
        return value - tol <= x <= (high if high is not None else value) + tol
    raise ValueError(f"unknown comparator {comparator!r}")


def _fmt(x: float | None) -> str:
    return "?" if x is None else f"{x:.4g}"


def to_canonical(value: float, unit: str | None, analyte_id: str) -> float | None:
    """A patient value in `unit` -> the analyte's canonical unit; None when it cannot be converted."""
    entry = analytes().get(analyte_id)
    if entry is None:
        return None
    if unit in (None, "", "1", "{ratio}") and entry.unit == "1":
        return value
    if unit in (None, ""):
        return None
    try:
        scale, offset = conversion(unit, entry.unit, entry.id, entry.molar_mass)
    except NotConvertible:
        return None
    return value * scale + offset


def _bound(t: LabThreshold) -> str:
    cut = f"{_fmt(t.value)}-{_fmt(t.value_high)}" if t.comparator == "between" else f"{t.comparator} {_fmt(t.value)}"
    if t.reference in ("ULN", "LLN"):
        return f"{cut} x {t.reference}"
    return f"{cut} {t.unit or ''}".rstrip()


def lab_outcome(t: LabThreshold, idx: PatientIndex) -> Outcome:
    """One cut-off against the patient's latest value (cached per patient: trials repeat the same cut-offs)."""
    key = ("lab", t.analyte_id, t.comparator, t.value, t.value_high, t.unit, t.reference, t.canonical_value,
           t.canonical_value_high)
    hit = idx.cache.get(key)
    if hit is None:
        hit = idx.cache[key] = _lab_outcome(t, idx)
    return hit


def _lab_outcome(t: LabThreshold, idx: PatientIndex) -> Outcome:
    obs = idx.labs.get(t.analyte_id)
    what = f"{t.analyte} {_bound(t)}"
    if obs is None or obs.value is None:
        return unknown(f"{what}: no {t.analyte} value in the record")
    ev = (obs.source,) if obs.source else ()
    shown = f"{t.analyte} {_fmt(obs.value)} {obs.unit or ''}".rstrip()
    if t.reference in ("ULN", "LLN"):
        ref = obs.high if t.reference == "ULN" else obs.low
        if not ref:
            return unknown(f"{what}: {shown} has no reference range ({t.reference} unknown)", ev)
        x = obs.value / ref
        ok = compare(x, t.comparator, t.value, t.value_high)
        return Outcome(ok, f"{shown} = {_fmt(x)} x {t.reference} ({_fmt(ref)}): {'' if ok else 'not '}{_bound(t)}", ev)
    if t.reference == "normal_range":
        if obs.low is None or obs.high is None:
            return unknown(f"{t.analyte} within normal limits: {shown} has no reference range", ev)
        ok = obs.low <= obs.value <= obs.high
        return Outcome(ok, f"{shown} {'within' if ok else 'outside'} {_fmt(obs.low)}-{_fmt(obs.high)}", ev)
    if t.reference == "predicted":
        return unknown(f"{what}: percent of predicted is not computed", ev)
    return _absolute(t, obs, what, shown, ev)


def _absolute(t: LabThreshold, obs, what: str, shown: str, ev: tuple[str, ...]) -> Outcome:
    if t.canonical_value is None:
        if t.unit is None and obs.unit in (None, "", "1", "{ratio}"):
            value, high, x = t.value, t.value_high, obs.value
        else:
            return unknown(f"{what}: the cut-off has no canonical value ({', '.join(t.flags) or 'not converted'})", ev)
    else:
        value, high = t.canonical_value, t.canonical_value_high
        x = to_canonical(obs.value, obs.unit, t.analyte_id)
        if x is None:
            return unknown(f"{what}: {shown} cannot be converted to {t.canonical_unit}", ev)
    ok = compare(x, t.comparator, value, high)
    unit = t.canonical_unit or ""
    cut = f"{_fmt(value)}-{_fmt(high)}" if t.comparator == "between" else f"{t.comparator} {_fmt(value)}"
    return Outcome(ok, f"{shown} ({_fmt(x)} {unit}) is {'' if ok else 'not '}{cut} {unit}".rstrip(), ev)
