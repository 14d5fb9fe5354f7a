"""Pure: a number and a time unit -> an ISO 8601 duration."""

from __future__ import annotations


def iso_duration(value: float, unit: str) -> str:
    """(4, 'W') -> 'P4W'; hours -> 'PT72H'; minutes -> 'PT30M'; fractions kept ('P1.5Y')."""
    number = f"{value:g}"
    if unit == "H":
        return f"PT{number}H"
    if unit == "MIN":
        return f"PT{number}M"
    return f"P{number}{unit}"
