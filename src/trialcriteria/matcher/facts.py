"""Pure: does a patient satisfy one of the other facts (age, sex, performance status, life expectancy, NYHA,
Child-Pugh, CTCAE grade, QTc, blood pressure, pregnancy, lactation, contraception, prior lines, measurable disease,
grade, differentiation, Ki-67, histology, brain metastases)? Each fact is read from its canonical `value`
(annotations/facts/GUIDELINES.md), so a gold fact and a predicted one are decided the same way."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from ..schema import Fact
from .dates import duration_days
from .index import PatientIndex
from .labs import compare, lab_outcome, to_canonical
from .outcome import Outcome, unknown
from .rules import match_rules, norm, truth

_CMP = re.compile(r"^(>=|<=|==|>|<)?\s*(.*)$")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def split_cmp(value: str) -> tuple[str, str]:
    m = _CMP.match(value.strip())
    return (m.group(1) or "=="), m.group(2)


def _ev(obs) -> tuple[str, ...]:
    return (obs.source,) if obs is not None and obs.source else ()


def _age(f: Fact, idx: PatientIndex) -> Outcome:
    if idx.age is None:
        return unknown(f"age {f.value}: no birth date or age")
    m = re.fullmatch(r"(>=|<=|==|>|<)?(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?([YMWD])", f.value)
    if m is None:
        return unknown(f"age {f.value}: not a value the matcher reads")
    per_year = {"Y": 1, "M": 12, "W": 52.1775, "D": 365.25}[m.group(4)]
    age = math.floor(idx.age * per_year + 1e-9)
    low = float(m.group(2))
    ok = low <= age <= float(m.group(3)) if m.group(3) else compare(age, m.group(1) or "==", low)
    return Outcome(ok, f"age {age}{m.group(4)} is {'' if ok else 'not '}{f.value}", (idx.patient.source or "Patient",))


def _sex(f: Fact, idx: PatientIndex) -> Outcome:
    if idx.sex is None:
        return unknown(f"sex {f.value}: not in the record")
    return Outcome(idx.sex == f.value, f"sex is {idx.sex}", (idx.patient.source or "Patient",))


def ecog_range(idx: PatientIndex) -> tuple[tuple[int, int], tuple[str, ...]] | None:
    """The patient's ECOG grade as a range (exact from ECOG/WHO, from Karnofsky by the usual correspondence)."""
    for kind in ("ecog", "who"):
        obs = idx.assessments.get(kind)
        if obs is not None and obs.value is not None:
            return (int(obs.value), int(obs.value)), _ev(obs)
    obs = idx.assessments.get("karnofsky") or idx.assessments.get("lansky")
    if obs is not None and obs.value is not None:
        grade = next(g for k, g in match_rules().kps_to_ecog if obs.value >= k)
        return (grade, grade), _ev(obs)
    return None


def kps_range(idx: PatientIndex, scale: str) -> tuple[tuple[float, float], tuple[str, ...]] | None:
    obs = idx.assessments.get("lansky" if scale == "LPS" else "karnofsky")
    if obs is not None and obs.value is not None:
        return (obs.value, obs.value), _ev(obs)
    ecog = ecog_range(idx)
    if ecog is None or scale == "LPS":
        return None
    table = match_rules().kps_to_ecog
    grade = ecog[0][0]
    low = next(k for k, g in table if g == grade)
    high = next((k - 10 for k, g in table if g == grade - 1), 100)
    return (low, high), ecog[1]


def _performance(f: Fact, idx: PatientIndex) -> Outcome:
    scale, _, rest = f.value.partition(":")
    if rest:  # ECOG:0,1 / WHO:0,1
        got = ecog_range(idx)
        if got is None:
            return unknown(f"performance status {f.value}: not in the record")
        allowed = {int(x) for x in rest.split(",") if x.strip().isdigit()}
        (lo, hi), ev = got
        hits = {g in allowed for g in range(lo, hi + 1)}
        ok = hits.pop() if len(hits) == 1 else None
        return Outcome(ok, f"ECOG {lo if lo == hi else f'{lo}-{hi}'} {'in' if ok else 'not in'} {sorted(allowed)}", ev)
    m = re.fullmatch(r"(KPS|LPS)(>=|<=|>|<|==)(\d+)", f.value)
    if m is None:
        return unknown(f"performance status {f.value}: not a value the matcher reads")
    got = kps_range(idx, m.group(1))
    if got is None:
        return unknown(f"performance status {f.value}: not in the record")
    (lo, hi), ev = got
    a, b = compare(lo, m.group(2), float(m.group(3))), compare(hi, m.group(2), float(m.group(3)))
    return Outcome(a if a == b else None, f"{m.group(1)} {lo:g}{'' if lo == hi else f'-{hi:g}'}: {f.value}", ev)


