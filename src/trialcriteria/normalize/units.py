"""Pure unit conversion: a value in a UCUM unit -> the analyte's canonical unit (pint through ucumvert, with molar
masses for mass <-> amount conversions and data-driven special conversions such as HbA1c % <-> mmol/mol)."""

from __future__ import annotations

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
    """value in `ucum` -> value in the analyte's canonical unit. Raises NotConvertible."""
    scale, offset = conversion(ucum, analyte.unit, analyte.id, analyte.molar_mass)
    return value * scale + offset


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
        try:
            q = x * src  # offset units (degF) refuse plain multiplication
        except Exception:  # noqa: BLE001 - pint's OffsetUnitCalculusError
            q = src._REGISTRY.Quantity(x, src.units) if src.magnitude == 1 else None
        if q is None:
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
        return None
    return one - zero, zero  # affine: temperatures have an offset
