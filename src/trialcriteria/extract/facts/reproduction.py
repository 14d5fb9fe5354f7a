"""Pregnancy, lactation, contraception (asked for, or its lack excluded, and its duration after the last dose) and
sex. A sex restriction and the use of contraception are stated only by an inclusion criterion: "Women with prior
radiation" or "Patients using oral contraception" in an exclusion are no such facts."""

from __future__ import annotations

from ...normalize.durations import iso_duration
from .common import UNIT, FactDraft, FactText, number


def pregnancy_and_lactation(t: FactText) -> list[FactDraft]:
    """One pregnancy and one lactation fact per criterion. A pregnancy test states pregnancy only with its
    result: a negative one is pregnancy negated ("must have a negative pregnancy test": the patient must not be
    pregnant), a positive one is pregnancy; a test without a result ("willing to undergo a pregnancy test")
    states none."""
    if t.heading:
        return []
    tests = list(t.finditer("pregnancy_test"))
    mentions = [x for x in t.finditer("pregnancy")
                if not t.rules["pregnancy_not"].search(t.work[max(0, x.start() - 40) : x.start()])
                and not any(s.start() <= x.start() < s.end() for s in tests)]
    out = [_mention(t, "pregnancy", "pregnant", m) for m in mentions]
    for test in tests:
        neg = next((g for g in ("neg", "neg2", "neg3") if test.group(g)), None)
        if neg or any(test.group(g) for g in _RESULTS):
            out.append(FactDraft("pregnancy", "pregnant", test.start(), test.end(), negated=test.span(neg) if neg else None))
    out.sort(key=lambda f: f.start)
    return out + [_mention(t, "lactation", "lactating", m) for m in t.finditer("lactation")]


_RESULTS = ("neg", "pos", "neg2", "pos2", "neg3", "pos3")


def _mention(t: FactText, kind: str, value: str, m) -> FactDraft:
    """A pregnancy or lactation mention; "non-pregnant", "non-lactating" negate it."""
    non = t.rules["non_prefix"].search(t.work, max(0, m.start() - 5), m.start())
    return FactDraft(kind, value, m.start(), m.end(), negated=non.span() if non else None)


def contraception(t: FactText) -> list[FactDraft]:
    """Asked for ("must use effective contraception"), or its lack excluded ("not employing adequate
    contraception"); using it, in an exclusion, is a drug history: kept for inclusion criteria only."""
    r, work = t.rules, t.work
    m = t.search("contraception")
    if not m or t.heading:
        return []
    required = bool(r["contraception_lack"].search(work[max(0, m.start() - 80) : m.end()])
                    or r["contraception_asks"].search(work))
    if not required and not r["contraception_use"].search(work):
        return []  # an item of a list of methods ("Hormonal contraception plus a barrier method;") asks for nothing
    if not required and t.section == "exclusion":
        return []
    # in an exclusion criterion, contraception asked for or its lack excluded is still what the patient must do
    stated = (m.start(), m.end()) if required and t.section == "exclusion" else None
    after_dose = list(r["contraception_after"].finditer(work))
    if not after_dose:
        return [FactDraft("contraception", "required", m.start(), m.end(), stated=stated)]
    out = []
    for dur in after_dose:
        n, unit = (dur.group("n"), dur.group("unit")) if dur.group("n") else (dur.group("n2"), dur.group("unit2"))
        value = iso_duration(float(number(n)), UNIT[unit[0].lower()])
        out.append(FactDraft("contraception", value, min(m.start(), dur.start()), max(m.end(), dur.end()),
                             duration=value, stated=stated))
    return out


def sex(t: FactText) -> list[FactDraft]:
    """'Female only', or a criterion whose subject is one sex ("Females undergoing ICSI", "Men 18 years or
    older") and that names neither the other sex nor pregnancy, lactation or contraception (their subject is
    women); inclusion criteria only."""
    if t.section == "exclusion":
        return []
    r, work = t.rules, t.work
    m = t.search("sex")
    if m:
        return [FactDraft("sex", "female" if m.group("f") else "male", m.start(), m.end())]
    m = t.search("sex_subject")
    if not m:
        return []
    key = "f" if m.group("f") else "m"
    rest = work[m.end() :]
    if r["sex_opposite"][key].search(rest) or r["sex_topics"].search(work) \
            or r["sex_condition"].match(rest):  # "Females must have been sterilized ..." is a condition
        return []
    return [FactDraft("sex", "female" if key == "f" else "male", m.start(key), m.end(key))]
