"""Pure: drug and drug-class mentions of a criterion -> DrugMention records with their ids, names, ATC codes and
classes (a drug's classes and all their parents; a class itself and its parents), from the lexicon matcher's
spans, and from the NER model's Drug entities that the lexicon matcher missed (the model backs up the rules)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..lexicons.drugs import lexicon
from ..schema import DrugMention, Mention, TimeWindow
from .windows import windows as find_windows

_GENERIC = re.compile(
    r"^(?:(?:the|any|other|all|oral|study|investigational|concomitant|prohibited|current|prior|drug|drugs|medications?|"
    r"medicines?|agents?|therapy|therapies|treatments?|premedications?|components?|formulations?|products?|intake|"
    r"given|in|its|of|either|arm|cause|interaction|use|regimens?|excipients?|substances?)\b[\s/,-]*)+$", re.I)
# a name whose head is plural or a class word ("quinolones", "sedative medication", "local anesthetic")
_CLASS_HEAD = re.compile(r"(?:[a-z]{3,}(?<![sui])s|medications?|medicines?|therap(?:y|ies)|agents?|agonists?|"
                         r"antagonists?|anesthetics?|anaesthetics?|preparations?|inhibitors?|blockers?)$", re.I)


def _record(text: str, a: int, b: int, kind: str, ident: str, source: str = "lexicon") -> DrugMention:
    lex = lexicon()
    if kind == "drug":
        e = lex.drugs[ident]
        return DrugMention(text=text[a:b], start=a, end=b, kind="drug", id=ident, name=e.name,
                           classes=lex.drug_classes(ident), atc=list(e.atc), source=source)
    c = lex.classes[ident]
    return DrugMention(text=text[a:b], start=a, end=b, kind="class", id=ident, name=c.name,
                       classes=lex.class_classes(ident), atc=[c.atc] if c.atc else [], source=source)


def lexicon_drugs(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> list[DrugMention]:
    """The drug matcher's spans (label `drug:<id>` or `class:<id>`) inside the criterion text[start:end]."""
    out = []
    for a, b, label in spans:
        if a >= start and b <= end:
            kind, _, ident = label.partition(":")
            out.append(_record(text, a, b, kind, ident))
    return out


def model_mentions(ents: list[tuple[int, int, str]], start: int, end: int, text: str,
                   lexicon_records: list[DrugMention]) -> tuple[list[Mention], list[DrugMention]]:
    """The NER entities of a criterion as mentions, and the Drug entities that the lexicon matcher missed as drug
    mentions. Such an entity is looked up in the lexicon once more, forgiving hyphens and plurals
    ("anti-coagulants"); if it is not there it gets id `unknown` (a class when its head word is plural:
    "antimalarial medicines") when it has more evidence than the model's label (has_evidence). Generic words
    ("study drugs", "medication") are dropped."""
    lex = lexicon()
    mentions, extra = [], []
    for a, b, label in ents:
        if a < start or b > end:
            continue
        surface = text[a:b]
        mentions.append(Mention(type=label, text=surface, start=a, end=b))
        if label != "Drug" or any(d.start < b and a < d.end for d in lexicon_records) or _GENERIC.match(surface.strip()):
            continue
        found = lex.lookup(surface) or lex.fuzzy(surface)
        if found:
            extra.append(_record(text, a, b, found[0], found[1], source="model"))
        elif has_evidence(surface, text[b:min(end, b + 40)], text[max(start, a - 60):a],
                          _next_to_drug(text, a, b, lexicon_records)):
            kind = "class" if _CLASS_HEAD.search(surface.strip()) else "drug"
            extra.append(DrugMention(text=surface, start=a, end=b, kind=kind, id="unknown",
                                     name=" ".join(surface.lower().split()), source="model"))
    return mentions, extra


# -- timing, windows, evidence: rules in resources/drug_timing.json ------------------------------------------------


