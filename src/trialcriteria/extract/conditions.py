"""Pure: the conditions of a criterion -> ConditionMention records coded with MeSH (id, name, tree numbers) and
ICD-10-CM, each with its status qualifiers and the time window that bounds it.

- Mentions come from the conditions lexicon (lexicons/conditions.py: MeSH entry terms and curated terms, longest
  match), from elliptic lists ("hepatitis B or C": "C" is Hepatitis C; "breast, ovarian or colon cancer": "breast"
  and "ovarian" are Breast and Ovarian Neoplasms), and from the NER model's Condition entities that the lexicon
  missed (looked up again without their status words; else `source: model` with mesh_id null).
- Status: the cues of resources/conditions.json before the mention within its clause ("history of", "active",
  "uncontrolled"; the clause ends at a scope break: punctuation, "with", "except", "which", ...), spreading over a
  list of conditions ("history of MI, stroke or TIA"), and the cues right after it ("hypertension that is not
  controlled", "hepatitis B (active)").
- Window: the criterion's time window that constrains the mention's words, else the nearest one in the same
  sentence within `window_reach` characters ("any other malignancy within 3 years"), else one that introduces a
  list the mention is in ("within 6 months: myocardial infarction, ...").
Context (assertion, polarity) is set later, with every other record, by ConText and `assemble`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons.conditions import conditions
from ..lexicons.terms import key, normalize_word, words
from ..resources import read_json
from ..schema import ConditionMention

COORD = re.compile(r"^\s*(?:,\s*(?:and|or|and/or)?|/|and|or|and/or|&)\s*$", re.I)


@dataclass(frozen=True)
class ConditionRules:
    before: tuple[tuple[str, re.Pattern[str]], ...]
    after: tuple[tuple[str, re.Pattern[str]], ...]
    scope_break: re.Pattern[str]
    before_reach: int
    after_reach: int
    model_strip: re.Pattern[str]
    model_drop: re.Pattern[str]
    model_min_chars: int
    window_reach: int
    not_after: re.Pattern[str]
    recode: tuple[tuple[str, re.Pattern[str], str], ...]
    neoplasm_heads: re.Pattern[str]
    model_generic_heads: re.Pattern[str]


@lru_cache(maxsize=1)
def rules() -> ConditionRules:
    data = read_json("conditions.json")
    before = tuple((s, re.compile(r"\b(?:" + "|".join(ps) + r")\b", re.I)) for s, ps in data["status_before"].items())
    after = tuple((s, re.compile(r"^[\s,]*(?:" + "|".join(ps) + r")", re.I)) for s, ps in data["status_after"].items())
    return ConditionRules(before, after, re.compile(data["status_scope_break"], re.I), data["status_before_reach"],
                          data["status_after_reach"], re.compile(data["model_strip"], re.I),
                          re.compile(data["model_drop"], re.I), data["model_min_chars"], data["window_reach"],
                          re.compile(data["not_condition_after"], re.I),
                          tuple((x["from"], re.compile(x["after"], re.I), x["to"]) for x in data["recode"]),
                          re.compile(data["neoplasm_heads"], re.I), re.compile(data["model_generic_heads"], re.I))


def elliptic(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Members of elliptic lists next to a lexicon match: a qualifier after it that, put in place of its last
    word, names another descriptor ("hepatitis B or C"), or modifiers before it that, put before its last word,
    do ("breast, ovarian or colon cancer")."""
    lex = conditions()
    taken = [(a, b) for a, b, _ in spans]
    out = []
    for a, b, _ in spans:
        toks = words(text[a:b])
        if len(toks) < 2 and not _modifier_head(toks):
            continue
        out += _after(text, a, b, end, toks, lex, taken) + _before(text, a, start, toks, lex, taken)
    return out


def _modifier_head(toks) -> bool:
    return len(toks) == 1 and normalize_word(toks[0][0]) in {"cancer", "carcinoma", "neoplasm", "tumor", "disease"}


