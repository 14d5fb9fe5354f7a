"""Performance status and life expectancy: ECOG/WHO/Zubrod as the allowed grades ('ECOG ≤ 1' -> ECOG:0,1),
Karnofsky and Lansky as a bound ('KPS ≥ 70' -> KPS>=70; 'Karnofsky/Lansky ≥ 50' gives both), and life
expectancy as a comparator and an ISO 8601 duration ('at least 12 weeks' -> >=P12W)."""

from __future__ import annotations

import re

from ...normalize.durations import iso_duration
from .common import UNIT, FactDraft, FactText, comparator, number

_SCALES = {"ecog": "ECOG", "eastern cooperative oncology group": "ECOG", "who": "WHO", "zubrod": "WHO",
           "karnofsky": "Karnofsky", "karnowsky": "Karnofsky", "kps": "Karnofsky", "lansky": "Lansky", "lps": "Lansky"}
_BOUND_PREFIX = {"Karnofsky": "KPS", "Lansky": "LPS"}


def grades(expr: str) -> tuple[str | None, list[int]]:
    """'≤ 1' -> ('<=', [0, 1]); '0-2' -> (None, [0, 1, 2]); '0 or 1' -> (None, [0, 1])."""
    m = re.match(r"\s*(≤|<=|=<|≥|>=|=>|<|>|\\<|\\>|at\s+least|no\s+more\s+than|less\s+than|greater\s+than|of\s+at\s+least)?\s*(.*)$", expr, re.I)
    cmp = comparator(m.group(1))
    post = re.search(r"\bor\s+(lower|less|below|better|higher|greater|above|more|worse)\s*$", m.group(2), re.I)
    if post and cmp is None:
        cmp = "<=" if post.group(1).lower() in ("lower", "less", "below", "better") else ">="
    nums = [int(x) for x in re.findall(r"\d{1,3}", m.group(2))]
    rng = re.fullmatch(r"\s*(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})%?\s*", m.group(2))
    if rng:
        a, b = int(rng.group(1)), int(rng.group(2))
        return None, list(range(min(a, b), max(a, b) + 1))
    return cmp, nums


def _performance(m: re.Match) -> FactDraft | None:
    scale = _SCALES.get(" ".join(m.group("scale").lower().split()), "ECOG")
    cmp, nums = grades(m.group("expr") or "")
    if not nums:
        return None
    if scale in _BOUND_PREFIX:
        prefix = _BOUND_PREFIX[scale]
        if cmp is None and len(nums) > 2 and nums[-1] == 100:  # "Karnofsky 60-100%": at least 60
            cmp, nums = ">=", nums[:1]
        c = cmp or (">=" if len(nums) == 1 else None)
        if c is None:
            return FactDraft("performance_status", f"{prefix}:{','.join(map(str, nums))}", m.start(), m.end(), scale, None, None, [str(n) for n in nums])
        return FactDraft("performance_status", f"{prefix}{c}{nums[0]}", m.start(), m.end(), scale, c, float(nums[0]))
    if cmp in ("<=", "<"):
        allowed = list(range(0, nums[0] - (1 if cmp == "<" else 0) + 1))
    elif cmp in (">=", ">"):
        allowed = list(range(nums[0] + (1 if cmp == ">" else 0), 5 + 1))
    else:
        allowed = sorted(set(nums))
    if any(n > 5 for n in allowed):
        return None
    return FactDraft("performance_status", f"{scale}:{','.join(map(str, allowed))}", m.start(), m.end(), scale, cmp,
                     None, [str(n) for n in allowed])


def performance_status(t: FactText) -> list[FactDraft]:
    out = []
    for m in t.finditer("performance_status"):
        f = _performance(m)
        if f:
            out.append(f)
            second = _SCALES.get((m.group("scale2") or "").lower())
            if second and second != f.scale and f.scale in _BOUND_PREFIX:  # "Karnofsky/Lansky score of ≥ 50"
                out.append(FactDraft(f.kind, _BOUND_PREFIX[second] + f.value[3:], f.start, f.end, second, f.comparator,
                                     f.number, f.values))
    return out


def life_expectancy(t: FactText) -> list[FactDraft]:
    out = []
    for m in t.finditer("life_expectancy"):
        cmp = comparator(m.group("cmp")) or ">="  # a bare "life expectancy of 3 months" is at least 3 months
        n = number(m.group("n"))
        dur = iso_duration(float(n), UNIT[m.group("unit")[0].lower()])
        out.append(FactDraft("life_expectancy", f"{cmp}{dur}", m.start(), m.end(), None, cmp, float(n), duration=dur))
    return out