class _Cue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    timing: Literal["prior", "current", "planned", "any"]
    side: Literal["before", "after"]
    strength: Literal["strong", "weak"]
    pattern: str
    event: bool = Field(False, description="An event noun ('use of', 'receipt of'): a cue right before it "
                        "modifies it ('planned receipt of', 'chronic use of').")
    max_gap: int | None = Field(None, description="A before cue at most this many characters before the drug "
                                "(adjectives: 'prior chemotherapy', 'concurrent therapy with X').")


class _NotRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pattern: str
    applies_to: str
    note: str = ""


class _WindowTiming(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: Literal["prior", "current", "planned", "any"]
    before: Literal["prior", "current", "planned", "any"]
    after: Literal["prior", "current", "planned", "any"]
    undirected: dict[str, Literal["prior", "current", "planned", "any"]]


class _Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    suffixes: list[str]
    suffix_min_length: int
    code_name: str
    trademark: str
    dose: str
    class_head: str
    class_prefix: str
    generic_modifiers: str
    reject: str
    list_sibling: str
    object_of: str


class _CodeNames(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doc: str = Field("", alias="_doc")
    pattern: str
    before: str
    after: str
    reject: str


class DrugRules(BaseModel):
    """resources/drug_timing.json: the cues of drug timing, the windows that bound a drug, the mentions that are
    not records, and the evidence a model-only Drug entity needs."""

    model_config = ConfigDict(extra="forbid")
    doc: str = Field("", alias="_doc")
    statement_break: str
    chain: str
    cues: list[_Cue]
    window_timing: _WindowTiming
    window_since: str
    window_gap: str
    anchor_timing: Literal["prior", "current", "planned", "any"]
    strong_reach: int
    heading: str
    heading_lines: int
    list_gap: str
    not_records: list[_NotRecord]
    label_heading: str
    label_heading_note: str = ""
    shared_head: str
    shared_head_gate: str = Field(".", description="A word the text must hold before `shared_head` is tried (the "
                                  "pattern is slow on long lists): its head word.")
    list_split: str
    shared_head_words: int
    evidence: _Evidence
    code_names: _CodeNames

    @model_validator(mode="after")
    def _compiles(self) -> "DrugRules":
        for p in [self.statement_break, self.chain, self.window_since, self.window_gap, self.label_heading, self.heading,
                  self.list_gap,
                  self.shared_head, self.shared_head_gate, self.list_split,
                  *(c.pattern for c in self.cues), *(n.pattern for n in self.not_records),
                  *(n.applies_to for n in self.not_records), self.evidence.code_name, self.evidence.trademark,
                  self.evidence.dose, self.evidence.class_head, self.evidence.class_prefix,
                  self.evidence.generic_modifiers, self.evidence.reject, self.evidence.list_sibling,
                  self.evidence.object_of, self.code_names.pattern, self.code_names.before,
                  self.code_names.after, self.code_names.reject]:
            re.compile(p)
        return self


@dataclass(frozen=True)
class _Compiled:
    rules: DrugRules
    statement_break: re.Pattern[str]
    chain: re.Pattern[str]
    before: tuple[tuple[str, str, re.Pattern[str], int | None, bool], ...]
    after: tuple[tuple[str, str, re.Pattern[str]], ...]
    window_since: re.Pattern[str]
    window_gap: re.Pattern[str]
    not_records: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    label_heading: re.Pattern[str]
    heading: re.Pattern[str]
    list_gap: re.Pattern[str]
    shared_head: re.Pattern[str]
    shared_head_gate: re.Pattern[str]
    list_split: re.Pattern[str]
    code_text: re.Pattern[str]
    code_before: re.Pattern[str]
    code_after: re.Pattern[str]
    code_reject: re.Pattern[str]
    suffix: re.Pattern[str]
    code_name: re.Pattern[str]
    trademark: re.Pattern[str]
    dose: re.Pattern[str]
    class_head: re.Pattern[str]
    class_prefix: re.Pattern[str]
    generic: re.Pattern[str]
    reject: re.Pattern[str]
    list_sibling: re.Pattern[str]
    object_of: re.Pattern[str]


@lru_cache(maxsize=1)
def drug_rules() -> _Compiled:
    raw = json.loads(resources.files("trialcriteria.resources").joinpath("drug_timing.json").read_text(encoding="utf-8"))
    r = DrugRules.model_validate(raw)
    ev = r.evidence
    suffixes = "|".join(sorted({re.escape(s) for s in ev.suffixes}, key=len, reverse=True))
    return _Compiled(
        rules=r,
        statement_break=re.compile(r.statement_break),
        chain=re.compile(r.chain, re.I),
        before=tuple((c.timing, c.strength, re.compile(c.pattern, re.I), c.max_gap, c.event)
                     for c in r.cues if c.side == "before"),
        after=tuple((c.timing, c.strength, re.compile(c.pattern, re.I)) for c in r.cues if c.side == "after"),
        window_since=re.compile(r.window_since, re.I),
        window_gap=re.compile(r.window_gap, re.I),
        not_records=tuple((re.compile(n.pattern, re.I), re.compile(rf"^(?:{n.applies_to})$", re.I)) for n in r.not_records),
        label_heading=re.compile(r.label_heading, re.I),
        heading=re.compile(r.heading, re.M),
        list_gap=re.compile(r.list_gap, re.I),
        shared_head=re.compile(r.shared_head, re.I),
        shared_head_gate=re.compile(r.shared_head_gate, re.I),
        list_split=re.compile(r.list_split, re.I),
        code_text=re.compile(r.code_names.pattern),
        code_before=re.compile(r.code_names.before, re.I),
        code_after=re.compile(r.code_names.after, re.I),
        code_reject=re.compile(r.code_names.reject, re.I),
        suffix=re.compile(rf"^(?=[a-z-]{{{ev.suffix_min_length},}}$)[a-z][a-z-]*?(?:{suffixes})s?$", re.I),
        code_name=re.compile(ev.code_name),
        trademark=re.compile(ev.trademark),
        dose=re.compile(ev.dose, re.I),
        class_head=re.compile(ev.class_head, re.I),
        class_prefix=re.compile(ev.class_prefix, re.I),
        generic=re.compile(ev.generic_modifiers, re.I),
        reject=re.compile(ev.reject, re.I),
        list_sibling=re.compile(ev.list_sibling, re.I),
        object_of=re.compile(ev.object_of, re.I),
    )


def _statement(text: str, a: int, b: int, r: _Compiled) -> tuple[int, int]:
    """The statement of text that holds text[a:b]: from the last statement break before it to the first after it."""
    s0 = max((m.end() for m in r.statement_break.finditer(text, 0, a)), default=0)
    m = r.statement_break.search(text, b)
    return s0, (m.start() if m else len(text))


def _before_cue(text: str, s0: int, a: int, r: _Compiled) -> tuple[str, str] | None:
    """The nearest cue before the drug (a strong one right before a nearer weak one wins: "contraindication to
    the use of X"), or the first of a chain of cues joined by 'or'/'and' ("prior or concurrent")."""
    found = []
    for timing, strength, pat, gap, event in r.before:
        for m in pat.finditer(text, s0, a):
            if gap is None or len(text[m.end():a].strip()) <= gap:
                found.append((m.start(), m.end(), timing, strength, event))
    if not found:
        return None
    # drop cues inside a longer cue ("history of ... requiring" holds "requiring")
    kept = [f for f in found if not any(g is not f and g[0] <= f[0] and f[1] <= g[1] and (g[1] - g[0]) > (f[1] - f[0])
                                        for g in found)]
    kept.sort(key=lambda x: (x[1], x[1] - x[0]))
    i = len(kept) - 1
    if kept[i][3] == "weak":
        strong = [j for j in range(i) if kept[j][3] == "strong" and 0 <= kept[i][0] - kept[j][1] <= r.rules.strong_reach]
        if strong:
            i = strong[-1]
    # a cue right before another modifies it ("planned receipt of", "chronic administration of"), and a cue
    # joined to an earlier one by 'or'/'and' yields to it ("prior or concurrent")
    while i > 0:
        prev = kept[i - 1]
        gap = text[prev[1]:kept[i][0]] if prev[1] <= kept[i][0] else None
        if gap is not None and ((kept[i][4] and not gap.strip()) or r.chain.match(gap)):
            i -= 1
        else:
            break
    return kept[i][2], kept[i][3]


def _after_cue(text: str, b: int, s1: int, r: _Compiled) -> tuple[str, str, int] | None:
    """The nearest cue after the drug; an 'any' cue ("... is contraindicated") wins over the others."""
    best = None
    for timing, strength, pat in r.after:
        m = pat.search(text[b:s1])
        if m and (best is None or (timing == "any") > (best[0] == "any") or
                  ((timing == "any") == (best[0] == "any") and m.end() < best[2])):
            best = (timing, strength, m.end())
    return best


def _bounding_window(text: str, a: int, b: int, s0: int, s1: int, windows: list[TimeWindow], base: int,
                     r: _Compiled) -> int | None:
    """The index of the time window that bounds the drug at text[a:b]: a window after it in its statement with
    nothing but the rest of its list between them ("X or Y within 4 weeks before ..."), or a window right before
    it that runs since it, or that holds it after its "since" ("At least 4 weeks since prior X")."""
    best = None
    for i, w in enumerate(windows):
        ws, we = w.start - base, w.end - base
        if w.anchor_text is not None and w.anchor_text.start - base <= a < w.anchor_text.end - base:
            continue
        if b <= ws <= s1 and r.window_gap.match(text[b:ws]):
            if best is None or ws < windows[best].start - base:
                best = i
        elif s0 <= we <= a and r.window_since.match(text[we:a]):
            return i
        elif ws <= a and b <= we and any(r.window_since.match(text[k:a]) for k in range(ws, a) if text[k].isspace()):
            return i  # the window runs since the drug and holds it ("At least 4 weeks since prior X")
    return best


def _window_timing(w: TimeWindow, r: _Compiled) -> str:
    wt = r.rules.window_timing
    if w.kind == "state_duration":
        return wt.state
    if w.direction == "before":
        return wt.before
    if w.direction == "after":
        return wt.after if w.anchor not in ("last_dose",) else "prior"
    return wt.undirected.get(w.anchor, "any")


def _timing_of(text: str, a: int, b: int, base: int, windows: list[TimeWindow], r: _Compiled
               ) -> tuple[str | None, int | None]:
    s0, s1 = _statement(text, a, b, r)
    in_anchor = any(w.anchor_text is not None and w.anchor_text.start - base <= a < w.anchor_text.end - base
                    for w in windows)
    wi = None if in_anchor else _bounding_window(text, a, b, s0, s1, windows, base, r)
    cue = _before_cue(text, s0, a, r)
    after = _after_cue(text, b, s1, r)
    if cue and cue[1] == "strong":
        return cue[0], wi
    if after and after[0] == "any":
        return "any", wi
    if in_anchor:
        return r.rules.anchor_timing, None
    if after and after[1] == "strong" and (wi is None or after[2] <= windows[wi].start - base - b):
        return after[0], wi
    if wi is not None:
        return _window_timing(windows[wi], r), wi
    if after and after[1] == "strong":
        return after[0], wi
    if cue:
        return cue[0], wi
    if after:
        return after[0], wi
    return None, None


def heading_before(full: str, start: int) -> str:
    """The heading a list item sits under ("At least 3 months since immunosuppressants, including:"), found by
    walking back over the items before it (at most heading_lines lines), with the wrapped lines of the heading
    joined; "" when there is none."""
    r = drug_rules()
    lines = full[:start].splitlines()[-r.rules.heading_lines:]
    for i in range(len(lines) - 1, -1, -1):
        if r.heading.search(lines[i]):
            head = [lines[i].strip()]
            j = i - 1
            while j >= 0 and lines[j].strip() and not _MARKER.match(lines[j]) and len(head) < 4:
                head.insert(0, lines[j].strip())
                j -= 1
            return " ".join(head)
    return ""


_MARKER = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)]|\(?[a-zA-Z][.)])\s")


