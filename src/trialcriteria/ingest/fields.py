"""Pure: the structured fields of registry records, normalized: ages as ISO 8601 durations ("18 Years" -> "P18Y",
"N/A" -> None), sex, healthy volunteers."""

from __future__ import annotations

import re

_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M"}
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*(?:old)?\s*$", re.I)
_NO_LIMIT = {"", "n/a", "na", "none", "no limit", "not applicable"}


def iso_age(value: str | None) -> str | None:
    """Return the ISO 8601 duration of a registry age, None when there is no limit.

    Raises ValueError for a string that is neither an age nor a no-limit marker.
    """
    if value is None:
        return None
    text = value.strip()
    if text.lower() in _NO_LIMIT:
        return None
    m = _AGE.match(text)
    if not m:
        raise ValueError(f"not an age: {value!r}")
    number, unit = m.group(1), m.group(2).lower()
    if number.endswith(".0"):
        number = number[:-2]
    designator = _UNITS[unit]
    prefix = "PT" if unit in ("hour", "minute") else "P"
    return f"{prefix}{number}{designator}"


_SEX = {"all": "all", "both": "all", "female": "female", "male": "male", "f": "female", "m": "male"}


def normalize_sex(value: str | None) -> str | None:
    if value is None:
        return None
    return _SEX.get(value.strip().lower())


def normalize_healthy_volunteers(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "accepts healthy volunteers", "t", "y"):
        return True
    if text in ("no", "false", "f", "n"):
        return False
    return None