def _life_expectancy(f: Fact, idx: PatientIndex) -> Outcome:
    obs = idx.assessments.get("life_expectancy")
    if obs is None:
        return unknown(f"life expectancy {f.value}: not in the record")
    cmp, iso = split_cmp(f.value)
    have = duration_days(obs.text) if obs.text else (
        to_days(obs.value, obs.unit) if obs.value is not None else None)
    want = duration_days(iso)
    if have is None or want is None:
        return unknown(f"life expectancy {f.value}: cannot read {obs.text or obs.value}", _ev(obs))
    ok = compare(have, cmp, want)
    return Outcome(ok, f"life expectancy {have:g} days is {'' if ok else 'not '}{f.value}", _ev(obs))


def to_days(value: float, unit: str | None) -> float | None:
    per = {"d": 1, "wk": 7, "mo": 30.4375, "a": 365.25, "day": 1, "week": 7, "month": 30.4375, "year": 365.25}
    return value * per[unit] if unit in per else None


def _classes(f: Fact, idx: PatientIndex, kind: str, order: dict[str, int]) -> Outcome:
    obs = idx.assessments.get(kind)
    if obs is None:
        return unknown(f"{f.kind} {f.value}: not in the record")
    have = (obs.text or "").strip().upper()
    if kind == "child_pugh" and obs.value is not None and not have:
        have = "A" if obs.value <= 6 else "B" if obs.value <= 9 else "C"
    if kind == "nyha" and obs.value is not None and not have:
        have = {v: k for k, v in ROMAN.items()}.get(int(obs.value), "")
    cmp, rest = split_cmp(f.value)
    if re.fullmatch(r"\d+", rest) and obs.value is not None:  # Child-Pugh score
        ok = compare(obs.value, cmp, float(rest))
    elif f.value.startswith((">", "<")):
        if have not in order or rest not in order:
            return unknown(f"{f.kind} {f.value}: cannot read {have!r}", _ev(obs))
        ok = compare(order[have], cmp, order[rest])
    else:
        ok = have in {x.strip().upper() for x in rest.split(",")}
    return Outcome(ok, f"{f.kind} {have or obs.value} is {'' if ok else 'not '}{f.value}", _ev(obs))


def _number(f: Fact, idx: PatientIndex, kind: str) -> Outcome:
    obs = idx.assessments.get(kind)
    if obs is None or obs.value is None:
        return unknown(f"{f.kind} {f.value}: not in the record")
    cmp, rest = split_cmp(f.value)
    try:
        target = float(rest)
    except ValueError:
        return unknown(f"{f.kind} {f.value}: not a value the matcher reads", _ev(obs))
    ok = compare(obs.value, cmp, target)
    return Outcome(ok, f"{f.kind} {obs.value:g} is {'' if ok else 'not '}{f.value}", _ev(obs))


def _vital(f: Fact, idx: PatientIndex) -> Outcome:
    """QTc and blood-pressure limits as lab cut-offs: 'QTcF>500ms', 'SBP>140mmHg'."""
    m = re.fullmatch(r"(QTcF|QTcB|QTc|SBP|DBP)(>=|<=|==|>|<)(\d+(?:\.\d+)?)(ms|mmHg)", f.value)
    if m is None:
        return unknown(f"{f.kind} {f.value}: not a value the matcher reads")
    names = {"QTcF": ("qtcf", "qtc"), "QTcB": ("qtcb", "qtc"), "QTc": ("qtc", "qtcf", "qtcb"),
             "SBP": ("sbp",), "DBP": ("dbp",)}[m.group(1)]
    analyte = next((a for a in names if a in idx.labs), names[0])
    obs = idx.labs.get(analyte)
    if obs is None or obs.value is None:
        return unknown(f"{f.value}: no {m.group(1)} value in the record")
    x = to_canonical(obs.value, obs.unit, analyte)
    if x is None:
        return unknown(f"{f.value}: {obs.value} {obs.unit} cannot be converted", _ev(obs))
    ok = compare(x, m.group(2), float(m.group(3)))
    return Outcome(ok, f"{m.group(1)} {x:g} {m.group(4)} is {'' if ok else 'not '}{m.group(2)} {m.group(3)}", _ev(obs))