def _free(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    return not any(x < b and a < y for x, y in taken)


def _after(text, a, b, end, toks, lex, taken) -> list[tuple[int, int, str]]:
    out, pos, prefix = [], b, [normalize_word(w) for w, _, _ in toks[:-1]]
    while True:
        m = re.match(r"(\s*(?:,\s*(?:and|or)?|/|or|and|and/or)\s*)([^\W_]+)\b", text[pos : min(end, pos + 40)], re.I)
        if m is None or not prefix:
            return out
        ident = lex.index.terms.get((*prefix, normalize_word(m.group(2))))
        s, e = pos + m.start(2), pos + m.end(2)
        if ident is None or not _free(s, e, taken):
            return out
        out.append((s, e, ident))
        taken.append((s, e))
        pos = e


def _before(text, a, start, toks, lex, taken) -> list[tuple[int, int, str]]:
    head = normalize_word(toks[-1][0])
    out, pos = [], a
    while True:
        lo = max(start, pos - 60)
        m = re.search(r"([^\W_]+(?:[\s-][^\W_]+)?)(\s*(?:,\s*(?:and|or)?|/|or|and|and/or)\s*)$", text[lo:pos], re.I)
        if m is None:
            return out
        s, e = lo + m.start(1), lo + m.end(1)
        ident = lex.index.terms.get((*key(m.group(1)), head))
        if ident is None:
            last = m.group(1).split()[-1]
            s, ident = e - len(last), lex.index.terms.get((normalize_word(last), head))
        if ident is None or not _free(s, e, taken):
            return out
        out.append((s, e, ident))
        taken.append((s, e))
        pos = s


def statuses(text: str, a: int, b: int, start: int, end: int, others: list[tuple[int, int]] = ()) -> list[str]:
    """The status qualifiers of the mention text[a:b] in the criterion text[start:end] (module docstring). Cues
    before it spread over the conditions listed before it, unless a nearer cue follows one of them ("history of
    ILD or active hepatitis B": hepatitis B is active only)."""
    r = rules()
    lo = max(start, a - r.before_reach)
    left = text[lo:a]
    cut = list(r.scope_break.finditer(left))
    lo += cut[-1].end() if cut else 0
    found: list[str] = []
    for x, y in sorted(((x, y) for x, y in others if lo <= x and y <= a), reverse=True) + [(lo, lo)]:
        found = [s for s, p in r.before if p.search(text, y, a)]
        if found:
            break
    right = text[b : min(end, b + r.after_reach)]
    found += [s for s, p in r.after if p.match(right) and s not in found]
    order = [s for s, _ in r.before]
    return sorted(set(found), key=order.index)


def window_for(text: str, a: int, b: int, windows: list) -> int | None:
    """Index of the time window that bounds the mention text[a:b] (module docstring), or None."""
    for i, w in enumerate(windows):
        if w.constrains is not None and w.constrains.start <= a and b <= w.constrains.end:
            return i
    best, reach = None, rules().window_reach
    for i, w in enumerate(windows):
        lo, hi = (b, w.start) if w.start >= b else (w.end, a)
        if hi < lo:
            continue
        between = text[lo:hi]
        if re.search(r"[.;]\s", between):
            continue
        gap = hi - lo if w.start >= b else (hi - lo) // 2 + 1  # a window after the mention is the more likely one
        if (gap <= reach or (w.end <= a and ":" in between)) and (best is None or gap < best[0]):
            best = (gap, i)
    return best[1] if best else None


def record(text: str, a: int, b: int, ident: str | None, start: int, end: int, windows: list,
           source: str = "lexicon", others: list[tuple[int, int]] = ()) -> ConditionMention:
    lex = conditions()
    d = lex.descriptors.get(ident) if ident else None
    return ConditionMention(text=text[a:b], start=a, end=b, mesh_id=d.id if d else None, name=d.name if d else None,
                            tree_numbers=list(d.tree_numbers) if d else [], icd10cm=list(d.icd10cm) if d else [],
                            status=statuses(text, a, b, start, end, others), window=window_for(text, a, b, windows),
                            source=source)


def condition_spans(text: str, start: int, end: int, tokens=None) -> list[tuple[int, int, str]]:
    """(start, end, MeSH id) of the lexicon's conditions in the criterion text[start:end], elliptic members too.
    A term followed by a word that makes it a specimen, a test or a scale ("tumor tissue", "HCV RNA", "psychosis
    factor score") is no condition; a context rule may give a more specific code ("hypersensitivity to" -> Drug
    Hypersensitivity); a class of neoplasms with its site ("GI tract malignancy", "malignant tumors of the central
    nervous system") is the site's neoplasm."""
    r = rules()
    spans = [(a, b, i) for a, b, i in conditions().find(text, start, end, tokens) if not r.not_after.match(text, b, end)]
    spans = [site_neoplasm(text, a, b, i, start, end) for a, b, i in spans]
    spans = [(a, b, next((to for src, p, to in r.recode if src == i and p.match(text, b, end)), i)) for a, b, i in spans]
    return restated(text, sorted(spans + elliptic(text, start, end, spans)))


def restated(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Without the acronym in brackets that restates the mention before it ("human immunodeficiency virus (HIV)",
    "Chronic Obstructive Pulmonary Disease (COPD)"): one condition, named once."""
    out: list[tuple[int, int, str]] = []
    for a, b, i in spans:
        if out and out[-1][2] == i and re.fullmatch(r"\s*\(\s*", text[out[-1][1] : a]) and re.match(r"\s*\)", text[b : b + 8]):
            continue
        out.append((a, b, i))
    return out


def site_neoplasm(text: str, a: int, b: int, ident: str, start: int, end: int) -> tuple[int, int, str]:
    """A neoplasm class word with the site written before it (up to 3 words) or after it ("of the X"): the span
    widened to the site and coded as the site's neoplasm, when the lexicon has one."""
    if not rules().neoplasm_heads.match(text[a:b]):
        return a, b, ident
    index = conditions().index.terms
    before = words(text[max(start, a - 40) : a])[-3:]
    for n in range(len(before), 0, -1):
        lo = max(start, a - 40) + before[-n][1]
        if re.fullmatch(r"[\w\s-]*", text[lo:a]):
            hit = index.get((*(normalize_word(w) for w, _, _ in before[-n:]), "neoplasm"))
            if hit:
                return lo, b, hit
    m = re.match(r"\s+(?:of|in|involving)\s+(?:the\s+)?((?:[^\W\d_]+[\s-]?){1,4})", text[b : min(end, b + 80)])
    if m:
        after = words(m.group(1))
        for n in range(len(after), 0, -1):
            hit = index.get((*(normalize_word(w) for w, _, _ in after[:n]), "neoplasm"))
            if hit:
                return a, b + m.start(1) + after[n - 1][2], hit
    return a, b, ident


def lexicon_conditions(text: str, start: int, end: int, spans: list[tuple[int, int, str]],
                       windows: list) -> list[ConditionMention]:
    spans = [(a, b, ident) for a, b, ident in spans if a >= start and b <= end]
    others = [(a, b) for a, b, _ in spans]
    return [record(text, a, b, ident, start, end, windows, others=others) for a, b, ident in spans]


def model_conditions(ents: list[tuple[int, int, str]], text: str, start: int, end: int, found: list[ConditionMention],
                     windows: list, blocked: list[tuple[int, int]] = ()) -> list[ConditionMention]:
    """The NER model's Condition entities of the criterion that no lexicon mention (nor a drug or procedure:
    `blocked`) overlaps, without their leading status words; coded when the rest is a lexicon term, else with
    mesh_id null. Generic words ("disease", "medical condition") and facts (pregnancy) are dropped."""
    r = rules()
    out = []
    taken = [(m.start, m.end) for m in found] + list(blocked)
    for a, b, label in ents:
        if label != "Condition" or a < start or b > end or any(x < b and a < y for x, y in taken):
            continue
        m = r.model_strip.match(text[a:b])
        a2 = a + (m.end() if m else 0)
        surface = text[a2:b].strip(" ,;:.()")
        if len(surface) < r.model_min_chars or r.model_drop.match(surface):
            continue
        a2 = text.index(surface, a2)
        ident = lookup_suffix(surface)
        if ident is None and r.model_generic_heads.search(surface):
            continue
        out.append(record(text, a2, a2 + len(surface), ident, start, end, windows, "model"))
    return out


def lookup_suffix(surface: str) -> str | None:
    """The descriptor a phrase names, or that its longest suffix of two words or more names ("obstructive nasal
    polyposis" -> Nasal Polyps)."""
    lex = conditions()
    toks = surface.split()
    for i in range(len(toks) - 1 if len(toks) > 1 else 1):
        ident = lex.lookup(" ".join(toks[i:]))
        if ident:
            return ident
    return None