def set_timing(text: str, base: int, drugs: list[DrugMention], windows: list[TimeWindow], heading: str = "") -> None:
    """Fill `timing` and `window` of each drug record of the criterion text (offsets of the records and windows
    are text offsets + base). The nearest cue before the drug in its statement decides when it is strong; a weak
    one ("chronic", "use of", "requiring") yields to a window or a cue after the drug; a drug that names a window's
    anchor ("prior to initiation of X") is the trial's treatment (planned). An item that says nothing of time
    takes the timing of the heading it is listed under (`heading`: "Prior concurrent therapy: At least 3
    months since the following:")."""
    r = drug_rules()
    inherited = None
    prev: tuple[int, str] | None = None  # end and timing of the record before, in text offsets
    for d in sorted(drugs, key=lambda x: x.start):
        a, b = d.start - base, d.end - base
        timing, wi = _timing_of(text, a, b, base, windows, r)
        gap = " ".join(text[prev[0]:a].split()) if prev is not None else ""
        if timing is None and prev is not None and r.list_gap.match(gap) and re.search(r",|\b(?:or|and|nor)\b|/", gap):
            timing = prev[1]  # the rest of a list takes the timing of its first member ("prior X, Y, Z")
        if timing is not None:
            prev = (b, timing)
        if timing is None and heading:
            if inherited is None:
                head = heading.rstrip().rstrip(":").rstrip()
                found = find_windows(head)
                inherited = (_timing_of(head + " X", len(head) + 1, len(head) + 2, 0, [], r)[0]
                             or (_window_timing(found[0], r) if found else "") or "")
            timing = inherited or None
        d.timing = timing or "any"
        d.window = wi