def _state(f: Fact, idx: PatientIndex, kind: str) -> Outcome:
    """Pregnancy, lactation: from the assessment; a man is neither."""
    obs = idx.assessments.get(kind)
    if obs is not None:
        t = truth(obs.text) if obs.text is not None else (bool(obs.value) if obs.value is not None else None)
        if t is not None:
            return Outcome(t, f"{kind}: {obs.text if obs.text is not None else obs.value}", _ev(obs))
    if idx.sex == "male":
        return Outcome(False, f"{kind}: the patient is male", (idx.patient.source or "Patient",))
    return unknown(f"{kind}: not in the record")


def _flag(f: Fact, idx: PatientIndex, kind: str) -> Outcome:
    obs = idx.assessments.get(kind)
    if obs is None:
        return unknown(f"{f.kind} {f.value}: not in the record")
    t = truth(obs.text) if obs.text is not None else (bool(obs.value) if obs.value is not None else None)
    if t is None and obs.text:
        t = norm(obs.text) == norm(f.value) or None
    return Outcome(t, f"{f.kind}: {obs.text if obs.text is not None else obs.value}", _ev(obs))


def _grade(f: Fact, idx: PatientIndex) -> Outcome:
    obs = idx.assessments.get("tumor_grade")
    if obs is None or not obs.text:
        return unknown(f"tumor grade {f.value}: not in the record")
    have = obs.text.strip().upper().replace("GRADE ", "G")
    wanted = {"LOW": {"G1", "G2", "LOW"}, "HIGH": {"G3", "G4", "HIGH"}}
    allowed = set().union(*(wanted.get(v.upper(), {v.upper()}) for v in f.value.split(",")))
    ok = have in allowed
    return Outcome(ok, f"tumor grade {have} {'in' if ok else 'not in'} {f.value}", _ev(obs))


def _text_value(f: Fact, idx: PatientIndex, kind: str) -> Outcome:
    obs = idx.assessments.get(kind)
    if obs is None or not obs.text:
        return unknown(f"{f.kind} {f.value}: not in the record")
    ok = norm(obs.text).startswith(norm(f.value))
    return Outcome(ok, f"{f.kind} {obs.text} is {'' if ok else 'not '}{f.value}", _ev(obs))


def _ki67(f: Fact, idx: PatientIndex) -> Outcome:
    cmp, rest = split_cmp(f.value)
    try:
        value = float(rest.rstrip("%"))
    except ValueError:
        return unknown(f"Ki-67 {f.value}: not a value the matcher reads")
    from ..schema import LabThreshold

    t = LabThreshold(analyte="ki-67 proliferation index", analyte_id="ki67", analyte_text="Ki-67", comparator=cmp,
                     value=value, unit="%", canonical_value=value, canonical_unit="%", start=0, end=0)
    return lab_outcome(t, idx)


FACTS: dict[str, Callable[[Fact, PatientIndex], Outcome]] = {
    "age": _age,
    "sex": _sex,
    "performance_status": _performance,
    "life_expectancy": _life_expectancy,
    "nyha_class": lambda f, idx: _classes(f, idx, "nyha", ROMAN),
    "child_pugh": lambda f, idx: _classes(f, idx, "child_pugh", {"A": 1, "B": 2, "C": 3}),
    "ctcae_grade": lambda f, idx: _number(f, idx, "ctcae_grade"),
    "prior_lines": lambda f, idx: _number(f, idx, "prior_lines"),
    "qtc": _vital,
    "blood_pressure": _vital,
    "pregnancy": lambda f, idx: _state(f, idx, "pregnancy"),
    "lactation": lambda f, idx: _state(f, idx, "lactation"),
    "contraception": lambda f, idx: _flag(f, idx, "contraception"),
    "measurable_disease": lambda f, idx: _flag(f, idx, "measurable_disease"),
    "tumor_grade": _grade,
    "differentiation": lambda f, idx: _text_value(f, idx, "differentiation"),
    "ki67": _ki67,
}


def fact_outcome(f: Fact, idx: PatientIndex) -> Outcome:
    """Histology and brain metastases read the patient's conditions too (match/events.py). Cached per patient."""
    key = ("fact", f.kind, f.value)
    hit = idx.cache.get(key)
    if hit is None:
        hit = idx.cache[key] = _fact_outcome(f, idx)
    return hit


def _fact_outcome(f: Fact, idx: PatientIndex) -> Outcome:
    from .events import brain_metastases_outcome, histology_outcome

    if f.kind == "histology":
        return histology_outcome(f, idx)
    if f.kind == "brain_metastases":
        return brain_metastases_outcome(f, idx)
    return FACTS[f.kind](f, idx)
