"""Pure: a TrialResult -> its computable criteria as a FHIR R5 EvidenceVariable, validated with fhir.resources.

The criterion tree becomes nested characteristics: the root is `all-of` the top-level criteria; a node with
children is a `definitionByCombination` (`all-of`, `any-of`, or `at-least` with its `min_count`); an exclusion
criterion has `exclude: true`, and so has a record whose polarity is the opposite of its section's ("no prior
chemotherapy" in an inclusion). Records:
- lab cut-offs: `definitionByTypeAndValue`, type LOINC (or the analyte id), value a UCUM `valueQuantity` with its
  comparator or a `valueRange` in the canonical unit; ULN / LLN multiples with `offset` naming the reference;
- drugs: `definitionCodeableConcept` with the ATC code (a class's ATC group) and the lexicon's id; conditions with
  MeSH and ICD-10-CM codes; procedures; biomarkers with the HGNC symbol;
- the other facts: LOINC where one is sure (age, ECOG, Karnofsky, pregnancy, breastfeeding, NYHA, QTc, blood
  pressure), else the project's assessment code system;
- time windows: `timeFromEvent` with the anchor and a UCUM duration range ("within 4 weeks": 0-4 wk), state
  durations ("stable for at least 4 weeks") as `durationQuantity`.
What cannot be expressed (a criterion the pipeline did not structure, an exception, a conditional cut-off, a window
after the last dose) is kept as a characteristic with its description and a note saying why, and listed in the
export's report: never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicons.drugs import lexicon
from ..matcher.dates import parse_duration
from ..matcher.facts import split_cmp
from ..matcher.rules import match_rules
from ..schema import Criterion, TrialResult

UCUM_TIME = {"Y": "a", "M": "mo", "W": "wk", "D": "d", "H": "h", "MIN": "min"}
FACT_LOINC = {"age": ("30525-0", "Age"), "performance_status": ("89247-1", "ECOG Performance Status score"),
              "pregnancy": ("82810-3", "Pregnancy status"), "lactation": ("63895-7", "Breastfeeding status"),
              "nyha_class": ("88020-3", "Functional capacity NYHA"), "sex": ("46098-0", "Sex")}


@dataclass
class Export:
    resource: dict
    unexpressed: list[dict] = field(default_factory=list)  # {"criterion", "what", "reason"}


def _system(name: str) -> str:
    return match_rules().export_systems[name]


def _qty(value: float, unit: str | None, comparator: str | None = None) -> dict:
    q: dict = {"value": value}
    if unit:
        q.update(unit=unit, system=_system("ucum"), code=unit)
    if comparator in ("<", "<=", ">=", ">"):
        q["comparator"] = comparator
    return q


def _value(comparator: str, value: float, high: float | None, unit: str | None) -> dict:
    if comparator == "between":
        return {"valueRange": {"low": _qty(value, unit), "high": _qty(high if high is not None else value, unit)}}
    return {"valueQuantity": _qty(value, unit, comparator)}


def threshold_char(t, exclude: bool) -> tuple[dict | None, str | None]:
    if t.condition is not None:
        return None, f"conditional cut-off ('{t.condition.text.strip()}')"
    coding = [{"system": _system("loinc"), "code": t.loinc}] if t.loinc else []
    coding.append({"system": _system("analyte"), "code": t.analyte_id, "display": t.analyte})
    tv: dict = {"type": {"coding": coding, "text": t.analyte}}
    if t.reference in ("ULN", "LLN"):
        tv.update(_value(t.comparator, t.value, t.value_high, None))
        tv["offset"] = {"coding": [{"system": "urn:trialcriteria:reference", "code": t.reference}],
                        "text": "upper limit of normal" if t.reference == "ULN" else "lower limit of normal"}
    elif t.reference == "absolute" and t.canonical_value is not None:
        tv.update(_value(t.comparator, t.canonical_value, t.canonical_value_high, t.canonical_unit))
    else:
        return None, f"{t.reference} cut-off without a canonical value"
    return _char(t.analyte_text, exclude, definitionByTypeAndValue=tv), None


def _char(description: str, exclude: bool, **definition) -> dict:
    out = {"description": " ".join(description.split())}
    if exclude:
        out["exclude"] = True
    out.update(definition)
    return out


def window_timing(w) -> dict:
    """A window as timeFromEvent (or a state duration as durationQuantity)."""
    parsed = parse_duration(w.duration)
    if parsed is None:
        return {"timeFromEvent": [{"description": w.text.strip(), "eventCodeableConcept": {"text": w.anchor}}]}
    n, unit = parsed
    q = _qty(n, UCUM_TIME[unit])
    if w.kind == "state_duration":
        return {"durationQuantity": q} if w.comparator != "within" else {"durationRange": {"high": q}}
    rng = {"high": q} if w.comparator in ("within", "at_most", "less_than") else {"low": q}
    if w.comparator in ("within", "at_most", "less_than"):
        rng["low"] = _qty(0, UCUM_TIME[unit])
    return {"timeFromEvent": [{"description": " ".join(w.text.split()),
                               "eventCodeableConcept": {"text": w.anchor.replace("_", " ")}, "range": rng}]}


def drug_char(d, exclude: bool, window) -> dict:
    coding = []
    lex = lexicon()
    atc = d.atc if d.kind == "drug" else ([lex.classes[d.id].atc] if d.id in lex.classes and lex.classes[d.id].atc else [])
    coding += [{"system": _system("atc"), "code": a} for a in atc]
    if d.id != "unknown":
        coding.append({"system": _system("drug"), "code": d.id, "display": d.name})
    char = _char(d.text, exclude, definitionCodeableConcept={"coding": coding, "text": d.name} if coding else {"text": d.name})
    if window is not None and window.direction != "after":
        char.update(window_timing(window))
    return char


def fact_char(f, exclude: bool) -> tuple[dict | None, str | None]:
    loinc = FACT_LOINC.get(f.kind)
    if f.kind == "performance_status" and not f.value.startswith(("ECOG", "WHO")):
        loinc = ("89243-0", "Karnofsky Performance Status score") if f.value.startswith("KPS") else None
    coding = [{"system": _system("loinc"), "code": loinc[0], "display": loinc[1]}] if loinc else []
    coding.append({"system": _system("assessment"), "code": f.kind})
    tv: dict = {"type": {"coding": coding, "text": f.kind.replace("_", " ")}}
    m = re.fullmatch(r"(>=|<=|==|>|<)?(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?([YM])", f.value) if f.kind == "age" else None
    if m:
        unit = "a" if m.group(4) == "Y" else "mo"
        tv.update({"valueRange": {"low": _qty(float(m.group(2)), unit), "high": _qty(float(m.group(3)), unit)}}
                  if m.group(3) else _value(m.group(1) or "==", float(m.group(2)), None, unit))
    elif f.kind == "performance_status" and ":" in f.value:
        grades = [int(x) for x in f.value.split(":")[1].split(",") if x.isdigit()]
        if not grades:
            return None, f"performance status {f.value!r} not read"
        tv["valueRange"] = {"low": {"value": min(grades)}, "high": {"value": max(grades)}}
    else:
        cmp, rest = split_cmp(f.value)
        num = re.fullmatch(r"(?:KPS|LPS)?(\d+(?:\.\d+)?)%?", rest)
        if num and f.value[:1] in "<>=" or (num and f.value.startswith(("KPS", "LPS"))):
            tv.update(_value(cmp, float(num.group(1)), None, "%" if rest.endswith("%") else None))
        else:
            tv["valueCodeableConcept"] = {"text": f.value}
    return _char(f.text, exclude, definitionByTypeAndValue=tv), None


def condition_char(c, exclude: bool, window) -> dict:
    coding = ([{"system": _system("mesh"), "code": c.mesh_id, "display": c.name}] if c.mesh_id else []) + \
             [{"system": _system("icd10cm"), "code": x} for x in c.icd10cm]
    char = _char(c.text, exclude, definitionCodeableConcept={"coding": coding, "text": c.name or c.text}
                 if coding else {"text": c.name or c.text})
    if window is not None and window.direction != "after":
        char.update(window_timing(window))
    return char


def biomarker_char(b, exclude: bool) -> dict:
    coding = [{"system": _system("hgnc"), "code": b.hgnc_id or b.gene, "display": b.gene}] if b.gene else []
    text = " ".join(x for x in (b.gene, b.variant, b.alteration, b.result) if x)
    return _char(b.text, exclude, definitionCodeableConcept={"coding": coding, "text": text} if coding else {"text": text})


def record_chars(c: Criterion, out: Export) -> list[dict]:
    """The characteristics of one criterion's own records; what cannot be expressed goes to `out.unexpressed`."""
    from ..matcher.events import window_checkable
    from ..matcher.plan import link_windows

    natural = "forbidden" if c.section == "exclusion" else "required"
    chars: list[dict] = []

    def skip(what: str, reason: str) -> None:
        out.unexpressed.append({"criterion": c.id, "what": " ".join(what.split()), "reason": reason})

    def flip(rec) -> bool | None:
        if rec.context.polarity == "allowed":
            skip(getattr(rec, "text", None) or getattr(rec, "analyte_text", ""),
                 "an exception (allowed): FHIR characteristics have no 'unless'")
            return None
        return rec.context.polarity != natural

    links = link_windows(c)
    for t in c.lab_thresholds:
        if (ex := flip(t)) is not None:
            char, why = threshold_char(t, ex)
            chars.append(char) if char else skip(t.analyte_text, why)
    for f in c.facts:
        if (ex := flip(f)) is not None:
            char, why = fact_char(f, ex)
            chars.append(char) if char else skip(f.text, why)
    for kind, build in (("drugs", drug_char), ("conditions", condition_char)):
        for j, rec in enumerate(getattr(c, kind)):
            if (ex := flip(rec)) is not None:
                chars.append(build(rec, ex, c.time_windows[links[(kind, j)]] if (kind, j) in links else None))
    for p in c.procedures:
        if (ex := flip(p)) is not None:
            chars.append(_char(p.text, ex, definitionCodeableConcept={
                "coding": [{"system": _system("procedure"), "code": p.id, "display": p.name}], "text": p.name}))
    for b in c.biomarkers:
        if (ex := flip(b)) is not None:
            chars.append(biomarker_char(b, ex))
    taken = set(links.values())
    for i, w in enumerate(c.time_windows):
        if i in taken:
            continue
        if not window_checkable(w):
            skip(w.text, "a commitment after the last dose")
        elif (ex := flip(w)) is not None:
            clause = w.constrains.text if w.constrains else c.text
            chars.append(_char(clause, ex, definitionCodeableConcept={"text": " ".join(clause.split())},
                               **window_timing(w)))
    return chars


