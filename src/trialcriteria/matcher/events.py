"""Pure: does the patient have a drug, condition, procedure or biomarker a criterion names, when it should have it?

- Drugs: by the lexicon's drug ids and class membership (a patient's drug, coded ATC or RxNorm or named, is in a
  class when the lexicon puts it there or under one of its subclasses; a class's ATC code matches by prefix).
- Conditions: by MeSH descent (the patient's descriptor under the criterion's descriptor or tree number), by
  ICD-10-CM code prefix, or, for a condition given by text only, by normalized name (no synonyms: an uncoded
  condition matches only the same name).
- Procedures: by vocabulary id, MeSH id or normalized name. Biomarkers: by HGNC gene, alteration, variant, result.
- Time windows: the event's dates against the reference (screening) date; a window after a future anchor (after the
  last dose) is a commitment, not checked at screening.

Absence: a refuted condition or a medication not taken rules out its code and everything under it; a list the
patient record declares complete rules out what it does not list; otherwise a missing item is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..lexicons.drugs import lexicon
from ..lexicons.mesh_parents import mesh_tree
from ..schema import BiomarkerMention, ConditionMention, DrugMention, Fact, ProcedureMention, TimeWindow
from .dates import shift
from .index import Item, PatientIndex
from .outcome import Outcome, any_of, unknown
from .rules import match_rules, norm


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


# -- time windows ------------------------------------------------------------------------------------------------

def window_checkable(w: TimeWindow) -> bool:
    """False for a window after a future anchor ('for 4 months after the last dose'): a commitment."""
    return not (w.direction == "after" and w.anchor in match_rules().future_anchors)


def window_outcome(w: TimeWindow, item: Item, idx: PatientIndex) -> Outcome:
    ev = item.event
    src = (ev.source,) if ev.source else ()
    label = f"{ev.name or 'event'} ({w.text.strip()})"
    if w.duration is None:
        return Outcome(True, f"{label}: at any time", src)
    if w.anchor not in match_rules().reference_anchors or w.direction == "after":
        return unknown(f"{label}: a window relative to {w.anchor} is not computed", src)
    cutoff = shift(idx.ref, w.duration)
    if cutoff is None:
        return unknown(f"{label}: duration {w.duration} not read", src)
    last = ev.end or (idx.ref if ev.active else None) or ev.start
    first = ev.start or ev.end
    if w.kind == "state_duration":
        return _state(w, first, cutoff, label, src, ev.end is None or ev.end >= idx.ref)
    if last is None:
        return unknown(f"{label}: the record gives no date", src)
    within = last > cutoff if w.comparator == "less_than" else last >= cutoff
    before = last < cutoff if w.comparator == "more_than" else last <= cutoff
    if w.comparator == "exactly":
        return unknown(f"{label}: 'exactly' windows are not computed", src)
    holds = within if w.comparator in ("within", "at_most", "less_than") else before
    holds = _half_lives(w, holds)
    what = f"last {last.isoformat()} vs {cutoff.isoformat()}"
    return Outcome(holds, f"{label}: {what}", src)


def _half_lives(w: TimeWindow, holds: bool) -> bool | None:
    """'2 weeks or 5 half-lives, whichever is longer': the half-life is not known, so only the side that the longer
    (or shorter) window cannot change is decided."""
    if w.half_lives is None or w.combine is None:
        return holds
    longer = w.combine == "max"
    if w.comparator in ("within", "at_most", "less_than"):
        return True if holds and longer else (False if not holds and not longer else None)
    return False if not holds and longer else (True if holds and not longer else None)


def _state(w: TimeWindow, first, cutoff, label: str, src, ongoing: bool) -> Outcome:
    if first is None:
        return unknown(f"{label}: the record gives no start date", src)
    if w.comparator in ("at_least", "more_than"):
        holds = (first < cutoff if w.comparator == "more_than" else first <= cutoff) and ongoing
    else:
        holds = first >= cutoff
    return Outcome(holds, f"{label}: since {first.isoformat()} vs {cutoff.isoformat()}", src)


# -- one kind of event, generically ------------------------------------------------------------------------------

def event_outcome(what: str, items: list[Item], matches, covers, idx: PatientIndex, list_kind: str,
                  window: TimeWindow | None, check=None, exclude=None) -> Outcome:
    """Whether the patient has an event: matching items (not negated, not an allowed exception), each checked for
    its timing (`check`) and the window; else absent when a negated item covers it or the list is complete."""
    found = [it for it in items if not it.event.negated and matches(it) and not (exclude and exclude(it))]
    if found:
        outs = []
        for it in found:
            o = check(it) if check else Outcome(True, f"{what}: {it.event.name or _code_text(it)}",
                                                (it.event.source,) if it.event.source else ())
            if o.value is not False and window is not None and window_checkable(window):
                w = window_outcome(window, it, idx)
                o = Outcome(w.value if o.value else None, f"{o.reason}; {w.reason}", o.evidence + w.evidence)
            outs.append(o)
        return any_of(outs)
    negs = [it for it in items if it.event.negated and covers(it)]
    if negs:
        return Outcome(False, f"{what}: the record says not ({negs[0].event.name or _code_text(negs[0])})",
                       tuple(it.event.source for it in negs if it.event.source))
    if list_kind in idx.complete:
        return Outcome(False, f"{what}: not in the complete {list_kind} list", ())
    return unknown(f"{what}: not in the record")


def _code_text(it: Item) -> str:
    return ", ".join(f"{s} {c}" for s, codes in it.codes.items() for c in codes) or "unnamed"


# -- drugs -------------------------------------------------------------------------------------------------------

def drug_matches(m: DrugMention, it: Item) -> bool:
    if m.id != "unknown":
        if m.id in (it.drugs if m.kind == "drug" else it.classes):
            return True
        if it.drugs:  # a drug the lexicon knows: its classes decide (an ATC group can be wider than the class)
            return False
        atc = it.codes.get("atc", ())
        if m.kind == "drug":
            return any(a in atc for a in m.atc)
        cls = lexicon().classes.get(m.id)
        return bool(cls and cls.atc and any(a.startswith(cls.atc) for a in atc))
    return any(_contains(n, norm(m.name)) or _contains(n, norm(m.text)) for n in it.names)


def drug_covered(m: DrugMention, it: Item) -> bool:
    if m.id != "unknown":
        return m.id in it.covers
    return norm(m.name) in it.names or norm(m.text) in it.names


def _timing(m: DrugMention, it: Item, idx: PatientIndex) -> Outcome:
    ev = it.event
    src = (ev.source,) if ev.source else ()
    name = ev.name or _code_text(it)
    if m.timing in ("current", "planned"):
        ongoing = ev.active if ev.active is not None else (ev.end is None or ev.end >= idx.ref) if ev.start else None
        if ongoing is None:
            return unknown(f"{m.name}: {name}, not known whether taken now", src)
        return Outcome(ongoing, f"{m.name}: {name} {'taken now' if ongoing else 'no longer taken'}", src)
    if m.timing == "prior" and ev.start is not None and ev.start > idx.ref:
        return Outcome(False, f"{m.name}: {name} starts after the reference date", src)
    return Outcome(True, f"{m.name}: {name}", src)


def drug_outcome(m: DrugMention, window: TimeWindow | None, idx: PatientIndex,
                 allowed: Iterable[DrugMention] = ()) -> Outcome:
    """Whether the patient takes the drug or a member of the class, as the criterion's timing and window say;
    cached per patient (trials repeat the same drugs and classes)."""
    # an exception is narrower than what it excepts: "Allowed anticoagulants are: ..." does not except them all
    allowed = [a for a in allowed if a.id != m.id and a.id not in m.classes]
    wkey = None if window is None else (window.kind, window.comparator, window.duration, window.direction,
                                        window.anchor, window.half_lives, window.combine, window.text)
    key = ("drug", m.kind, m.id, m.name if m.id == "unknown" else "", m.text if m.id == "unknown" else "", m.timing,
           wkey, tuple(sorted((a.id, a.name) for a in allowed)))
    hit = idx.cache.get(key)
    if hit is None:
        hit = idx.cache[key] = _drug_outcome(m, window, idx, allowed)
    return hit


def _drug_outcome(m: DrugMention, window: TimeWindow | None, idx: PatientIndex, allowed: list) -> Outcome:
    exclude = (lambda it: any(drug_matches(a, it) for a in allowed)) if allowed else None
    return event_outcome(m.name, idx.medications, lambda it: drug_matches(m, it), lambda it: drug_covered(m, it),
                         idx, "medications", window, check=lambda it: _timing(m, it, idx), exclude=exclude)


# -- conditions --------------------------------------------------------------------------------------------------

def _icd(code: str) -> str:
    return code.replace(".", "").upper()


def condition_matches(c: ConditionMention, it: Item) -> bool:
    mesh = it.codes.get("mesh", ())
    if mesh and (c.mesh_id or c.tree_numbers):
        if any(mesh_tree().descends(d, c.mesh_id, c.tree_numbers) for d in mesh):
            return True
    icd = it.codes.get("icd10cm", ())
    if icd and c.icd10cm and any(_icd(p).startswith(_icd(t)) for p in icd for t in c.icd10cm):
        return True
    return any(n in it.names for n in (norm(c.name), norm(c.text)) if n)


def condition_covered(c: ConditionMention, it: Item) -> bool:
    """A refuted condition rules out itself and what lies under it."""
    mesh = it.codes.get("mesh", ())
    if c.mesh_id and any(mesh_tree().descends(c.mesh_id, d, ()) for d in mesh):
        return True
    icd = it.codes.get("icd10cm", ())
    if icd and c.icd10cm and all(any(_icd(t).startswith(_icd(p)) for p in icd) for t in c.icd10cm):
        return True
    return any(n in it.names for n in (norm(c.name), norm(c.text)) if n)


def _condition_status(c: ConditionMention, it: Item, idx: PatientIndex) -> Outcome:
    ev = it.event
    src = (ev.source,) if ev.source else ()
    name = ev.name or _code_text(it)
    if "active" in c.status or "uncontrolled" in c.status or "symptomatic" in c.status:
        active = ev.active if ev.active is not None else (ev.end is None or ev.end >= idx.ref)
        return Outcome(active, f"{c.text}: {name} {'active' if active else 'not active'}", src)
    for word in ("treated", "stable", "controlled"):
        if word in c.status and word not in ev.status:
            return unknown(f"{c.text}: {name}, not known whether {word}", src)
    return Outcome(True, f"{c.text}: {name}", src)


def condition_outcome(c: ConditionMention, window: TimeWindow | None, idx: PatientIndex,
                      allowed: Iterable[ConditionMention] = ()) -> Outcome:
    allowed = list(allowed)
    exclude = (lambda it: any(condition_matches(a, it) for a in allowed)) if allowed else None
    return event_outcome(c.name or c.text, idx.conditions, lambda it: condition_matches(c, it),
                         lambda it: condition_covered(c, it), idx, "conditions", window,
                         check=lambda it: _condition_status(c, it, idx), exclude=exclude)


# -- procedures --------------------------------------------------------------------------------------------------

def procedure_matches(p: ProcedureMention, it: Item) -> bool:
    if p.id != "other" and p.id in it.codes.get("procedure", ()):
        return True
    mesh = it.codes.get("mesh", ())
    if p.mesh_id and any(mesh_tree().descends(d, p.mesh_id, ()) or d == p.mesh_id for d in mesh):
        return True
    return any(n in it.names for n in (norm(p.name), norm(p.text)) if n)


def procedure_outcome(p: ProcedureMention, window: TimeWindow | None, idx: PatientIndex) -> Outcome:
    return event_outcome(p.name, idx.procedures, lambda it: procedure_matches(p, it),
                         lambda it: procedure_matches(p, it), idx, "procedures", window)


# -- biomarkers --------------------------------------------------------------------------------------------------

def biomarker_outcome(b: BiomarkerMention, idx: PatientIndex) -> Outcome:
    from .labs import compare

    what = " ".join(x for x in (b.gene, b.variant, b.alteration, b.result) if x)
    tests = [t for t in idx.patient.biomarkers
             if (t.gene or "").upper() == (b.gene or "").upper()
             and (b.gene is not None or (t.alteration or "") == b.alteration)
             and (b.variant is None or (t.variant or "") == b.variant)
             and (b.exon is None or t.exon in (None, b.exon))]
    if not tests:
        if "biomarkers" in idx.complete and b.result in (None, "positive", "high", "deficient"):
            return Outcome(False, f"{what}: not among the complete biomarker results")
        return unknown(f"{what}: not tested in the record")
    outs = []
    for t in tests:
        src = (t.source,) if t.source else ()
        if b.comparator is not None and b.value is not None:
            if t.value is None:
                outs.append(unknown(f"{what}: no value", src))
                continue
            ok = compare(t.value, b.comparator, b.value)
            outs.append(Outcome(ok, f"{what}: {t.gene or t.alteration} {t.value:g}", src))
        elif b.result is not None and t.result is not None:
            ok = norm(t.result) == norm(b.result) or (b.result == "positive" and norm(t.result) in ("high", "deficient"))
            outs.append(Outcome(ok, f"{what}: {t.gene or t.alteration} {t.result}", src))
        elif b.result is None:
            outs.append(Outcome(norm(t.result or "positive") not in ("negative", "wild type"),
                                f"{what}: {t.result or 'found'}", src))
        else:
            outs.append(unknown(f"{what}: result not given", src))
    return any_of(outs)


# -- conditions named by text (histology, brain metastases, a cut-off's condition, an unlinked window) -----------

def named_items(idx: PatientIndex, phrases: list[str], icd: Iterable[str] = (), mesh: Iterable[str] = ()) -> list[Item]:
    icd, mesh = [_icd(c) for c in icd], list(mesh)
    out = []
    for it in idx.conditions:
        if any(_contains(n, norm(p)) for n in it.names for p in phrases) \
                or any(_icd(c).startswith(p) for c in it.codes.get("icd10cm", ()) for p in icd) \
                or any(mesh_tree().descends(d, m, ()) for d in it.codes.get("mesh", ()) for m in mesh):
            out.append(it)
    return out


def _named(what: str, idx: PatientIndex, items: list[Item]) -> Outcome:
    pos = [it for it in items if not it.event.negated]
    if pos:
        return Outcome(True, f"{what}: {pos[0].event.name or _code_text(pos[0])}",
                       tuple(it.event.source for it in pos if it.event.source))
    if items:
        return Outcome(False, f"{what}: the record says not", tuple(it.event.source for it in items if it.event.source))
    if "conditions" in idx.complete:
        return Outcome(False, f"{what}: not in the complete conditions list")
    return unknown(f"{what}: not in the record")


def histology_outcome(f: Fact, idx: PatientIndex) -> Outcome:
    value = f.value.split(">")[0]
    obs = idx.assessments.get("histology")
    if obs is not None and obs.text:
        syn = [norm(s) for s in match_rules().histology.get(value, [value])]
        ok = any(_contains(norm(obs.text), s) for s in syn)
        return Outcome(ok, f"histology {obs.text} is {'' if ok else 'not '}{value}", (obs.source,) if obs.source else ())
    return _named(f"histology {value}", idx, named_items(idx, match_rules().histology.get(value, [value])))


def brain_metastases_outcome(f: Fact, idx: PatientIndex) -> Outcome:
    bm = match_rules().brain_metastases
    items = named_items(idx, bm["names"], bm["icd10cm"], bm["mesh"])
    if f.value == "off_steroids":
        from .index import Item as _Item  # noqa: F401 - the steroid check reads medications
        steroid = DrugMention(text="corticosteroids", start=0, end=0, kind="class", id="corticosteroids",
                              name="corticosteroids", timing="current")
        on = drug_outcome(steroid, None, idx)
        return Outcome(None if on.value is None else not on.value, f"brain metastases off steroids: {on.reason}",
                       on.evidence)
    base = _named("brain metastases", idx, items)
    if f.value == "present" or base.value is None:
        return base
    if base.value is False:  # treated / stable: what is asked of brain metastases holds when there are none
        return Outcome(True, f"brain metastases {f.value}: {base.reason}", base.evidence)
    word = "stable" if f.value.startswith("stable") else f.value
    pos = [it for it in items if not it.event.negated]
    if any(word in it.event.status for it in pos):
        return Outcome(True, f"brain metastases {word}", base.evidence)
    return unknown(f"brain metastases: not known whether {word}", base.evidence)


def condition_text_outcome(text: str, idx: PatientIndex) -> Outcome:
    """A cut-off's condition ('if liver metastases', 'for patients with Gilbert's syndrome'): the patient's sex for
    'males'/'women', else a condition whose name the phrase contains. Cached per patient."""
    key = ("condition text", text)
    hit = idx.cache.get(key)
    if hit is None:
        hit = idx.cache[key] = _condition_text_outcome(text, idx)
    return hit


def _condition_text_outcome(text: str, idx: PatientIndex) -> Outcome:
    import re

    phrase = norm(re.sub(r"^\W*(?:if|when|for|in|unless|except|with|patients?|subjects?|participants?|those|who|"
                         r"have|has|having|there|is|are|known|documented|presence|of|the|a|an|\s)+\b", "",
                         text.lower()))
    if re.fullmatch(r"(?:fe)?males?|(?:wo)?men|boys?|girls?", phrase):
        sex = "female" if phrase.startswith(("fe", "wo", "girl")) else "male"
        if idx.sex is None:
            return unknown(f"{text}: sex not in the record")
        return Outcome(idx.sex == sex, f"{text}: the patient is {idx.sex}", (idx.patient.source or "Patient",))
    hits = [it for it in idx.conditions if not it.event.negated
            and any(_contains(phrase, n) or _contains(n, phrase) for n in it.names)]
    if hits:
        return Outcome(True, f"{text}: {hits[0].event.name}", tuple(it.event.source for it in hits if it.event.source))
    if "conditions" in idx.complete:
        return Outcome(False, f"{text}: no such condition in the complete list")
    return unknown(f"{text}: not known")


def unlinked_window_outcome(w: TimeWindow, clause: str | None, idx: PatientIndex) -> Outcome:
    """A window whose event the criterion does not code: the patient's dated events whose name the constrained
    clause contains, or that contain it ("surgery" in "cardiac surgery")."""
    if not clause:
        return unknown(f"{w.text.strip()}: the event it bounds is not known")
    text = norm(clause)
    items = [it for it in idx.conditions + idx.procedures + idx.medications
             if not it.event.negated and any(_contains(text, n) or _contains(n, text) for n in it.names)]
    if not items:
        return unknown(f"{clause} {w.text.strip()}: no such event in the record")
    return any_of([window_outcome(w, it, idx) for it in items])
