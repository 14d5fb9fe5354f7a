"""ClinicalTrials.gov JSON: API v2 study objects and pages, classic v1 FullStudiesResponse, and FHIR
ResearchStudy resources (as trial-matching services exchange them) -> TrialRecord."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from .fields import iso_age, normalize_healthy_volunteers, normalize_sex
from ..schema import Source, TrialRecord
from .common import InputError


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _age(value: Any, file: str | None, record_id: str | None) -> str | None:
    if value is None:
        return None
    try:
        return iso_age(str(value))
    except ValueError:
        raise InputError(f"unreadable age {value!r}", file=file, record_id=record_id) from None


def v2_record(study: Any, *, file: str | None = None, locator: str | None = None) -> TrialRecord:
    """One API v2 study object -> TrialRecord. Raises InputError naming the record for a malformed study."""
    if not isinstance(study, dict) or "protocolSection" not in study:
        raise InputError("not an API v2 study object (no protocolSection)", file=file, record_id=locator)
    ps = study["protocolSection"]
    nct = _get(ps, "identificationModule", "nctId")
    if not isinstance(nct, str) or not nct:
        # still a study: give it a stable id from its content so that it is neither dropped nor ambiguous
        nct = "record-" + hashlib.sha256(json.dumps(study, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    elig = _get(ps, "eligibilityModule") or {}
    criteria = elig.get("eligibilityCriteria")
    if criteria is not None and not isinstance(criteria, str):
        raise InputError("eligibilityCriteria is not a string", file=file, record_id=nct)
    conditions = _get(ps, "conditionsModule", "conditions") or []
    return TrialRecord(
        trial_id=nct,
        source=Source(path=file, format="ctgov_v2", record=locator),
        document_text=criteria or "",
        from_registry_field=True,
        title=_get(ps, "identificationModule", "briefTitle"),
        conditions=[str(c) for c in conditions],
        overall_status=_get(ps, "statusModule", "overallStatus"),
        last_update=_get(ps, "statusModule", "lastUpdatePostDateStruct", "date"),
        sex=normalize_sex(elig.get("sex")),
        minimum_age=_age(elig.get("minimumAge"), file, nct),
        maximum_age=_age(elig.get("maximumAge"), file, nct),
        healthy_volunteers=normalize_healthy_volunteers(elig.get("healthyVolunteers")),
        std_ages=[str(a).upper() for a in elig.get("stdAges") or []],
    )


def v1_record(study: Any, *, file: str | None = None, locator: str | None = None) -> TrialRecord:
    """One classic API v1 `Study` object (PascalCase keys) -> TrialRecord."""
    ps = _get(study, "ProtocolSection")
    if not isinstance(ps, dict):
        raise InputError("not a classic v1 study (no ProtocolSection)", file=file, record_id=locator)
    nct = _get(ps, "IdentificationModule", "NCTId")
    if not isinstance(nct, str) or not nct:
        raise InputError("study has no IdentificationModule.NCTId", file=file, record_id=locator)
    elig = _get(ps, "EligibilityModule") or {}
    criteria = elig.get("EligibilityCriteria")
    if criteria is not None and not isinstance(criteria, str):
        raise InputError("EligibilityCriteria is not a string", file=file, record_id=nct)
    std = _get(elig, "StdAgeList", "StdAge") or []
    age_groups = {"child": "CHILD", "adult": "ADULT", "older adult": "OLDER_ADULT"}
    return TrialRecord(
        trial_id=nct,
        source=Source(path=file, format="ctgov_v1", record=locator),
        document_text=criteria or "",
        from_registry_field=True,
        title=_get(ps, "IdentificationModule", "BriefTitle"),
        conditions=[str(c) for c in _get(ps, "ConditionsModule", "ConditionList", "Condition") or []],
        overall_status=_get(ps, "StatusModule", "OverallStatus"),
        last_update=_get(ps, "StatusModule", "LastUpdatePostDateStruct", "LastUpdatePostDate"),
        sex=normalize_sex(elig.get("Gender")),
        minimum_age=_age(elig.get("MinimumAge"), file, nct),
        maximum_age=_age(elig.get("MaximumAge"), file, nct),
        healthy_volunteers=normalize_healthy_volunteers(elig.get("HealthyVolunteers")),
        std_ages=[age_groups.get(str(a).lower(), str(a).upper()) for a in std],
    )


def fhir_record(study: Any, *, file: str | None = None, locator: str | None = None) -> TrialRecord:
    """A FHIR ResearchStudy (as matching services exchange them): the criteria are the display text of its
    enrollment Group."""
    idents = [i for i in study.get("identifier") or [] if isinstance(i, dict)]
    nct = next((i.get("value") for i in idents if "clinicaltrials.gov" in str(i.get("system", ""))), None)
    nct = nct or next((i.get("value") for i in idents if i.get("value")), None) or study.get("id")
    if not nct:
        raise InputError("ResearchStudy has no identifier", file=file, record_id=locator)
    criteria = next((e.get("display") for e in study.get("enrollment") or [] if isinstance(e, dict) and e.get("display")), "")
    return TrialRecord(
        trial_id=str(nct),
        source=Source(path=file, format="fhir", record=locator),
        document_text=criteria if isinstance(criteria, str) else "",
        from_registry_field=True,
        title=study.get("title"),
        conditions=[c.get("text") for c in study.get("condition") or [] if isinstance(c, dict) and c.get("text")],
        overall_status=study.get("status"),
    )


def json_records(data: Any, *, file: str | None = None) -> Iterator[TrialRecord | InputError]:
    """Every study in a decoded JSON document, whatever its wrapper; a bad study yields an InputError in its place."""
    if isinstance(data, dict) and "protocolSection" in data:
        studies, make, name = [data], v2_record, None
    elif isinstance(data, dict) and isinstance(data.get("studies"), list):
        studies, make, name = data["studies"], v2_record, "studies"
    elif isinstance(data, list):
        studies, make, name = data, v2_record, ""
    elif isinstance(data, dict) and isinstance(_get(data, "FullStudiesResponse", "FullStudies"), list):
        studies = [_get(s, "Study") for s in data["FullStudiesResponse"]["FullStudies"]]
        make, name = v1_record, "FullStudies"
    elif isinstance(data, dict) and isinstance(data.get("FullStudy"), dict) or isinstance(data, dict) and "Study" in data:
        studies, make, name = [_get(data, "FullStudy", "Study") or data.get("Study")], v1_record, None
    elif isinstance(data, dict) and data.get("resourceType") == "ResearchStudy":
        studies, make, name = [data], fhir_record, None
    elif isinstance(data, dict) and data.get("resourceType") == "Bundle":
        studies = [e.get("resource") for e in data.get("entry") or []
                   if isinstance(e, dict) and isinstance(e.get("resource"), dict)
                   and e["resource"].get("resourceType") == "ResearchStudy"]
        make, name = fhir_record, "entry"
    elif isinstance(data, dict) and "StudyFieldsResponse" in data:
        yield InputError("a classic StudyFieldsResponse (selected fields only): it holds no eligibility criteria", file=file,
                         not_a_study=True)
        return
    else:
        kind = type(data).__name__
        keys = ", ".join(list(data)[:5]) if isinstance(data, dict) else ""
        yield InputError(
            f"JSON is not a ClinicalTrials.gov study, study page or FullStudiesResponse ({kind}{': ' + keys if keys else ''})",
            file=file, not_a_study=True,
        )
        return
    if not studies:
        yield InputError("JSON holds no study (an empty list)", file=file, not_a_study=True)
        return
    for i, study in enumerate(studies):
        locator = f"{name}[{i}]" if name is not None else None
        try:
            yield make(study, file=file, locator=locator)
        except InputError as exc:
            yield exc
        except (RecursionError, ValueError, TypeError, AttributeError) as exc:  # nested too deeply, odd values
            yield InputError(f"unreadable study ({type(exc).__name__}: {str(exc)[:200]})", file=file, record_id=locator)
