"""Pure: the procedures of a criterion -> ProcedureMention records from the procedure vocabulary
(lexicons/sources/procedures.tsv): surgery (major/minor), radiotherapy (with its site), transplant (type),
dialysis, transfusion, ...

- Mentions: the vocabulary's names and synonyms, longest match (acronyms case-sensitive; an acronym followed by a
  number, a comparator or "PCR"/"-10" is something else: "HCT > 30%", "RT-PCR", "ICD-10"). A procedure word inside
  a condition's name ("radiation pneumonitis") is no procedure.
- Qualifiers before a generic mention make it specific ("major abdominal surgery" -> major_surgery, "allogeneic
  ... transplant" -> allogeneic_hsct); coordinated qualifiers name one procedure each ("allogeneic or autologous
  stem cell transplant").
- Site (surgery and radiotherapy): a body site of resources/procedures.json right after ("radiotherapy to the
  lung", "irradiation of more than 25% of the bone marrow") or right before ("pelvic radiotherapy"), as written.
- Window: as for conditions (extract.conditions.window_for).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons.conditions import procedures
from ..lexicons.terms import key
from ..resources import read_json
from ..schema import ProcedureMention
from .conditions import window_for

BASE = {"surgery": {"surgery"}, "transplant": {"transplant", "hsct", "bone_marrow_transplant"},
        "radiotherapy": {"radiotherapy"}}


@dataclass(frozen=True)
class ProcedureRules:
    site_after: re.Pattern[str]
    site_before: re.Pattern[str]
    qualifiers: dict[str, dict[str, str]]
    qualifier_pattern: re.Pattern[str]
    qualifier_reach: int
    acronym_not_before: re.Pattern[str]
    label_after: re.Pattern[str]


@lru_cache(maxsize=1)
def rules() -> ProcedureRules:
    data = read_json("procedures.json")
    sites = "|".join(re.escape(s) for s in sorted(data["sites"], key=len, reverse=True))
    quals = "|".join(re.escape(q) for q in sorted(data["qualifiers"], key=len, reverse=True))
    return ProcedureRules(
        site_after=re.compile(data["site_after"] + rf"(?P<site>{sites})\b", re.I),
        site_before=re.compile(rf"\b(?P<site>(?:{sites})(?:\s*(?:or|and|/)\s*(?:{sites}))?)[\s-]+$", re.I),
        qualifiers={k.lower(): v for k, v in data["qualifiers"].items()},
        qualifier_pattern=re.compile(rf"\b(?:{quals})\b", re.I),
        qualifier_reach=data["qualifier_reach"],
        acronym_not_before=re.compile(data["acronym_not_before"], re.I),
        label_after=re.compile(data["label_after"]))


def procedure_spans(text: str, start: int, end: int, condition_spans: list[tuple[int, int, str]], tokens=None
                    ) -> list[tuple[int, int, str]]:
    """(start, end, procedure id) in the criterion text[start:end], none inside a condition's words."""
    lex, r = procedures(), rules()
    out = []
    for a, b, ident in lex.find(text, start, end, tokens):
        surface = text[a:b]
        if surface.isupper() and r.acronym_not_before.match(text[b : min(end, b + 12)]):
            continue
        if any(x <= a and b <= y and (x, y) != (a, b) for x, y, _ in condition_spans):
            continue
        if r.label_after.match(text, b, end) and not text[start:a].strip(" \t\n-*•"):
            continue  # a heading that names a kind of therapy ("Surgery:"), not a procedure
        out += _coordinated(text, start, a, b, ident) + [(a, b, ident)]
    return out


def _coordinated(text: str, start: int, a: int, b: int, ident: str) -> list[tuple[int, int, str]]:
    """A word coordinated before a mention that, put before the mention's words (or in place of its first word),
    names another procedure ("Cardiac or thoracic surgery": "Cardiac" is cardiac surgery; "allogeneic or
    autologous stem cell transplantation": "allogeneic" is allogeneic transplantation)."""
    m = re.search(r"\b([^\W\d_]+)\s*(?:,|/|\bor\b|\band\b)\s*(?:[^\W\d_]+\s+)?$", text[max(start, a - 40) : a])
    if m is None:
        return []
    index, words_ = procedures().index.terms, key(text[a:b])
    hit = index.get((*key(m.group(1)), *words_)) or index.get((*key(m.group(1)), *words_[1:]))
    if hit is None or hit == ident:
        return []
    s = max(start, a - 40) + m.start(1)
    return [(s, s + len(m.group(1)), hit)]


def _qualified(text: str, start: int, a: int, ident: str) -> list[tuple[int, int, str]]:
    """[(start, end, id)]: the specific id of a generic mention by the qualifier just before it (at a), and the
    procedures named by the qualifiers coordinated with that one."""
    lex, r = procedures(), rules()
    kind = lex.procedures[ident].kind
    if ident not in BASE.get(kind, ()):
        return []
    left_start = max(start, a - r.qualifier_reach)
    left = text[left_start:a]
    left = left[max(left.rfind(";"), left.rfind("."), left.rfind(":")) + 1 :]
    offset = a - len(left)
    found = [(offset + m.start(), offset + m.end(), r.qualifiers[m.group().lower()].get(kind))
             for m in r.qualifier_pattern.finditer(left)]
    return [f for f in found if f[2]]


def procedure_records(text: str, start: int, end: int, spans: list[tuple[int, int, str]], windows: list
                      ) -> list[ProcedureMention]:
    lex = procedures()
    out = []
    for a, b, ident in spans:
        if a < start or b > end:
            continue
        quals = _qualified(text, start, a, ident)
        for qa, qb, qid in quals[:-1]:
            out.append(_record(text, qa, qb, qid, start, end, windows, lex))
        if quals:
            ident = quals[-1][2]
        out.append(_record(text, a, b, ident, start, end, windows, lex))
    return out


def site(text: str, a: int, b: int, start: int, end: int) -> str | None:
    """The body site written right after or right before the mention text[a:b], lower case."""
    r = rules()
    m = r.site_after.match(text, b, end)
    if m is None:
        m = r.site_before.search(text, max(start, a - 40), a)
    return m.group("site").lower() if m else None


def _record(text, a, b, ident, start, end, windows, lex) -> ProcedureMention:
    p = lex.procedures[ident]
    return ProcedureMention(text=text[a:b], start=a, end=b, id=ident, name=p.name, mesh_id=p.mesh_id,
                            site=site(text, a, b, start, end) if p.kind in ("surgery", "radiotherapy") else None,
                            window=window_for(text, a, b, windows))
