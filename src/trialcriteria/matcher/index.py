"""Pure: a Patient and a reference date -> the lookups the evaluators need, built once per patient: the latest
observation of each analyte and assessment (on or before the reference date), each medication with the drug ids
and classes it belongs to, each condition with its MeSH ancestors and ICD-10-CM codes, the age and sex."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .patient import Event, Observation, Patient
from .rules import lookups, match_rules, norm


@dataclass(frozen=True)
class Item:
    """A condition, medication or procedure, resolved: codes by system, drug ids and classes, names."""

    event: Event
    codes: dict[str, tuple[str, ...]]
    names: tuple[str, ...]
    drugs: frozenset[str] = frozenset()      # drug ids (medications)
    classes: frozenset[str] = frozenset()    # the drugs' classes and their parents; a class code itself
    covers: frozenset[str] = frozenset()     # negated items: the drug ids and classes they rule out


@dataclass
class PatientIndex:
    patient: Patient
    ref: date
    age: float | None
    sex: str | None
    labs: dict[str, Observation] = field(default_factory=dict)
    assessments: dict[str, Observation] = field(default_factory=dict)
    conditions: list[Item] = field(default_factory=list)
    medications: list[Item] = field(default_factory=list)
    procedures: list[Item] = field(default_factory=list)
    complete: frozenset[str] = frozenset()
    cache: dict = field(default_factory=dict)


def age_at(birth: date, ref: date) -> float:
    years = ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))
    anniversary = birth.replace(year=birth.year + years) if not (birth.month == 2 and birth.day == 29) \
        else date(birth.year + years, 3, 1)
    return years + max(0, (ref - anniversary).days) / 366.0


def observation_key(obs: Observation) -> tuple[str, str] | None:
    """('lab', analyte id) or ('assessment', kind) of an observation; None when neither is known."""
    lk = lookups()
    for key in (obs.loinc, obs.code, norm(obs.code)):
        if key and key in lk.assessment_by_key:
            return "assessment", lk.assessment_by_key[key]
        if key and key in lk.analyte_by_key:
            return "lab", lk.analyte_by_key[key]
    return None


def _latest(current: Observation | None, obs: Observation, ref: date) -> Observation | None:
    if obs.date is not None and obs.date > ref:
        return current
    if current is None or (obs.date or date.min) >= (current.date or date.min):
        return obs
    return current


def _codes(event: Event) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for c in event.codes:
        out.setdefault(c.system.lower(), []).append(c.code)
    return {k: tuple(v) for k, v in out.items()}


def medication_item(event: Event) -> Item:
    """A medication with the lexicon's drug ids and classes: by ATC code (a drug's code, or a class's prefix),
    RxNorm ingredient (resources/match.json), or name."""
    from ..lexicons.drugs import lexicon

    lex, lk = lexicon(), lookups()
    codes = _codes(event)
    drugs: set[str] = set()
    own_classes: set[str] = set()
    for code in codes.get("atc", ()):
        drugs.update(lk.atc_to_drugs.get(code, ()))
        own_classes.update(c.id for c in lex.classes.values() if c.atc and c.atc == code)
    names = [n for n in [event.name, *(c.display for c in event.codes)] if n]
    names += [lk.rxnorm_to_drug[c] for c in codes.get("rxnorm", ()) if c in lk.rxnorm_to_drug]
    for name in names:
        hit = lex.lookup(name)
        if hit is not None:
            (drugs if hit[0] == "drug" else own_classes).add(hit[1])
    classes: set[str] = set()
    for d in drugs:
        classes.update(lex.drug_classes(d))
    for c in own_classes:
        classes.update(lex.class_classes(c))
    covers: set[str] = set()
    if event.negated:
        covers = set(drugs)
        for c in own_classes:
            sub = lex.descendants(c)
            covers |= sub | {d.id for d in lex.drugs.values() if any(x in sub for x in d.classes)}
    return Item(event, codes, tuple(dict.fromkeys(norm(n) for n in names)), frozenset(drugs), frozenset(classes),
                frozenset(covers))


def plain_item(event: Event) -> Item:
    names = [n for n in [event.name, *(c.display for c in event.codes)] if n]
    return Item(event, _codes(event), tuple(dict.fromkeys(norm(n) for n in names)))


def index_patient(patient: Patient, ref: date) -> PatientIndex:
    age = age_at(patient.birth_date, ref) if patient.birth_date else patient.age
    idx = PatientIndex(patient, ref, age, patient.sex, complete=frozenset(patient.complete))
    for obs in patient.observations:
        key = observation_key(obs)
        if key is None:
            continue
        table = idx.labs if key[0] == "lab" else idx.assessments
        latest = _latest(table.get(key[1]), obs, ref)
        if latest is not None:
            table[key[1]] = latest
    idx.conditions = [plain_item(e) for e in patient.conditions]
    idx.medications = [medication_item(e) for e in patient.medications]
    idx.procedures = [plain_item(e) for e in patient.procedures]
    return idx


def fhir_system(uri: str | None) -> str:
    """The short name of a FHIR code system URI (resources/match.json), else the URI itself."""
    if not uri:
        return "text"
    return match_rules().code_systems.get(uri.rstrip("/"), uri)