def not_a_record(text: str, base: int, d: DrugMention) -> bool:
    """Mentions that are no drug record: the study's own vaccine ("the trial vaccine"), a spirometry reading
    ("post-bronchodilator"), and the label of a PDQ list that only names a category ("Chemotherapy: No prior
    chemotherapy")."""
    r = drug_rules()
    a, b = d.start - base, d.end - base
    surface = " ".join(d.text.split())
    for before, applies in r.not_records:
        if applies.match(surface) and before.search(text[max(0, a - 60):a]):
            return True
    label = r.label_heading.match(text)
    return bool(label and label.start("label") <= a and b <= label.end("label"))


def _next_to_drug(text: str, a: int, b: int, records: list[DrugMention]) -> bool:
    """Whether text[a:b] is listed next to a lexicon drug record ("spironolactone, amlodipine or Definity")."""
    r = drug_rules()
    for d in records:
        if d.end <= a and r.list_sibling.match(text[d.end:a]):
            return True
        if d.start >= b and r.list_sibling.match(text[b:d.start]):
            return True
    return False


def has_evidence(surface: str, after: str, before: str = "", sibling: bool = False) -> bool:
    """Whether a Drug entity of the NER model that the lexicon lacks is a drug: a drug-like suffix ("-mab",
    "-vir", "-azole"), a code name ("PX-866", "Toca 511"), a trademark sign or a dose right after it, a place in
    a list next to a lexicon drug (`sibling`), the object of an allergy ("hypersensitivity to X"), or the head
    of a class ("alpha-2 agonists", "psychoactive drug") with a modifier that is not generic ("certain
    medications", "maintenance medications" are not drugs)."""
    r = drug_rules()
    s = " ".join(surface.split())
    if r.reject.search(s) or r.generic.match(s):
        return False
    if sibling or r.object_of.search(before):
        return True
    last = s.split()[-1] if s else ""
    if r.suffix.match(last) or r.suffix.match(s.split("-")[0] if "-" in s else s):
        return True
    if r.code_name.match(s) or r.trademark.match(after) or r.dose.match(after):
        return True
    if r.class_prefix.match(s):
        return True
    if r.class_head.search(s):
        head = r.class_head.search(s)
        return not r.generic.match(s[: head.start()].strip() or "any")
    return False


