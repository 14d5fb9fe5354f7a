"""Pure unit conversion: a value in a UCUM unit -> the analyte's canonical unit (pint through ucumvert, with molar
masses for mass <-> amount conversions and data-driven special conversions such as HbA1c % <-> mmol/mol). Offset
units (°F, °C) convert as affine maps, never by multiplying a quantity; an enzyme's [IU] is its U; converted values
are rounded to the significant digits of the written value plus two (at least four), so float noise is gone."""

from __future__ import annotations

import math
from functools import lru_cache

from ..resources import threshold_resources
from ..schema import AnalyteEntry


@lru_cache(maxsize=1)
def _registry():
    from ucumvert import PintUcumRegistry

    return PintUcumRegistry()


@lru_cache(maxsize=512)
def _unit(ucum: str):
    return _registry().from_ucum(ucum)


def ucum_unit(ucum: str):
    """The pint unit of a UCUM code, or None when the converter cannot read it."""
    try:
        return _unit(ucum)
    except Exception:  # noqa: BLE001 - ucumvert raises several kinds
        return None


class NotConvertible(ValueError):
    pass


def convert(value: float, ucum: str, analyte: AnalyteEntry) -> float:
    """value in `ucum` -> value in the analyte's canonical unit, rounded to the precision the written value
    warrants (see `round_like`). Raises NotConvertible, and only that: whatever the converter raises (pint's
    OffsetUnitCalculusError on °F, a unit it cannot read) becomes NotConvertible."""
    try:
        scale, offset = conversion(ucum, analyte.unit, analyte.id, analyte.molar_mass)
    except NotConvertible:
        raise
    except Exception as exc:  # noqa: BLE001 - never let one unit lose a whole trial
        raise NotConvertible(f"{ucum} cannot be converted to {analyte.unit} for {analyte.id}: {exc}") from exc
    if scale == 1.0 and offset == 0.0:
        return value
    return round_like(value * scale + offset, value)


def significant_digits(value: float) -> int:
    """The significant digits of a value as written (1500 -> 2, 1.5 -> 2, 133 -> 3, 0.05 -> 1, 7.0 -> 1: the
    float keeps no trailing zero, so a written '7.0' counts as '7')."""
    digits = repr(abs(float(value)))
    if "e" in digits or "E" in digits:
        mantissa = digits.lower().split("e")[0]
        return max(1, len(mantissa.replace(".", "").strip("0")))
    return max(1, len(digits.replace(".", "").strip("0")))


def round_like(x: float, written: float, extra: int = 2, floor: int = 4, ceiling: int = 12) -> float:
    """x (a converted value) rounded to the significant digits of the written value plus `extra`, and at least
    `floor`: enough to keep what the conversion tells (7.0 mmol/L -> 126.1 mg/dL), few enough that float noise
    (100.00000000000003, 1.0000000000000002) is gone, so equal cut-offs written in two units compare equal
    (1500/µL and 1.5 × 10⁹/L both give 1.5)."""
    if x == 0 or x != x or x in (float("inf"), float("-inf")):
        return x
    sig = min(max(significant_digits(written) + extra, floor), ceiling)  # "6 feet 4 inches" = 6.333... ft
    magnitude = math.floor(math.log10(abs(x)))
    return float(round(x, sig - 1 - magnitude))


@lru_cache(maxsize=4096)
def conversion(ucum: str, target: str, analyte_id: str, molar_mass: float | None) -> tuple[float, float]:
    """The affine map (scale, offset) from `ucum` to `target` for one analyte, computed once with pint.
    Raises NotConvertible (cached too: functools caches only returns, so failures are memoized below)."""
    result = _conversion(ucum, target, analyte_id, molar_mass)
    if result is None:
        raise NotConvertible(f"{ucum} cannot be converted to {target} for {analyte_id}")
    return result


@lru_cache(maxsize=4096)
def _conversion(ucum: str, target: str, analyte_id: str, molar_mass: float | None) -> tuple[float, float] | None:
    if ucum == target:
        return 1.0, 0.0
    for sc in threshold_resources().special_conversions:
        if sc.analyte == analyte_id and sc.from_unit == ucum and sc.to_unit == target:
            return sc.scale, sc.offset
        if sc.analyte == analyte_id and sc.to_unit == ucum and sc.from_unit == target:
            return 1.0 / sc.scale, -sc.offset / sc.scale
    try:
        src, dst = _unit(ucum), _unit(target)
    except Exception:  # noqa: BLE001 - ucumvert raises several kinds
        return None

    def at(x: float) -> float | None:
        try:  # Quantity(x * magnitude, units), never x * src: an offset unit (°F, °C) refuses multiplication
            q = src._REGISTRY.Quantity(x * src.magnitude, src.units)
        except Exception:  # noqa: BLE001 - pint's OffsetUnitCalculusError and friends
            return None
        try:
            return float(q.to(dst.units).magnitude / dst.magnitude)
        except Exception:  # noqa: BLE001 - pint's DimensionalityError and friends
            pass
        if molar_mass:
            mm = q._REGISTRY.Quantity(molar_mass, "g/mol")
            for candidate in (q / mm, q * mm):
                try:
                    return float(candidate.to(dst.units).magnitude / dst.magnitude)
                except Exception:  # noqa: BLE001
                    continue
        return None

    zero, one = at(0.0), at(1.0)
    if zero is None or one is None:
        if "[IU]" in ucum and "[IU]" not in target and "U" in target:
            # an enzyme's international unit is its unit of activity (1 IU = 1 U = 1 µmol/min): "ALT ≥ 75 IU/L"
            return _conversion(ucum.replace("[IU]", "U"), target, analyte_id, molar_mass)
        return None
    return one - zero, zero  # affine: temperatures have an offset
