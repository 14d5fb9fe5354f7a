"""Legacy ClinicalTrials.gov XML (`clinical_study`, AllPublicXML) -> TrialRecord, read through defusedxml."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .fields import iso_age, normalize_healthy_volunteers, normalize_sex
from ..schema import Source, TrialRecord
from .common import InputError


def _text(root: Element, path: str) -> str | None:
    node = root.find(path)
    return node.text if node is not None and node.text is not None else None


def parse_xml(data: bytes, *, file: str | None = None) -> Element:
    """Parse untrusted XML: no entity expansion, no external entities, no DTD tricks."""
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(f"refused unsafe XML ({type(exc).__name__}: {exc})", file=file) from None
    except SafeET.ParseError as exc:
        raise InputError(f"malformed XML ({exc})", file=file) from None


def xml_record(root: Element, *, file: str | None = None, locator: str | None = None) -> TrialRecord:
    if root.tag != "clinical_study":
        if root.tag == "rss":
            raise InputError("an RSS search feed, not a study record (it holds no eligibility criteria)", file=file,
                             not_a_study=True)
        raise InputError(f"XML root is <{root.tag}>, not <clinical_study>", file=file, record_id=locator,
                         not_a_study=True)
    nct = _text(root, "id_info/nct_id")
    if not nct:
        raise InputError("clinical_study has no id_info/nct_id", file=file, record_id=locator)

    def age(path: str) -> str | None:
        value = _text(root, path)
        try:
            return iso_age(value)
        except ValueError:
            raise InputError(f"unreadable {path} {value!r}", file=file, record_id=nct) from None

    return TrialRecord(
        trial_id=nct.strip(),
        source=Source(path=file, format="ctgov_xml", record=locator),
        document_text=_text(root, "eligibility/criteria/textblock") or "",
        from_registry_field=True,
        title=(_text(root, "brief_title") or "").strip() or None,
        conditions=[c.text.strip() for c in root.findall("condition") if c.text],
        overall_status=_text(root, "overall_status"),
        last_update=_text(root, "last_update_posted") or _text(root, "lastchanged_date"),
        sex=normalize_sex(_text(root, "eligibility/gender")),
        minimum_age=age("eligibility/minimum_age"),
        maximum_age=age("eligibility/maximum_age"),
        healthy_volunteers=normalize_healthy_volunteers(_text(root, "eligibility/healthy_volunteers")),
    )
