"""Pure: ISO 8601 durations against calendar dates ('P3M' before 2026-05-31 is 2026-02-28)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_ISO = re.compile(r"^P(?:(\d+(?:\.\d+)?)([YMWD])|T(\d+(?:\.\d+)?)([HM]))$")


def parse_duration(iso: str | None) -> tuple[float, str] | None:
    """'P4W' -> (4, 'W'); 'PT72H' -> (72, 'H'); 'PT30M' -> (30, 'MIN'); None when unreadable."""
    m = _ISO.match(iso or "")
    if m is None:
        return None
    if m.group(1):
        return float(m.group(1)), m.group(2)
    return float(m.group(3)), "H" if m.group(4) == "H" else "MIN"


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def shift(d: date, iso: str, sign: int = -1) -> date | None:
    """d minus (sign -1) or plus (sign 1) an ISO duration, in calendar units: months and years by the calendar,
    weeks as 7 days, fractions of months and years as 30.4375 and 365.25 days."""
    parsed = parse_duration(iso)
    if parsed is None:
        return None
    n, unit = parsed
    if unit in ("Y", "M"):
        months = n * (12 if unit == "Y" else 1)
        whole = int(months)
        out = add_months(d, sign * whole)
        return out + timedelta(days=sign * round((months - whole) * 30.4375))
    days = {"W": 7, "D": 1, "H": 1 / 24, "MIN": 1 / 1440}[unit] * n
    return d + timedelta(days=sign * round(days))


def duration_days(iso: str | None) -> float | None:
    parsed = parse_duration(iso)
    if parsed is None:
        return None
    n, unit = parsed
    return n * {"Y": 365.25, "M": 30.4375, "W": 7, "D": 1, "H": 1 / 24, "MIN": 1 / 1440}[unit]