def _node(c: Criterion, kids: dict[str, list[Criterion]], out: Export) -> dict:
    own = record_chars(c, out)
    children = [_node(k, kids, out) for k in kids.get(c.id, []) if k.kind != "note"]
    logic = c.logic or ("any" if c.section == "exclusion" else "all")
    code = "at-least" if c.min_count else ("any-of" if logic == "any" else "all-of")
    parts = own + children
    base = {"linkId": _link(c.id), "description": " ".join(c.text.split())[:1000] or c.id}
    if not parts:
        out.unexpressed.append({"criterion": c.id, "what": " ".join(c.text.split())[:200],
                                "reason": f"not structured ({c.status_reason or c.status})"})
        return base | {"note": [{"text": "not computable: the pipeline did not structure this criterion"}]}
    if len(parts) == 1 and not children:
        return base | {k: v for k, v in parts[0].items() if k != "description"} | \
            ({"exclude": True} if parts[0].get("exclude") else {})
    combo = {"code": code, "characteristic": parts}
    if c.min_count:
        combo["threshold"] = c.min_count
    return base | {"definitionByCombination": combo}


def _link(cid: str) -> str:
    return cid


def _fhir_id(trial_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9\-.]", "-", trial_id)[:64]


def export_trial(result: TrialResult) -> Export:
    """One EvidenceVariable (as a dict, validated) and the criteria it could not express."""
    from fhir.resources.evidencevariable import EvidenceVariable

    out = Export({})
    kids: dict[str, list[Criterion]] = {}
    for c in result.criteria:
        kids.setdefault(c.parent_id, []).append(c)
    tops = []
    for c in kids.get(None, []):
        if c.kind == "note":
            continue
        node = _node(c, kids, out)
        if c.section == "exclusion":
            node["exclude"] = True
        tops.append(node)
    resource = {"resourceType": "EvidenceVariable", "id": _fhir_id(result.trial_id), "status": "draft",
                "name": _fhir_id(result.trial_id).replace("-", "_").replace(".", "_"),
                "title": result.title or f"Eligibility of {result.trial_id}",
                "description": f"Computable eligibility criteria of {result.trial_id} (trialcriteria "
                               f"{result.pipeline_version}, schema {result.schema_version})",
                "characteristic": [{"linkId": "eligibility", "description": "all inclusion criteria hold and no "
                                    "exclusion criterion holds",
                                    "definitionByCombination": {"code": "all-of", "characteristic": tops}}]
                if tops else []}
    if out.unexpressed:
        resource["note"] = [{"text": f"{u['criterion']}: {u['what'][:120]} -- {u['reason']}"} for u in out.unexpressed]
    EvidenceVariable.model_validate(resource)
    out.resource = resource
    return out


def export_bundle(results: list[TrialResult]) -> tuple[dict, list[dict]]:
    """A collection Bundle of every trial's EvidenceVariable, and every criterion not expressed (with its trial)."""
    from fhir.resources.bundle import Bundle

    entries, missing = [], []
    for r in results:
        ex = export_trial(r)
        entries.append({"fullUrl": f"urn:trialcriteria:{ex.resource['id']}", "resource": ex.resource})
        missing += [{"trial_id": r.trial_id, **u} for u in ex.unexpressed]
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    Bundle.model_validate(bundle)
    return bundle, missing