def merge_heads(text: str, base: int, drugs: list[DrugMention]) -> list[DrugMention]:
    """A class record right after another record of one of its subclasses or members is the head noun of the
    same name ("selective serotonin inhibitor antidepressants", "taxane chemotherapy"): one record, the first,
    spanning both."""
    out: list[DrugMention] = []
    for d in sorted(drugs, key=lambda x: (x.start, -x.end)):
        prev = out[-1] if out else None
        if (prev is not None and d.kind == "class" and d.id != "unknown" and d.id in prev.classes and d.id != prev.id
                and re.fullmatch(r"[\s-]*", text[prev.end - base : d.start - base])):
            out[-1] = prev.model_copy(update={"end": d.end, "text": text[prev.start - base : d.end - base]})
            continue
        out.append(d)
    return out


def distributed_heads(text: str, base: int, drugs: list[DrugMention]) -> list[DrugMention]:
    """Names that share a head noun written once ("any pneumococcal, diphtheria, tetanus, hepatitis B and/or
    Hib-MenC vaccines"): each item with the head is looked up, and a hit that no record covers becomes one (the
    item's words, as in "Hib-MenC"); the head word then names no class of its own."""
    r = drug_rules()
    if not r.shared_head_gate.search(text):
        return sorted(drugs, key=lambda x: x.start)
    lex = lexicon()
    out = list(drugs)
    for m in r.shared_head.finditer(text):
        head = m.group("head")
        items = r.list_split.split(m.group("list"))
        pos = m.start("list")
        hits = 0
        for item in items:
            at = text.find(item, pos)
            if at < 0:
                continue
            pos = at + len(item)
            words = item.split()
            for k in range(min(len(words), r.rules.shared_head_words), 0, -1):
                found = lex.lookup(f"{' '.join(words[-k:])} {head}")
                if found and found[0] == "drug":
                    while k > 1 and words[-k].lower() in ("any", "the", "other", "all", "of", "a", "an", "and", "or"):
                        k -= 1
                    a = at + item.rfind(words[-k])
                    b = at + len(item.rstrip())
                    hits += 1
                    if not any(d.start < b + base and a + base < d.end for d in out):
                        out.append(_record(text, a, b, found[0], found[1]).model_copy(
                            update={"start": a + base, "end": b + base}))
                    break
        if hits >= 2:
            hs, he = m.start("head") + base, m.end("head") + base
            out = [d for d in out if not (d.kind == "class" and d.start == hs and d.end == he)]
    return sorted(out, key=lambda x: x.start)


def code_name_drugs(text: str, base: int, drugs: list[DrugMention]) -> list[DrugMention]:
    """Code names of drugs in development that nothing else found ("prior to starting PX-866", "study drug
    (PPI-668)", "swallow Toca FC tablets"): the code-name shape with a drug context right before or after it
    (resources/drug_timing.json `code_names`); id `unknown`, as for a model-only drug."""
    r = drug_rules()
    out = list(drugs)
    for m in r.code_text.finditer(text):
        a, b = m.span()
        if r.code_reject.match(m.group()) or any(d.start < b + base and a + base < d.end for d in out):
            continue
        if r.code_before.search(text[max(0, a - 60):a]) or r.code_after.match(text[b:b + 40]):
            out.append(DrugMention(text=m.group(), start=a + base, end=b + base, kind="drug", id="unknown",
                                   name=m.group().lower(), source="model"))
    return sorted(out, key=lambda x: x.start)
