"""Oncology facts: prior lines of therapy, measurable disease (RECIST 1.1, iRECIST, RANO), tumour grade and
differentiation, histology (NET, NEC, MiNEN with its percentage, NSCLC, ...), brain metastases (present,
treated, stable for N weeks, off steroids) and Ki-67 cut-offs (which are lab thresholds as well)."""

from __future__ import annotations

import re

from ...normalize.durations import iso_duration
from .common import UNIT, FactDraft, FactText, number


def prior_lines(t: FactText) -> list[FactDraft]:
    """'at least one prior line' -> >=1, 'treatment-naive' -> ==0; of several counts in a criterion ("one line or
    more than one line") the lowest is the requirement."""
    out = []
    for m in t.finditer("prior_lines"):
        if m.group("naive") or m.groupdict().get("naive2"):
            out.append(FactDraft("prior_lines", "==0", m.start(), m.end(), None, "==", 0.0))
            continue
        n = number(m.group("n") or m.group("n2") or m.group("n3"))
        if m.group("ge") and t.rules["prior_lines_negated"].search(t.work[max(0, m.start() - 40) : m.start()]):
            n -= 0 if m.group("ge").lower() == "more than" else 1  # "no more than 2 prior regimens": at most 2
            out.append(FactDraft("prior_lines", f"<={n}", m.start(), m.end(), None, "<=", float(n)))
            continue
        if m.group("ge") and m.group("ge").lower() == "more than":
            n += 1
        out.append(FactDraft("prior_lines", f">={n}", m.start(), m.end(), None, ">=", float(n)))
    return [min(out, key=lambda f: f.number or 0)] if len(out) > 1 else out


def measurable_disease(t: FactText) -> list[FactDraft]:
    meas, rec = t.search("measurable"), t.search("recist")
    if not (meas or (rec and re.search(r"measurable|lesion|disease", t.work, re.I))):
        return []
    if rec:
        name = "RANO" if "RANO" in rec.group(0).upper() else (
            "iRECIST" if rec.group("i") else f"RECIST {rec.group('v') or rec.group('v2') or '1.1'}")
    else:
        name = "measurable"
    span = meas or rec
    return [FactDraft("measurable_disease", name, span.start(), span.end(), name if rec else None)]


def tumor_grade(t: FactText) -> list[FactDraft]:
    out = []
    for m in t.finditer("tumor_grade"):
        if m.group("g"):
            grades = sorted(set(re.findall(r"G[1-4]", m.group("g"))))
        else:
            grades = [f"G{i}" for i in range(int(m.group("a")), int(m.group("b")) + 1)]
        out.append(FactDraft("tumor_grade", ",".join(grades), m.start(), m.end(), None, None, None, grades))
    return out


def differentiation(t: FactText) -> list[FactDraft]:
    out = []
    for m in t.finditer("differentiation"):
        d = (m.groupdict().get("d") or "well").lower()
        out.append(FactDraft("differentiation", {"un": "undifferentiated"}.get(d, d), m.start(), m.end()))
    return out


def histology(t: FactText) -> list[FactDraft]:
    names, pattern = t.rules["histology"]
    out = []
    for m in (pattern.finditer(t.work) if t.gated("histology") else ()):
        value = names[int(m.lastgroup[1:])]
        if value == "MiNEN":
            pct = re.search(r"(?:>|≥|>=|more\s+than)\s*(\d+)\s*%", t.work[m.end() : m.end() + 60])
            if pct:
                value = f"MiNEN>{pct.group(1)}%"
        out.append(FactDraft("histology", value, m.start(), m.end()))
    return out


def brain_metastases(t: FactText) -> list[FactDraft]:
    r, work = t.rules, t.work
    bm = t.search("brain_metastases")
    if not bm:
        return []
    out = [FactDraft("brain_metastases", "present", bm.start(), bm.end())]
    treated = r["brain_treated"].search(work)
    if treated:
        out.append(FactDraft("brain_metastases", "treated", treated.start(), treated.end()))
    st = r["brain_stable"].search(work) or r["brain_stable_rev"].search(work)
    if st:
        dur = iso_duration(float(st.group("n")), UNIT[st.group("unit")[0].lower()])
        out.append(FactDraft("brain_metastases", f"stable>={dur}", st.start(), st.end(), duration=dur))
    off = r["off_steroids"].search(work)
    if off:
        out.append(FactDraft("brain_metastases", "off_steroids", off.start(), off.end()))
    return out


def ki67_cutoff(lab: dict) -> FactDraft:
    cmp, value = lab["comparator"], lab["value"]
    return FactDraft("ki67", f"{cmp}{value:g}%", lab["start"], lab["end"], None, cmp, value)


LAB_FACTS = {"ki67": ki67_cutoff}
