"""The reference matcher: a patient and trials' computable criteria -> for each trial, each criterion `met`,
`not_met` or `unknown` with its reason and the patient evidence used, and the trial `eligible`, `ineligible` or
`needs_review` (unknowns listed).

    from trialcriteria.matcher import match, read_patient
    patient = read_patient("patient.json")          # a FHIR R4 or R5 Bundle, or a flat JSON patient
    [v.verdict for v in match(patient, results, reference_date="2026-06-01")]

Layout: patient.py (the patient model, flat JSON), fhir.py (FHIR Bundles), index.py (per-patient lookups),
labs.py / facts.py / events.py (one evaluator per kind of record), plan.py (a trial compiled once), tree.py (the
criterion tree), verdict.py (the trial's verdict and explanation).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..schema import TrialResult
from .index import index_patient
from .patient import Patient, PatientError
from .plan import TrialPlan, plan_trial
from .tree import evaluate_plan
from .verdict import TrialVerdict, verdict


def _as_date(value: date | str | None) -> date:
    if value is None:
        return date.today()
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def read_patient(source: str | Path | dict, name: str | None = None) -> Patient:
    """A FHIR R4/R5 Bundle (or a single Patient resource) or a flat JSON patient, from a path, JSON text or dict."""
    from pydantic import ValidationError

    from .fhir import is_fhir, read_bundle

    where = name or (str(source) if isinstance(source, Path) else "patient")
    if isinstance(source, Path) or (isinstance(source, str) and not source.lstrip().startswith("{")):
        path = Path(source)
        where = name or str(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise PatientError(f"{where}: cannot read JSON ({e})") from e
    elif isinstance(source, str):
        try:
            data = json.loads(source)
        except json.JSONDecodeError as e:
            raise PatientError(f"{where}: not JSON ({e})") from e
    else:
        data = source
    if not isinstance(data, dict):
        raise PatientError(f"{where}: a patient is a JSON object (a FHIR Bundle or a flat patient)")
    if is_fhir(data):
        return read_bundle(data, where)
    try:
        patient = Patient.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise PatientError(f"{where}: flat patient, field {loc}: {err['msg']}") from None
    return with_sources(patient, where)


def with_sources(patient: Patient, where: str) -> Patient:
    """A flat patient whose items name where they came from ('patient.json#observations[0]'), as evidence."""
    update: dict = {"source": patient.source or where}
    for name in ("observations", "conditions", "medications", "procedures", "biomarkers"):
        items = getattr(patient, name)
        update[name] = [x if x.source else x.model_copy(update={"source": f"{where}#{name}[{i}]"})
                        for i, x in enumerate(items)]
    return patient.model_copy(update=update)


def match(patient: Patient, trials: TrialResult | Iterable[TrialResult | TrialPlan],
          reference_date: date | str | None = None, registry: bool = True) -> list[TrialVerdict]:
    """Every trial's verdict for one patient, at the reference date (the screening date; default today).
    `registry`: also apply the registry's structured sex and age limits. Plans (plan_trial) may be passed
    instead of results, to compile each trial once for many patients."""
    ref = _as_date(reference_date)
    idx = index_patient(patient, ref)
    items = [trials] if isinstance(trials, (TrialResult, TrialPlan)) else trials
    out = []
    for t in items:
        plan = t if isinstance(t, TrialPlan) else plan_trial(t)
        out.append(verdict(plan, evaluate_plan(plan, idx), idx, registry=registry))
    return out


__all__ = ["Patient", "PatientError", "TrialPlan", "TrialVerdict", "match", "plan_trial", "read_patient"]
