"""Cardiac facts: NYHA classes ('NYHA class III or IV' -> III,IV; 'NYHA ≥ II', 'II+' -> >=II), and the QTc and
blood-pressure limits, which are lab thresholds as well (QTcF>470ms, SBP>140mmHg, with their sex when given)."""

from __future__ import annotations

import re

from .common import ROMAN, ROMAN_OUT, FactDraft, FactText, comparator


def nyha(t: FactText) -> list[FactDraft]:
    out: list[FactDraft] = []
    for m in list(t.finditer("nyha")) + list(t.finditer("nyha_after")) + list(t.finditer("nyha_per")):
        groups = m.groupdict()
        raw = (m.group("classes") or m.group("classes2") if "classes2" in groups else m.group("classes")) or ""
        cmp = comparator(groups.get("cmp") or groups.get("cmp2"))
        names = [ROMAN[x.lower()] for x in re.findall(r"IV|III|II|I|[1-4]", raw)]
        if not names or any(f.start <= m.start() < f.end for f in out):
            continue
        if "+" in raw or re.search(r"(?:or|and)\s+(?:above|higher|greater)", raw, re.I):
            cmp = ">="
        rng = re.search(r"(IV|III|II|I|[1-4])\s*(?:-|–|to)\s*(IV|III|II|I|[1-4])", raw)
        if rng:
            names = list(range(ROMAN[rng.group(1).lower()], ROMAN[rng.group(2).lower()] + 1))
        value = f"{cmp}{ROMAN_OUT[names[0]]}" if cmp else ",".join(ROMAN_OUT[n] for n in sorted(set(names)))
        out.append(FactDraft("nyha_class", value, m.start(), m.end(), None, cmp, None, [ROMAN_OUT[n] for n in sorted(set(names))]))
    return out


_QTC = {"qtc": "QTc", "qtcf": "QTcF", "qtcb": "QTcB", "qt": "QT"}


def qtc_limit(lab: dict) -> FactDraft:
    name, cmp, value = _QTC[lab["analyte_id"]], lab["comparator"], lab["value"]
    return FactDraft("qtc", f"{name}{cmp}{value:g}ms", lab["start"], lab["end"], None, cmp, value, sex=lab.get("sex"))


def blood_pressure_limit(lab: dict) -> FactDraft:
    cmp, value = lab["comparator"], lab["value"]
    return FactDraft("blood_pressure", f"{lab['analyte_id'].upper()}{cmp}{value:g}mmHg", lab["start"], lab["end"], None,
                     cmp, value, sex=lab.get("sex"))


LAB_FACTS = {**{aid: qtc_limit for aid in _QTC}, "sbp": blood_pressure_limit, "dbp": blood_pressure_limit}
