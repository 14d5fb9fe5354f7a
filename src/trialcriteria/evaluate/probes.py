"""Pure: one gold record -> the boundary patients that test it: just inside and just outside each cut-off and
window (and on the bound itself), each side of each polarity (has it / the record says not), each unit the analyte
is written in, each sex of a per-sex cut-off, with and without the condition of a conditional one.

Every probe patient holds only what the record needs, so that what it decides is the record's criterion; everything
else about it is unknown (open world)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..lexicons.drugs import lexicon
from ..matcher.dates import add_months, duration_days, shift
from ..matcher.facts import ROMAN, split_cmp
from ..matcher.patient import Biomarker, Coding, Event, Observation, Patient
from ..matcher.rules import match_rules
from ..normalize.units import NotConvertible, conversion
from ..resources import analytes
from ..schema import DrugMention, Fact, LabThreshold, TimeWindow

REFERENCE = date(2026, 6, 1)
DELTA = 0.02      # just inside / outside a cut-off: 2 % of the bound
ULN = 40.0        # the probes' upper (and lower) limit of normal, in the analyte's canonical unit
DAYS = 3          # just inside / outside a window: 3 days


@dataclass(frozen=True)
class Probe:
    kind: str        # thresholds, windows, drugs, facts
    record: str      # the gold record it tests (its text)
    label: str       # what the patient has
    patient: Patient
    item: object = None  # the gold record itself (set by trial_probes)


def _patient(label: str, **kw) -> Patient:
    return Patient(id=label, source="probe", **kw)


def _bounds(comparator: str, value: float, high: float | None) -> list[tuple[str, float]]:
    """(side, x): just inside, on the bound, just outside, for each bound of the comparator."""
    pts = [("at", value), ("above", value * (1 + DELTA) if value else DELTA), ("below", value * (1 - DELTA) if value else -DELTA)]
    if comparator == "between" and high is not None:
        pts += [("at high", high), ("above high", high * (1 + DELTA)), ("below high", high * (1 - DELTA))]
    return pts


def _in_unit(x: float, unit: str, analyte) -> float | None:
    """A canonical value expressed in `unit`."""
    try:
        scale, offset = conversion(unit, analyte.unit, analyte.id, analyte.molar_mass)
    except NotConvertible:
        return None
    return (x - offset) / scale


def threshold_probes(t: LabThreshold, units: dict[str, set[str]]) -> list[Probe]:
    a = analytes()[t.analyte_id]
    out = []
    sexes = [t.sex, "female" if t.sex == "male" else "male"] if t.sex else [None]
    conds = [True, False] if t.condition is not None else [None]
    for sex in sexes:
        for cond in conds:
            out += _threshold_values(t, a, units, sex, cond)
    return out


def _threshold_values(t: LabThreshold, a, units, sex, cond) -> list[Probe]:
    extra = {"sex": sex} if sex else {}
    if cond:
        extra["conditions"] = [Event(name=_condition_phrase(t.condition.text), active=True, source="probe")]
    tag = (f" {sex}" if sex else "") + ("" if cond is None else (" with" if cond else " without") + " the condition")
    out = []
    if t.reference in ("ULN", "LLN"):
        for side, x in _bounds(t.comparator, t.value, t.value_high):
            ref = {"high": ULN} if t.reference == "ULN" else {"low": ULN}
            obs = Observation(code=a.id, value=x * ULN, unit=a.unit, source="probe", **ref)
            out.append(Probe("thresholds", t.analyte_text, f"{a.id} {side} {t.value:g} x {t.reference}{tag}",
                             _patient("p", observations=[obs], **extra)))
        obs = Observation(code=a.id, value=t.value * ULN * 3, unit=a.unit, source="probe")
        out.append(Probe("thresholds", t.analyte_text, f"{a.id} with no reference range{tag}",
                         _patient("p", observations=[obs], **extra)))
        return out
    if t.reference != "absolute" or t.canonical_value is None:
        return out
    for side, x in _bounds(t.comparator, t.canonical_value, t.canonical_value_high):
        for unit in sorted(units.get(a.id, set()) | {a.unit}):
            v = _in_unit(x, unit, a)
            if v is None:
                continue
            obs = Observation(code=a.id, value=v, unit=unit, source="probe")
            out.append(Probe("thresholds", t.analyte_text, f"{a.id} {side} the bound, {v:.6g} {unit}{tag}",
                             _patient("p", observations=[obs], **extra)))
    return out


def _condition_phrase(text: str) -> str:
    return re.sub(r"^\W*(?:if|when|for|in|unless|with|patients?|subjects?|there|is|are|known|documented|the|a|an|"
                  r"presence|of|\s)+\b", "", text.strip().lower()).strip(" ,.;:)(") or text


def drug_event(m: DrugMention, start: date | None, end: date | None, active: bool | None, negated=False) -> Event:
    """A patient medication that is the mention's drug, or a member of its class (coded ATC when it has one)."""
    lex = lexicon()
    if negated:
        name = m.name
    elif m.kind == "drug" or m.id == "unknown":
        name = m.name if m.id != "unknown" else m.text
    else:
        sub = lex.descendants(m.id)
        members = sorted((d for d in lex.drugs.values() if any(c in sub for c in d.classes)),
                         key=lambda d: (not d.atc, d.id))
        name = members[0].name if members else m.name
    entry = lex.drugs.get(lex.lookup(name)[1]) if lex.lookup(name) and lex.lookup(name)[0] == "drug" else None
    codes = [Coding(system="atc", code=entry.atc[0])] if entry and entry.atc else []
    return Event(name=name, codes=codes, start=start, end=end, active=active, negated=negated, source="probe")


