"""Age statements -> `age` facts: '18 years or older' -> >=18Y, 'aged between 18 and 65 years' -> 18-65Y, '>40 and
<70 years old' -> >40Y and <70Y (a range only when both ends are inclusive), 'under the age of 18' -> <18Y, 'Age =
50' -> ==50Y (Chia's lost signs are read as written). A number is an age when an age cue ('age', 'aged'), a tail
('of age', 'old', 'y.o.') or 'older/younger' says so, or when it opens the criterion ('Men 18 years or older');
months need a cue or a tail ('12 months of amenorrhea' is no age). The forms are data (resources/facts.json)."""

from __future__ import annotations

import re

from .common import DIGIT, FactDraft, FactText, comparator, plain, rules

_INCLUSIVE = {">=", "<="}
_POST = {"older": ">=", "over": ">=", "above": ">=", "more": ">=", "greater": ">=",
         "younger": "<=", "less": "<=", "under": "<=", "below": "<="}


def extract_ages(text: str) -> list[FactDraft]:
    """The age facts of a text (offsets into it)."""
    return ages(plain(text)) if DIGIT.search(text) else []  # every age statement has a number


def age_facts(t: FactText) -> list[FactDraft]:
    """The rule of the registry: ages of a criterion."""
    return ages(t.work) if DIGIT.search(t.work) else []


def _age_unit(raw: str | None) -> str:
    return "M" if raw and raw.lower().startswith("mo") else "Y"


def ages(work: str) -> list[FactDraft]:
    """Ages of a text already made plain."""
    r = rules()["age"]
    out: list[FactDraft] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in r["forms"]:
        for m in pattern.finditer(work):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken) or not _is_age(form, m, work, r):
                continue
            drafts = _values(form, m)
            if drafts is None:
                continue
            taken.append((a, b))
            for value, c, n, high in drafts:
                out.append(FactDraft("age", value, a, b, None, c, float(n), number_high=None if high is None else float(high)))
    return sorted(out, key=lambda f: f.start)


def _is_age(form: str, m: re.Match, work: str, r: dict) -> bool:
    """Whether a number that matched an age form is an age (see the module docstring)."""
    a, b = m.span()
    g = m.groupdict()
    units = [u for u in (g.get("u1"), g.get("u2")) if u]
    cue = bool(g.get("cue") or g.get("tail") or g.get("tail1") or form == "cmp_age_of"
               or re.match(r"y\.\s?o|yo", units[-1] if units else "", re.I))
    wordy = (g.get("cmp") or "").lower().startswith(("older", "younger")) or \
        (g.get("post") or "").lower() in ("older", "younger", "above", "over")
    opens = bool(r["subject_prefix"].match(work[:a]))
    if not cue:
        if any(_age_unit(u) == "M" for u in units) or r["duration_after"].match(work[b:]):
            return False
        if not (wordy and units) and not (opens and (units or form != "range")) and not (
                form == "pre" and r["subject_before"].search(work[:a]) and not units):
            return False
    if form == "range" and not units and not g.get("cue"):
        return False
    if not units and not (g.get("tail") or g.get("cue") or form == "cmp_age_of") and not r["no_unit_after"].match(work[b:]):
        return False  # "=88 cm in women", "= 12 g/dL": a number with another unit
    if g.get("cue") and r["not_cue_before"].search(work[:a]):
        return False  # "gestational age", "bone age"
    return True


def _values(form: str, m: re.Match) -> list[tuple[str, str | None, int, int | None]] | None:
    """(canonical value, comparator, number, upper bound of a range) of each age an age statement gives; None when
    it is no age."""
    g = m.groupdict()
    units = [u for u in (g.get("u1"), g.get("u2")) if u]
    unit = _age_unit(units[-1] if units else None)
    n1 = int(m.group("n1"))
    n2 = int(g["n2"]) if g.get("n2") else None
    if not 0 < n1 < 120 or (n2 is not None and not 0 < n2 < 120):
        return None
    if form == "range":
        if n2 <= n1:
            return None
        return [(f"{n1}-{n2}{unit}", None, n1, n2)]
    if form == "two_sided":
        c1, c2 = comparator(g["cmp"]), comparator(g["cmp2"])
        if c1 in _INCLUSIVE and c2 in _INCLUSIVE and c1 != c2 and n1 < n2:
            return [(f"{min(n1, n2)}-{max(n1, n2)}{unit}", None, min(n1, n2), max(n1, n2))]
        return [(f"{c1}{n1}{unit}", c1, n1, None), (f"{c2}{n2}{unit}", c2, n2, None)]
    if form == "plus":  # "18+ years"
        return [(f">={n1}{unit}", ">=", n1, None)]
    c = _POST[g["post"].lower()] if form == "post" else comparator(g["cmp"])
    return [(f"{c}{n1}{unit}", c, n1, None)]
