"""Pure: a threshold draft (offsets in a criterion) -> a LabThreshold (offsets in eligibility_text) with its
value converted to the analyte's canonical unit and implausible values flagged (never dropped).

- ULN and LLN multiples keep their multiple (canonical unit `ULN` / `LLN`), a share of the predicted value keeps
  its share (`%{predicted}`).
- A unit that does not convert (or a converter that fails, as pint does on °F arithmetic) gives the flag
  `unit_not_convertible`, never an exception.
- No unit written: `unit_missing`; when the value is plausible in the canonical unit, or in a unit that
  threshold_forms.json lists for it (a count per µL, a fraction for a percentage), the canonical value is given
  and `unit_assumed` says so. A dipstick grade ("2+") is flagged `dipstick_grade`.
- Converted values are rounded to the precision the written value warrants (normalize.units.round_like)."""

from __future__ import annotations

from ..schema import AnalyteEntry, LabThreshold, TextSpan
from ..extract.thresholds import Draft
from ..extract.thresholds.rules import rules
from .units import NotConvertible, convert


def _span(text: str, span: tuple[int, int], base: int) -> TextSpan:
    return TextSpan(text=text[span[0] : span[1]], start=span[0] + base, end=span[1] + base)


PREDICTED = "%{predicted}"


def _plausible(analyte: AnalyteEntry, value: float, high: float | None) -> bool:
    if not analyte.plausible:
        return False
    low, top = analyte.plausible
    return low <= value <= top and (high is None or low <= high <= top)


def _assume_unit(value: float, high: float | None, analyte: AnalyteEntry) -> tuple[float, float | None] | None:
    """The value (and high end) in the canonical unit when no unit is written: taken as is when plausible there,
    else read in the units resources/threshold_forms.json lists for that canonical unit (a count per µL, a
    fraction for a percentage) when that gives a plausible value; None when nothing fits."""
    if _plausible(analyte, value, high):
        return value, high
    for unit in rules().assumed_units.get(analyte.unit, ()):
        try:
            v = convert(value, unit, analyte)
            h = convert(high, unit, analyte) if high is not None else None
        except NotConvertible:
            continue
        if _plausible(analyte, v, h):
            return v, h
    return None


def _canonical(e, analyte: AnalyteEntry) -> tuple[float | None, float | None, str | None, list[str]]:
    """An expression's value in the analyte's canonical unit -> (value, high value, unit, flags)."""
    flags: list[str] = []
    canonical = canonical_high = None
    canonical_unit = None
    if e.reference in ("ULN", "LLN"):
        canonical, canonical_high, canonical_unit = e.value, e.value_high, e.reference
    elif e.reference == "predicted":  # like a multiple of the ULN: a share of the predicted value, kept as is
        canonical, canonical_high, canonical_unit = e.value, e.value_high, PREDICTED
    elif e.reference == "normal_range":
        canonical_unit = None
    elif e.unit is not None:
        try:
            canonical = convert(e.value, e.unit, analyte)
            canonical_high = convert(e.value_high, e.unit, analyte) if e.value_high is not None else None
            canonical_unit = analyte.unit
        except NotConvertible:  # convert() turns whatever the converter raises into NotConvertible
            canonical = canonical_high = canonical_unit = None
            flags.append("unit_not_convertible")
    elif analyte.unit == "1":
        canonical, canonical_high, canonical_unit = e.value, e.value_high, "1"
    elif getattr(e, "dipstick", False):
        flags.append("dipstick_grade")  # "≤ 2+": a grade, no unit
    else:
        flags.append("unit_missing")
        assumed = _assume_unit(e.value, e.value_high, analyte)
        if assumed is not None:  # "BP < 140/90", "platelets < 100,000", "FEV1/FVC < 0.70": the usual unit is meant
            canonical, canonical_high = assumed
            canonical_unit = analyte.unit
            flags.append("unit_assumed")
    if canonical is not None and canonical_unit == analyte.unit and analyte.plausible:
        low, high = analyte.plausible
        if not low <= canonical <= high or (canonical_high is not None and not low <= canonical_high <= high):
            flags.append("implausible")
    if e.reference in ("ULN", "LLN") and not 0 < e.value <= 100:
        flags.append("implausible")
    return canonical, canonical_high, canonical_unit, flags


def to_threshold(draft: Draft, text: str, base: int, analyte: AnalyteEntry) -> LabThreshold:
    """text: the criterion's raw text; base: its offset in eligibility_text."""
    e = draft.expr
    canonical, canonical_high, canonical_unit, flags = _canonical(e, analyte)
    # a record whose analyte is not repeated ("(≤ 5 × ULN if liver metastases)") spans its expression
    start = e.start if draft.inherited else min(draft.analyte_span[0], e.start)
    return LabThreshold(
        analyte=analyte.name,
        analyte_id=analyte.id,
        analyte_text=text[draft.analyte_span[0] : draft.analyte_span[1]],
        loinc=analyte.loinc,
        comparator=e.comparator,
        value=e.value,
        value_high=e.value_high,
        unit=e.unit,
        unit_text=text[e.unit_span[0] : e.unit_span[1]] if e.unit_span else None,
        reference=e.reference,
        canonical_value=canonical,
        canonical_value_high=canonical_high,
        canonical_unit=canonical_unit,
        condition=_span(text, draft.condition, base) if draft.condition else None,
        sex=draft.sex,
        qualifiers=[_span(text, q, base) for q in draft.qualifiers],
        equivalents=[_span(text, q, base) for q in draft.equivalents],
        formula=draft.formula,
        group=draft.group,
        flags=flags,
        start=start + base,
        end=max(e.end, draft.analyte_span[1]) + base,
    )