def drug_probes(m: DrugMention, window: TimeWindow | None) -> list[Probe]:
    start = REFERENCE - timedelta(days=30)
    has = drug_event(m, start, None, True)
    if window is not None and window.duration and window.kind == "window":
        cutoff = shift(REFERENCE, window.duration)
        inside = window.comparator in ("within", "at_most", "less_than")
        last = cutoff + timedelta(days=DAYS if inside else -DAYS)
        has = drug_event(m, last - timedelta(days=30), last, False)
    not_taken = drug_event(m, None, None, None, negated=True)
    return [Probe("drugs", m.text, f"takes {has.name}", _patient("p", medications=[has])),
            Probe("drugs", m.text, f"does not take {m.name}", _patient("p", medications=[not_taken]))]


def window_probes(w: TimeWindow, event: DrugMention | None) -> list[Probe]:
    """The bounded event dated just inside and just outside the window."""
    if not w.duration or w.anchor not in match_rules().reference_anchors or w.direction == "after":
        return []
    cutoff = shift(REFERENCE, w.duration)
    if cutoff is None:
        return []
    out = []
    for days in (DAYS, -DAYS):
        when = cutoff + timedelta(days=days)
        side = "after" if days > 0 else "before"
        if w.kind == "state_duration":
            start, end, active = when, None, True
        else:
            start, end, active = when - timedelta(days=10), when, False
        if event is not None:
            ev = drug_event(event, start, end, active)
            patient = _patient("p", medications=[ev])
        else:
            name = w.constrains.text if w.constrains else "event"
            ev = Event(name=name, start=start, end=end, active=active, source="probe")
            patient = _patient("p", conditions=[ev], procedures=[ev], medications=[ev])  # its kind is not known
        out.append(Probe("windows", w.text, f"{(event.name if event else 'event')} {side} {cutoff.isoformat()} "
                                            f"({w.kind})", patient))
    return out


# -- facts -------------------------------------------------------------------------------------------------------

def _assess(kind: str, label: str, sex: str | None = None, **obs) -> tuple[str, Patient]:
    extra = {"sex": sex} if sex else {}
    return label, _patient("p", observations=[Observation(code=kind, source="probe", **obs)], **extra)


def _numbers(value: str, step: float) -> list[float]:
    _, rest = split_cmp(value)
    try:
        x = float(re.sub(r"[^\d.]", "", rest))
    except ValueError:
        return []
    return [x - step, x, x + step]


def _age_probes(f: Fact) -> list[tuple[str, Patient]]:
    m = re.fullmatch(r"(>=|<=|==|>|<)?(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?([YM])", f.value)
    if m is None:
        return []
    out = []
    for bound in [float(x) for x in (m.group(2), m.group(3)) if x]:
        months = int(bound * (12 if m.group(4) == "Y" else 1))
        for label, birth in (("on the day", add_months(REFERENCE, -months)),
                             ("a day short of", add_months(REFERENCE, -months) + timedelta(days=1)),
                             ("a year past" if m.group(4) == "Y" else "a month past",
                              add_months(REFERENCE, -months - (12 if m.group(4) == "Y" else 1)))):
            out.append((f"age {label} {bound:g}{m.group(4)}", _patient("p", birth_date=birth)))
    return out


def _performance_probes(f: Fact) -> list[tuple[str, Patient]]:
    scale, _, rest = f.value.partition(":")
    if rest:
        return [_assess("ecog", f"ECOG {g}", value=g) for g in range(0, 5)]
    m = re.fullmatch(r"(KPS|LPS)(>=|<=|>|<|==)(\d+)", f.value)
    if m is None:
        return []
    kind = "lansky" if m.group(1) == "LPS" else "karnofsky"
    return [_assess(kind, f"{m.group(1)} {x}", value=x) for x in _numbers(f.value.split(m.group(2))[1], 10)]


