"""Pure: a FHIR R4 or R5 Bundle (JSON) -> Patient, each resource validated with `fhir.resources` (R5 models, and
the R4B models for R4 content; the version is told by R4-only fields such as `medicationCodeableConcept`).

Read: Patient (gender, birthDate); Observation (LOINC code, UCUM valueQuantity with its referenceRange, coded or
text values; genetic observations with a gene-studied component become biomarkers); Condition (ICD-10-CM, SNOMED
or MeSH codes, or text; clinical and verification status, onset and abatement); MedicationStatement and
MedicationRequest (ATC or RxNorm codes, or names; a referenced Medication is resolved; status); Procedure.
A resource that does not validate raises PatientError naming the entry, the resource and the field.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ValidationError

from .patient import Biomarker, Coding, Event, Observation, Patient, PatientError
from .rules import match_rules, truth

R4_MARKERS = ("medicationCodeableConcept", "medicationReference", "performedDateTime", "performedPeriod")
READ = ("Patient", "Observation", "Condition", "MedicationStatement", "MedicationRequest", "Procedure", "Medication")
GENE_STUDIED, VARIANT_AA, VARIANT_HGVS = "48018-6", "48005-3", "81290-9"


def is_fhir(data: dict) -> bool:
    return isinstance(data.get("resourceType"), str)


def _version(data: dict) -> str:
    text = str(data)
    return "R4" if any(f"'{m}'" in text for m in R4_MARKERS) else "R5"


def _model(kind: str, version: str):
    if version == "R4":
        from fhir.resources.R4B import get_fhir_model_class
    else:
        from fhir.resources import get_fhir_model_class
    return get_fhir_model_class(kind)


def _error(where: str, label: str, e: ValidationError) -> Exception:
    err = e.errors()[0]
    field = ".".join(str(x) for x in err["loc"]) or "(resource)"
    return PatientError(f"{where}: {label}, field {field}: {err['msg']}")


def validate(resource: dict, where: str, label: str, version: str):
    """The resource as a fhir.resources model; the other version is tried before giving up."""
    first: ValidationError | None = None
    for v in (version, "R5" if version == "R4" else "R4"):
        try:
            return _model(resource["resourceType"], v).model_validate(resource)
        except ValidationError as e:
            first = first or e
    raise _error(where, label, first)


def _day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date(int(text[:4]), int(text[5:7] or 1), 1)
    except ValueError:
        return None


def codings(concept) -> list[Coding]:
    if concept is None:
        return []
    systems = match_rules().code_systems
    out = [Coding(system=systems.get((c.system or "").rstrip("/"), c.system or "text"), code=str(c.code),
                  display=c.display) for c in (concept.coding or []) if c.code]
    return out


def _label(resource: dict, i: int) -> str:
    return f"entry {i} ({resource.get('resourceType')}/{resource.get('id', '?')})"


def read_bundle(data: dict, where: str = "bundle") -> Patient:
    """A Bundle (or one Patient resource) -> Patient."""
    if data.get("resourceType") == "Bundle":
        entries = [(i, e.get("resource")) for i, e in enumerate(data.get("entry") or [])]
    else:
        entries = [(0, data)]
    version = _version(data)
    parsed = []
    for i, res in entries:
        if not isinstance(res, dict) or "resourceType" not in res:
            raise PatientError(f"{where}: entry {i}, field resource: a FHIR resource with a resourceType is expected")
        if res["resourceType"] in READ:
            parsed.append((_label(res, i), validate(res, where, _label(res, i), version)))
    patients = [r for _, r in parsed if r.get_resource_type() == "Patient"]
    if len(patients) != 1:
        raise PatientError(f"{where}: a patient Bundle holds exactly one Patient resource ({len(patients)} found)")
    meds = {f"Medication/{r.id}": r for _, r in parsed if r.get_resource_type() == "Medication"}
    return _patient(patients[0], parsed, meds, where)


def _patient(p, parsed, meds: dict, where: str) -> Patient:
    out = Patient(id=p.id or where, birth_date=_day(p.birthDate),
                  sex=p.gender if p.gender in ("female", "male") else None, source=f"Patient/{p.id}")
    for label, r in parsed:
        kind = r.get_resource_type()
        ref = f"{kind}/{r.id}" if r.id else label
        if kind == "Observation":
            _observation(r, ref, out, where)
        elif kind == "Condition":
            out.conditions.append(_condition(r, ref))
        elif kind in ("MedicationStatement", "MedicationRequest"):
            out.medications.append(_medication(r, ref, meds))
        elif kind == "Procedure":
            out.procedures.append(_procedure(r, ref))
    return out


def _observation(r, ref: str, out: Patient, where: str) -> None:
    if r.status in ("entered-in-error", "cancelled"):
        return
    comps = {c.code.coding[0].code: c for c in (r.component or []) if c.code and c.code.coding}
    when = _day(r.effectiveDateTime or (r.effectivePeriod.start if r.effectivePeriod else None) or r.issued)
    if GENE_STUDIED in comps:
        out.biomarkers.append(_biomarker(r, comps, when, ref))
        return
    codes = codings(r.code)
    loinc = next((c.code for c in codes if c.system == "loinc"), None)
    code = loinc or next((c.code for c in codes if c.system == "assessment"), None) or (r.code.text or "")
    obs = Observation(code=code or "unknown", loinc=loinc, date=when, source=ref)
    q = r.valueQuantity
    if q is not None:
        if q.value is None:
            raise PatientError(f"{where}: {ref}, field valueQuantity.value: a quantity without a value")
        obs.value, obs.unit = float(q.value), q.code or q.unit
        rr = (r.referenceRange or [None])[0]
        if rr is not None:
            obs.low = float(rr.low.value) if rr.low and rr.low.value is not None else None
            obs.high = float(rr.high.value) if rr.high and rr.high.value is not None else None
    elif r.valueCodeableConcept is not None:
        cc = r.valueCodeableConcept
        obs.text = cc.text or next((c.display or c.code for c in cc.coding or []), None)
        first = next((c.code for c in cc.coding or []), None)
        if truth(first) is not None:
            obs.text = "positive" if truth(first) else "negative"
    elif r.valueString is not None:
        obs.text = r.valueString
    elif r.valueBoolean is not None:
        obs.text = "true" if r.valueBoolean else "false"
    elif r.valueInteger is not None:
        obs.value = float(r.valueInteger)
    out.observations.append(obs)


def _biomarker(r, comps: dict, when, ref: str) -> Biomarker:
    gene = comps[GENE_STUDIED].valueCodeableConcept
    symbol = gene.coding[0].display or gene.coding[0].code if gene and gene.coding else (gene.text if gene else None)
    variant = None
    for code in (VARIANT_AA, VARIANT_HGVS):
        vc = comps.get(code)
        if vc is not None and vc.valueCodeableConcept is not None:
            cc = vc.valueCodeableConcept
            variant = cc.text or next((c.code for c in cc.coding or []), None)
    result = None
    if r.valueCodeableConcept is not None:
        cc = r.valueCodeableConcept
        t = truth(next((c.code for c in cc.coding or []), None) or cc.text)
        result = None if t is None else ("positive" if t else "negative")
    for interp in r.interpretation or []:
        for c in interp.coding or []:
            result = result or {"POS": "positive", "NEG": "negative", "H": "high", "L": "low"}.get(c.code)
    value = float(r.valueQuantity.value) if r.valueQuantity is not None and r.valueQuantity.value is not None else None
    return Biomarker(gene=symbol, variant=variant, result=result, value=value, date=when, source=ref)


def _condition(r, ref: str) -> Event:
    rules = match_rules()
    clinical = next((c.code for c in (r.clinicalStatus.coding if r.clinicalStatus else []) or []), None)
    verification = next((c.code for c in (r.verificationStatus.coding if r.verificationStatus else []) or []), None)
    start = _day(r.onsetDateTime or (r.onsetPeriod.start if r.onsetPeriod else None) or r.recordedDate)
    end = _day(r.abatementDateTime or (r.abatementPeriod.end if r.abatementPeriod else None))
    active = None if clinical is None else clinical in rules.clinical_status_active
    return Event(name=(r.code.text if r.code else None) or next((c.display for c in codings(r.code) if c.display), None),
                 codes=codings(r.code), start=start, end=end, active=active,
                 negated=verification in rules.condition_verification_negative, source=ref)


def _medication(r, ref: str, meds: dict) -> Event:
    concept = getattr(r, "medicationCodeableConcept", None)
    med_ref = getattr(r, "medicationReference", None)
    if concept is None and getattr(r, "medication", None) is not None:  # R5: a CodeableReference
        concept, med_ref = r.medication.concept, r.medication.reference
    if concept is None and med_ref is not None and med_ref.reference in meds:
        concept = meds[med_ref.reference].code
    kind = r.get_resource_type()
    if kind == "MedicationStatement":
        period = r.effectivePeriod
        start = _day(r.effectiveDateTime or (period.start if period else None))
        end = _day(period.end if period else None)
    else:
        start, end = _day(r.authoredOn), None
    status = (r.status or "").lower()
    adherence = getattr(r, "adherence", None)
    taking = next((c.code for c in adherence.code.coding or []), None) if adherence and adherence.code else None
    negated = status in match_rules().medication_status_negative or taking in ("not-taking",)
    active = True if status == "active" or taking == "taking" else (False if status in ("completed", "stopped") else None)
    if active is None and end is not None:
        active = False
    return Event(name=(concept.text if concept else None) or next((c.display for c in codings(concept) if c.display), None),
                 codes=codings(concept), start=start, end=end, active=active, negated=negated, source=ref)


def _procedure(r, ref: str) -> Event:
    when = getattr(r, "performedDateTime", None) or getattr(r, "occurrenceDateTime", None)
    period = getattr(r, "performedPeriod", None) or getattr(r, "occurrencePeriod", None)
    start = _day(when or (period.start if period else None))
    end = _day(period.end if period else None) or start
    return Event(name=(r.code.text if r.code else None) or next((c.display for c in codings(r.code) if c.display), None),
                 codes=codings(r.code), start=start, end=end, active=False,
                 negated=(r.status or "") == "not-done", source=ref)