def fact_probes(f: Fact) -> list[Probe]:
    makers = {
        "age": _age_probes,
        "sex": lambda f: [(f"a {s}", _patient("p", sex=s)) for s in ("female", "male")],
        "performance_status": _performance_probes,
        "life_expectancy": lambda f: [_assess("life_expectancy", f"life expectancy {d:g} days", text=f"P{int(d)}D")
                                      for d in _numbers(str(duration_days(split_cmp(f.value)[1]) or ""), 7)],
        "nyha_class": lambda f: [_assess("nyha", f"NYHA {r}", text=r) for r in ROMAN],
        "child_pugh": lambda f: [_assess("child_pugh", f"Child-Pugh {c}", text=c) for c in "ABC"]
        if not re.search(r"\d", f.value) else [_assess("child_pugh", f"Child-Pugh score {x:g}", value=x)
                                               for x in _numbers(f.value, 1)],
        "ctcae_grade": lambda f: [_assess("ctcae_grade", f"grade {x:g}", value=x) for x in _numbers(f.value, 1)],
        "prior_lines": lambda f: [_assess("prior_lines", f"{x:g} prior lines", value=x) for x in _numbers(f.value, 1)
                                  if x >= 0],
        "qtc": _vital_probes, "blood_pressure": _vital_probes,
        "pregnancy": lambda f: [_assess("pregnancy", f"pregnant: {t}", "female", text=t) for t in ("yes", "no")],
        "lactation": lambda f: [_assess("lactation", f"lactating: {t}", "female", text=t) for t in ("yes", "no")],
        "contraception": lambda f: [_assess("contraception", f"contraception: {t}", text=t) for t in ("yes", "no")],
        "measurable_disease": lambda f: [_assess("measurable_disease", f"measurable: {t}", text=t) for t in ("yes", "no")],
        "tumor_grade": lambda f: [_assess("tumor_grade", f"grade G{g}", text=f"G{g}") for g in range(1, 5)],
        "differentiation": lambda f: [_assess("differentiation", f"{d}ly differentiated", text=d)
                                      for d in ("well", "moderately", "poorly")],
        "ki67": lambda f: [_assess("ki67", f"Ki-67 {x:g}%", value=x, unit="%") for x in _numbers(f.value, 1)],
        "histology": _histology_probes,
        "brain_metastases": _brain_probes,
    }
    return [Probe("facts", f.text, label, p) for label, p in makers[f.kind](f)]


def _vital_probes(f: Fact) -> list[tuple[str, Patient]]:
    m = re.fullmatch(r"(QTcF|QTcB|QTc|SBP|DBP)(>=|<=|==|>|<)(\d+(?:\.\d+)?)(ms|mmHg)", f.value)
    if m is None:
        return []
    code = m.group(1).lower()
    unit = "ms" if m.group(4) == "ms" else "mm[Hg]"
    return [_assess(code, f"{m.group(1)} {x:g}", value=x, unit=unit) for x in _numbers(m.group(3), 5)]


def _histology_probes(f: Fact) -> list[tuple[str, Patient]]:
    value = f.value.split(">")[0]
    other = "adenocarcinoma" if value != "adenocarcinoma" else "squamous cell carcinoma"
    return [_assess("histology", f"histology {value}", text=value),
            _assess("histology", f"histology {other}", text=other)]


def _brain_probes(f: Fact) -> list[tuple[str, Patient]]:
    if f.value == "off_steroids":
        steroid = Event(name="dexamethasone", codes=[Coding(system="atc", code="H02AB02")], active=True, source="probe")
        return [("on dexamethasone", _patient("p", medications=[steroid])),
                ("off steroids", _patient("p", medications=[Event(name="corticosteroids", negated=True, source="probe")]))]
    status = ["treated", "stable"] if f.value != "present" else []
    has = Event(name="brain metastases", codes=[Coding(system="icd10cm", code="C79.31")], active=True,
                status=status, source="probe")
    refuted = Event(name="brain metastases", codes=[Coding(system="icd10cm", code="C79.31")], negated=True, source="probe")
    return [("brain metastases" + (f" ({', '.join(status)})" if status else ""), _patient("p", conditions=[has])),
            ("no brain metastases", _patient("p", conditions=[refuted]))]


def biomarker_probe(gene: str, result: str) -> Patient:
    return _patient("p", biomarkers=[Biomarker(gene=gene, result=result, source="probe")])
