"""Pure: a criterion's text -> its time windows (durations and windows anchored to events).

A duration is a number (or a number word) with a time unit ("4 weeks", "28 days", "12 months", "2-4 weeks",
"three (3) months", "within a year"); an equivalent in brackets ("180 days (6 months)") is part of it. The rules,
in the order they are applied (the vocabulary is data in resources/time.json):

- Not windows: ages (a span the age rule reads as an age, "aged", "older than", "61 years or above", "Age - 18-80
  years", "between 4 months and 21 years of age", an unanchored range of years "women, 18-50 years"), life
  expectancy and expected survival ("Life expectancy: At least 12 weeks", "unlikely to survive more than 2
  weeks", "expected lifespan"), a drug's half-life, frequencies and doses per day ("every 2 weeks", "10 days per
  month", "twice a day", "at intervals of 3 min", "protein in 24 hours"), cycle lengths, a duration used as an
  adjective ("a 3-day food diary", "a three week periodicity", but "a 4-week washout" is one), a letter that is no
  unit ("2D-echo"), an hour count with no time word near it, a person's age in months ("infants 6-12 weeks old",
  but "an injury over 4 weeks old" is a window), and a lone duration that constrains nothing (an item "At least 12
  weeks" under a "Life expectancy:" heading).
- The comparator comes from the words before the duration ("within", "in the past", "at least", "no more than",
  "not longer than", "a gap of", "for"), else after it ("or more", "12 months of amenorrhea" -> at least), else
  from the direction. "5 half-lives or 28 days" and "the longer of 30 days or 10 half-lives" written before the
  duration give the half-lives and the combine as well.
- After the duration: the alternative "or 5 half-lives (of the agent)" and its combine "whichever is longer",
  bare, after a comma or in brackets (also after the anchor); then the direction and the anchor. Direction words
  are "prior to", "before", "preceding" (before), "after", "following", "post" (after), and "of", "from",
  "since", "at the time of", whose direction the anchor gives (a study anchor is after the event unless the
  event is intended: "intending to become pregnant within 6 months of screening"; a past event such as a
  diagnosis, transplant or surgery is before it unless it is planned). "ago" is before now; "thereafter" is after
  the last dose when the sentence speaks of treatment; "N post-menopausal", "postoperative" name the event
  after "post". The anchor is the longest anchor phrase that matches ("study randomization" is randomization,
  "the trial vaccination" an event, "the start of this study" enrollment, "Visit 1" screening, "signing the
  informed consent" consent, "initiation of treatment with Toca 511" first dose), read past "the date of", "the
  planned", "their"; then a named event ("hospital admission", "any 131I administration"); after "before" /
  "after", any other phrase is an event, unless it names Day 1 or cycle 1 inside ("prior to administration of
  chemotherapy on Day 1 of Cycle 1": first dose). The end of a drug treatment is the last dose; the end of prior
  radiotherapy or of a treatment the sentence calls prior is an event. "since prior chemotherapy" and "from prior
  endocrine therapy" (old NCI wording) name the event the window constrains, not an anchor: anchor none, before;
  a leading "No" stays out of the constrained clause, for ConText to read.
- Windows without a number: "in the previous year", "within past year", "the week prior to admission", "in
  the first postoperative year", and "ever", "at any time in their life" (anchor any_time, no duration).
- Half-lives alone: "less than five half-lives after the interruption of ...".
- Kind: a "within" window is a `window` unless the words just before it say a state held ("remained stable in
  the 2 months prior", "unchanged", "consecutive"); other durations are `state_duration` when introduced by "for"
  ("for at least 4 weeks", "contraception for 4 months after the last dose"; but "intake of X for 1 month prior
  to the enrollment" is a window: the intake falls in that month), when bare before a state or a treatment ("12
  months of amenorrhea", "less than 1 month of prior interferon", "at least 10 days of acyclovir", "5 years
  disease free", "4 weeks duration"), when the clause says how long ("stable", "duration", "defined as",
  "continuously"), or when the sentence names a state (amenorrhea, contraception, abstinence, remission, ...);
  "since" and "post-" are windows.
- Links: an alternative in brackets after a window takes its comparator, direction and anchor ("At least 3
  weeks since palliative chemotherapy (6 weeks for mitomycin)"); "the gap should be of four weeks" takes the
  anchor of the gap named before; a window with no anchor takes the anchor of the next one joined by "or" /
  "and" ("within 2 weeks or any other radiation therapy within 4 weeks before first dose").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..normalize.durations import iso_duration
from ..resources import time_resources
from ..schema import TextSpan, TimeWindow
from .facts.ages import extract_ages


@dataclass
class WindowDraft:
    start: int
    end: int
    kind: str
    comparator: str
    duration: str | None
    duration_high: str | None
    half_lives: float | None
    combine: str | None
    direction: str | None
    anchor: str
    anchor_span: tuple[int, int] | None
    constrains: tuple[int, int] | None
    explicit: bool = field(default=False, repr=False)  # a comparator written before the duration
    gap: bool = field(default=False, repr=False)  # "a gap of", "an interval of"
    own_time: bool = field(default=False, repr=False)  # "in the past", "ago", "since": no anchor to share


@dataclass(frozen=True)
class TimeRules:
    duration: re.Pattern[str]
    unit_of: tuple[tuple[str, re.Pattern[str]], ...]
    words: dict
    comparators: tuple[tuple[str, re.Pattern[str]], ...]
    comparator_any: re.Pattern[str]
    gap_cue: re.Pattern[str]
    anchors: tuple[tuple[str, re.Pattern[str]], ...]
    anchor_prefix: re.Pattern[str]
    event: re.Pattern[str]
    anchor_inside: tuple[tuple[str, re.Pattern[str]], ...]
    post_anchors: tuple[tuple[str, re.Pattern[str]], ...]
    before: re.Pattern[str]
    after: re.Pattern[str]
    from_: re.Pattern[str]
    join: re.Pattern[str]
    between: re.Pattern[str]
    ago: re.Pattern[str]
    thereafter: re.Pattern[str]
    treatment_period: re.Pattern[str]
    intent: re.Pattern[str]
    prior_cue: re.Pattern[str]
    any_time: re.Pattern[str]
    half_lives: re.Pattern[str]
    half_lives_alone: re.Pattern[str]
    half_lives_before: re.Pattern[str]
    combine: tuple[tuple[str, re.Pattern[str]], ...]
    combine_lead: tuple[tuple[str, re.Pattern[str]], ...]
    state: re.Pattern[str]
    state_strong: re.Pattern[str]
    state_within: re.Pattern[str]
    since_stop: re.Pattern[str]
    skip_after: re.Pattern[str]
    skip_after_years: re.Pattern[str]
    skip_before: re.Pattern[str]
    old: re.Pattern[str]
    person_cues: re.Pattern[str]
    compound_keep: re.Pattern[str]
    bare_state: re.Pattern[str]
    gap: re.Pattern[str]
    post_comparators: tuple[tuple[str, re.Pattern[str]], ...]
    implicit: tuple[re.Pattern[str], ...]


def _named(rules: list[dict], key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((c[key], re.compile(c["pattern"], re.I)) for c in rules)


def _norm_word(raw: str) -> str:
    return re.sub(r"[\s-]+", " ", raw.strip().lower())


@lru_cache(maxsize=1)
def time_rules() -> TimeRules:
    d = time_resources()
    words = {_norm_word(k): v for k, v in d["number_words"].items()}
    spelled = sorted((w for w in words if len(w) > 2), key=len, reverse=True)
    article = "(?=a)(?:" + "|".join(rf"(?<=\b{re.escape(w)}\s)" for w in d["article_after"]) + r")an?(?=\s)"
    spelled_alt = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in spelled)
    num = rf"(?:\d+(?:[.,]\d+)?|(?:{spelled_alt})\b|{article})"
    unit = "|".join(f"(?:{p})" for p in d["units"].values())
    duration = re.compile(
        rf"(?<![\w.])(?P<n1>{num})(?:\s*\(\s*\d+\s*\))?(?:\s*(?P<sep>-|–|to|or|and)\s*(?P<n2>{num})(?:\s*\(\s*\d+\s*\))?)?"
        rf"(?P<hy>[\s-]*)(?:consecutive\s+|calendar\s+|full\s+|additional\s+|continuous\s+)?(?P<unit>{unit})\b"
        rf"(?P<eq>\s*[(\[]\s*(?:approx\w*\.?\s*|about\s+|~\s*|i\.?e\.?,?\s*)?{num}[\s-]*(?:{unit})\b\s*[)\]])?", re.I)
    hl, tail = d["half_lives"], d["half_lives_tail"]
    return TimeRules(
        duration=duration,
        unit_of=tuple((k, re.compile(rf"^(?:{p})$", re.I)) for k, p in d["units"].items()),
        words=words,
        comparators=_named(d["comparators"], "comparator"),
        comparator_any=re.compile("|".join(f"(?P<c{i}>{c['pattern']})" for i, c in enumerate(d["comparators"])), re.I),
        gap_cue=re.compile(d["gap_cue"], re.I),
        anchors=_named(d["anchors"], "anchor"),
        anchor_prefix=re.compile(d["anchor_prefix"], re.I),
        event=re.compile(d["event_anchor"], re.I),
        anchor_inside=_named(d["anchor_inside"], "anchor"),
        post_anchors=_named(d["post_anchors"], "anchor"),
        before=re.compile(rf"\s*(?:{d['direction_before']})\s+", re.I),
        after=re.compile(rf"\s*(?:{d['direction_after']})\s+", re.I),
        from_=re.compile(rf"\s*(?:{d['direction_from']})\s+", re.I),
        join=re.compile(d["direction_join"], re.I),
        between=re.compile(d["direction_between"], re.I),
        ago=re.compile(d["ago"], re.I),
        thereafter=re.compile(d["thereafter"], re.I),
        treatment_period=re.compile(d["treatment_period"], re.I),
        intent=re.compile(d["intent"], re.I),
        prior_cue=re.compile(d["prior_cue"], re.I),
        any_time=re.compile(d["any_time"], re.I),
        half_lives=re.compile(rf"\s*,?\s*[(\[]?\s*(?:or|and/or)\s+(?:at\s+least\s+)?{hl}{tail}\s*,?", re.I),
        half_lives_alone=re.compile(rf"(?<![\w.]){hl}{tail}", re.I),
        half_lives_before=re.compile(rf"{hl}{tail}\s*,?\s*(?:or|and/or)\s*$", re.I),
        combine=tuple((k, re.compile(rf"\s*[,;]?\s*[(\[]?\s*,?\s*(?:{v})\s*[)\]]?\s*,?", re.I)) for k, v in d["combine"].items()),
        combine_lead=tuple((k, re.compile(v, re.I)) for k, v in d["combine_lead"].items()),
        state=re.compile(d["state_cues"], re.I),
        state_strong=re.compile(d["state_strong"], re.I),
        state_within=re.compile(d["state_within"], re.I),
        since_stop=re.compile(d["since_stop"]),
        skip_after=re.compile(d["skip_after"], re.I),
        skip_after_years=re.compile(d["skip_after_years"], re.I),
        skip_before=re.compile(d["skip_before"], re.I),
        old=re.compile(d["old"], re.I),
        person_cues=re.compile(d["person_cues"], re.I),
        compound_keep=re.compile(d["compound_keep"], re.I),
        bare_state=re.compile(d["bare_state"], re.I),
        gap=re.compile(d["gap_before_direction"], re.I),
        post_comparators=_named(d["post_comparators"], "comparator"),
        implicit=tuple(re.compile(p, re.I) for p in [d["implicit_one"], *d["implicit_more"]]),
    )


_UNIT_WORD = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H"}
_BEFORE_REL = {"last", "past", "previous", "preceding", "prior", "recent"}
_AFTER_REL = {"following", "next", "coming"}
_STUDY_ANCHORS = {"first_dose", "enrollment", "randomization", "registration", "screening", "consent"}


def _number(raw: str, words: dict) -> float:
    raw = _norm_word(raw)
    if raw in words:
        return float(words[raw])
    return float(raw.replace(",", "."))


def _sentence_start(work: str, pos: int) -> int:
    return max((x.end() for x in re.finditer(r"[.;](?=\s)", work[:pos])), default=0)


def _clause_start(work: str, pos: int) -> int:
    return max((x.end() for x in re.finditer(r"[,;(\[]|[.:](?=\s)|\s[-–]\s", work[:pos])), default=0)


def extract_windows(text: str) -> list[WindowDraft]:
    """Every time window of a criterion's text (offsets into it)."""
    r = time_rules()
    work = text.replace("\n", " ").replace("\r", " ")
    lower = work.lower()
    ages = _Ages(work)
    out = [w for m in r.duration.finditer(work) if (w := _window(work, m, r, ages)) is not None]
    if "half" in lower:
        out += _half_lives_alone(work, out, r)
    if any(u in lower for u in ("year", "month", "week", "day", "hour")):
        out += _implicit_windows(work, out, r)
    if "ever" in lower or "any " in lower or "life" in lower:
        out += _any_time(work, out, r)
    out.sort(key=lambda w: w.start)
    _link(work, out)
    return out


def windows(text: str, base: int = 0) -> list[TimeWindow]:
    """The time windows of the criterion `text`, whose offset in the eligibility text is `base`."""
    def span(s: tuple[int, int] | None) -> TextSpan | None:
        return TextSpan(text=text[s[0] : s[1]], start=s[0] + base, end=s[1] + base) if s else None

    return [TimeWindow(text=text[w.start : w.end], start=w.start + base, end=w.end + base, kind=w.kind,
                       comparator=w.comparator, duration=w.duration, duration_high=w.duration_high,
                       half_lives=w.half_lives, combine=w.combine, direction=w.direction, anchor=w.anchor,
                       anchor_text=span(w.anchor_span), constrains=span(w.constrains))
            for w in extract_windows(text)]


# --- what is no window ---------------------------------------------------------------------------------------


class _Ages:
    """The spans the age rule reads as ages, computed once and only when a duration in years or months needs them."""

    def __init__(self, work: str):
        self.work, self.spans = work, None

    def overlap(self, a: int, b: int) -> bool:
        if self.spans is None:
            self.spans = [(f.start, f.end) for f in extract_ages(self.work)]
        return any(x < b and a < y for x, y in self.spans)



def _skipped(work: str, m: re.Match, unit: str, r: TimeRules, ages: _Ages, lead: "_Lead") -> bool:
    """Ages, life expectancy, frequencies, cycle lengths, adjectives ("a 3-day diary"), a specimen ("24-h urine")."""
    a, b = m.start(), m.end()
    before, after = work[max(0, a - 60) : a], work[b : b + 120]
    if r.skip_after.match(after) or r.skip_before.search(before):
        return True
    if unit == "Y" and r.skip_after_years.match(after):
        return True
    if unit == "Y" and m.group("n2") and lead.comparator is None and not (r.before.match(after) or r.after.match(after)
                                                                          or r.from_.match(after) or r.ago.match(after)) \
            and not re.search(r"\b(?:of|for|since|history|duration|than|least|most|within|over|during|past|last)\s*$", before, re.I):
        return True  # "Premenopausal women, 18-50 years": a range of years that nothing anchors is an age
    if r.old.match(after):  # "6 months old" of a person is an age; "surgery of at least three months old" is not
        c0 = _clause_start(work, a)
        head = " ".join(re.findall(r"[A-Za-z]+", work[c0 : lead.start])[-2:])
        return unit == "Y" or bool(r.person_cues.search(head)) or not re.search(r"[a-z]{3}", work[c0:a], re.I)
    has_cmp = lead.comparator is not None
    if unit == "H" and not has_cmp and not re.search(
            r"within|prior|before|after|since|during|past|last|preceding|following", before[-30:] + after[:25], re.I):
        return True
    adjective = "-" in m.group("hy") or (
        re.fullmatch(r"day|week|month|year|hour", m.group("unit"), re.I) and not re.fullmatch(r"1|one|an?", m.group("n1"), re.I))
    if adjective and not has_cmp and not r.compound_keep.match(after) and not (
            r.before.match(after) or r.after.match(after) or r.from_.match(after) or re.match(r"[\s(]*post", after, re.I)) \
            and re.match(r"\s+[a-z]", after, re.I):
        return True  # "a 3-day food diary", "28-day cycles", "a three week periodicity"
    return unit in ("Y", "M") and lead.comparator != "within" and ages.overlap(a, b)


# --- one window ----------------------------------------------------------------------------------------------


@dataclass
class _Lead:
    """What the words before a duration say."""
    comparator: str | None
    start: int
    for_: bool = False
    gap: bool = False
    rel: str | None = None
    half: float | None = None
    combine: str | None = None


def _comparator_before(work: str, pos: int, r: TimeRules) -> _Lead:
    """The comparator from the words right before the duration, and where the window starts."""
    lo = max(0, pos - 80)
    before = work[lo:pos]
    half = combine = None
    start = pos
    hm = r.half_lives_before.search(before) if "half" in before.lower() else None  # "within 5 half-lives or 28 days"
    if hm:
        half, start, before = _number(hm.group(1), r.words), lo + hm.start(), before[: hm.start()]
    for which, pattern in r.combine_lead if " of" in before else ():  # "within the longer of 30 days or ..."
        cm = pattern.search(before)
        if cm:
            combine, start, before = which, lo + cm.start(), before[: cm.start()]
            break
    # the comparator phrase ends where the duration starts: one search of every rule, the longest phrase wins
    cm = r.comparator_any.search(before, max(0, len(before) - 45))
    if cm and cm.group(0).strip():
        name, text = r.comparators[int(cm.lastgroup[1:])][0], cm.group(0)
        c_start = lo + cm.start() + (len(text) - len(text.lstrip(" ([")))
        words = set(re.findall(r"[a-z]+", text.lower()))
        rel = "before" if words & _BEFORE_REL else "after" if words & _AFTER_REL else None
        for_ = name != "within" and (text.lstrip().lower().startswith("for") or bool(re.search(r"\bfor\s+$", work[:c_start])))
        return _Lead(name, c_start, for_, bool(r.gap_cue.search(text)), rel, half, combine)
    return _Lead(None, start, False, False, None, half, combine)


def _window(work: str, m: re.Match, r: TimeRules, ages: _Ages) -> WindowDraft | None:
    unit = next(k for k, p in r.unit_of if p.match(m.group("unit")))
    lead = _comparator_before(work, m.start(), r)
    if _skipped(work, m, unit, r, ages, lead):
        return None
    try:
        v1 = _number(m.group("n1"), r.words)
        v2 = _number(m.group("n2"), r.words) if m.group("n2") else None
    except ValueError:
        return None
    num_start = m.start()
    if m.group("sep") and m.group("sep").lower() == "and" and not re.search(r"between\s*$", work[: m.start()], re.I):
        v1, v2, num_start = v2, None, m.start("n2")  # "1 and 2 weeks" without "between": the second number
    if v2 is not None and v2 <= v1:
        v2 = None  # "2 or 2 weeks", a second number that bounds nothing
    if num_start != m.start():
        lead = _comparator_before(work, num_start, r)
    comparator, start = lead.comparator, lead.start
    half, combine, pos = _alternative(work, m.end(), r)
    half = half if half is not None else lead.half
    combine = combine or lead.combine
    post_cmp, bare, (direction, anchor, anchor_span, end, since) = _after_duration(work, m, r, lead, comparator, pos)
    half, combine, end = _half_lives_and_combine(work, r, half, combine, end)
    if direction is None and lead.rel:
        direction = lead.rel
    if direction is None and r.old.match(work[m.end() : m.end() + 20]):
        direction = "before"  # "appendectomy, of at least three months old"
    end = max(end, pos if (combine or half) else m.end())
    if anchor == "last_dose" and anchor_span and not re.search(r"\b(?:study|trial|investigational|dose|doses|dosing|administration|infusion|injection)\b",
                                                               work[anchor_span[0] : anchor_span[1]], re.I) \
            and r.prior_cue.search(work[_sentence_start(work, start) : start]):
        anchor = "event"  # "treated prior to enrollment, must be stable for 8 weeks after completion of treatment"
    comparator, kind = _comparator_and_kind(work, r, lead, start, num_start, end, comparator, post_cmp, bare,
                                            direction, anchor, anchor_span, since)
    while end > start and work[end - 1] in " \t,":
        end -= 1
    constrains = _constrained(work, start) or since
    if anchor == "none" and since is None and not lead.for_ and not re.search(r"[a-z]{2}", work[:start] + work[end:], re.I):
        return None  # "At least 12 weeks" alone: a value whose label is elsewhere
    if _dangling(work, anchor, kind, anchor_span):
        return None
    return WindowDraft(start, end, kind, comparator, iso_duration(v1, unit),
                       iso_duration(v2, unit) if v2 is not None else None, half, combine, direction, anchor,
                       anchor_span, constrains, explicit=lead.comparator is not None, gap=lead.gap,
                       own_time=bool(lead.rel) or since is not None or direction == "before" and anchor == "none" and end > m.end())


def _after_duration(work: str, m: re.Match, r: TimeRules, lead, comparator: str | None, pos: int) -> tuple:
    """What follows the duration: a comparator ("or more"), a bare state ("of amenorrhea", "disease free"), and
    the direction and anchor -> (post comparator, bare, (direction, anchor, anchor span, end, since))."""
    post_cmp, after_pos = None, m.end()
    for name, pattern in r.post_comparators:
        pm = pattern.match(work[m.end() : m.end() + 60])
        if pm:
            post_cmp, after_pos = name, m.end() + pm.end()
            break
    bm = r.bare_state.match(work[after_pos : after_pos + 80])
    bare = bool(bm) and comparator != "within"
    if bare:
        direction, anchor, anchor_span, end, since = lead.rel, "none", None, pos, None
        state_end = after_pos + bm.end() + len(re.match(r"[\w-]*", work[after_pos + bm.end() :]).group(0))
        d2, a2, s2, e2, _ = _direction_and_anchor(work, state_end, r)  # "24 months without menses before screening"
        if a2 != "none" and re.match(r"\s*(?:before|prior\s+to|after|following|preceding)\b", work[state_end:], re.I):
            direction, anchor, anchor_span, end = d2, a2, s2, e2
    else:
        direction, anchor, anchor_span, end, since = _direction_and_anchor(work, pos, r)
        if comparator != "within" and anchor == "none" and since is None and \
                re.match(r"\s+of\s+(?:the\s+|a\s+|an\s+|prior\s+|previous\s+)?[a-z]", work[after_pos : after_pos + 30], re.I):
            bare = True  # "at least 10 days of acyclovir": how long the treatment lasted
    return post_cmp, bare, (direction, anchor, anchor_span, end, since)


def _half_lives_and_combine(work: str, r: TimeRules, half, combine, end: int) -> tuple:
    """Half-lives and "whichever is longer" written after the anchor -> (half-lives, combine, end)."""
    if half is None:
        hm = r.half_lives.match(work, end)  # "4 weeks prior to randomization, or 5 half-lives, if known (whichever is longer)"
        if hm:
            half, end = _number(hm.group(1), r.words), hm.end()
    if combine is None:
        for which, pattern in r.combine:  # "... prior to the first dose, whichever is longer"
            cm = pattern.match(work, end)
            if cm and cm.group(0).strip(" ,"):
                combine, end = which, cm.end()
                break
    return half, combine, end


def _comparator_and_kind(work: str, r: TimeRules, lead, start: int, num_start: int, end: int, comparator: str | None,
                         post_cmp: str | None, bare: bool, direction: str | None, anchor: str, anchor_span,
                         since) -> tuple[str, str]:
    """The window's comparator (written, or implied by its direction, anchor and kind) and its kind."""
    bare_for = lead.for_ and comparator == "at_least" and bool(re.fullmatch(r"for\s*", work[start:num_start], re.I))
    intake = bare_for and direction == "before" and anchor != "none"
    post_event = bool(anchor_span and re.match(r"post", work[anchor_span[0] : anchor_span[1]], re.I))
    if comparator is None:
        comparator = post_cmp or ("at_least" if bare else None)
    if comparator is None and direction == "before" and since is None:
        comparator = "within"  # "a pregnancy test 1 week before beginning treatment"
    kind = _kind(work, start, end, comparator, lead, bare, since, anchor_span, intake, r)
    if comparator is None:
        if direction == "after" and not post_event:
            period = re.search(r"\b(?:period|up\s+to|until|ending|through)\b", work[_sentence_start(work, start) : start], re.I)
            comparator = "within" if kind == "window" and period else "at_least"
        elif since is not None or post_event or kind == "state_duration":
            comparator = "at_least"  # "2 years post-menopausal", "6 weeks since surgery", "amenorrhea 12 months"
        else:
            comparator = "within"
    elif intake and kind == "window":
        comparator = "within"  # "intake of X for 1 month prior to enrollment": the intake falls in that month
    return comparator, kind


def _dangling(work: str, anchor: str, kind: str, anchor_span: tuple[int, int] | None) -> bool:
    """'the follow-up visit one month after': a time of the protocol, not a window of the criterion."""
    return anchor == "event" and kind == "window" and anchor_span is not None and \
        work[anchor_span[0] : anchor_span[1]].lower() == "after"


def _alternative(work: str, pos: int, r: TimeRules) -> tuple[float | None, str | None, int]:
    """'or 5 half-lives', '(whichever is longer)': (half-lives, combine, where the rest starts)."""
    half, combine = None, None
    hm = r.half_lives.match(work, pos)
    if hm:
        half, pos = _number(hm.group(1), r.words), hm.end()
    for which, pattern in r.combine:
        cm = pattern.match(work, pos)
        if cm:
            combine, pos = which, cm.end()
            break
    if half is not None or combine:
        close = re.match(r"\s*[)\]]", work[pos:])
        if close and work[:pos].count("(") + work[:pos].count("[") > work[:pos].count(")") + work[:pos].count("]"):
            pos += close.end()
    return half, combine, pos


def _best_anchor(work: str, pos: int, r: TimeRules) -> tuple[str, tuple[int, int]] | None:
    """The longest anchor phrase at pos (ties: the order of resources/time.json)."""
    best = None
    starts = {pos}
    pm = r.anchor_prefix.match(work, pos)  # "the date of informed consent", "the planned start of treatment"
    if pm and pm.end() > pos:
        starts.add(pm.end())
    for at in sorted(starts):
        for name, pattern in r.anchors:
            am = pattern.match(work, at)
            if am and am.group(0).strip() and (best is None or am.end() > best[1][1]):
                best = (name, (pos + len(work[pos:am.start()]) - len(work[pos:am.start()].lstrip()) if at > pos else
                               am.start() + len(am.group(0)) - len(am.group(0).lstrip()), am.end()))
    return best


def _direction_and_anchor(work: str, pos: int, r: TimeRules
                          ) -> tuple[str | None, str, tuple[int, int] | None, int, tuple[int, int] | None]:
    """Direction, anchor, the anchor's span, where the window ends, and the event a 'since' names."""
    p = pos
    gap = r.gap.match(work, p)  # "90 days for male patients after last dose"
    if gap:
        p = gap.end()
    am = r.ago.match(work, p)
    if am:
        return "before", "none", None, am.end(), None
    tm = r.thereafter.match(work, p)
    if tm:
        anchor = "last_dose" if r.treatment_period.search(work[_sentence_start(work, pos) : pos]) else "event"
        return "after", anchor, (tm.start() + len(tm.group(0)) - len(tm.group(0).lstrip()), tm.end()), tm.end(), None
    ws = re.match(r"[\s(]*", work[p:]).end()
    for name, pattern in r.post_anchors:  # "2 years post-menopausal", "6 weeks postpartum"
        pm = pattern.match(work, p + ws)
        if pm:
            return "after", name, (pm.start(), pm.end()), pm.end(), None
    bm = r.between.match(work, p)  # "a gap of two weeks between the last surgery and the day of randomization"
    if bm:
        best = _best_anchor(work, bm.end(), r)
        if best:
            return "before", best[0], best[1], best[1][1], None
    paren = re.match(r"\s*[(\[]\s*", work[p:])
    probe = p + paren.end() if paren else p
    for dname, pattern in (("before", r.before), ("after", r.after), ("from", r.from_)):
        dm = pattern.match(work, p) or (pattern.match(work, probe) if paren else None)
        if dm:
            return _anchor_after(work, dname, dm, pos, r)
    return None, "none", None, pos, None


def _anchor_after(work: str, dname: str, dm: re.Match, pos: int, r: TimeRules
                  ) -> tuple[str | None, str, tuple[int, int] | None, int, tuple[int, int] | None]:
    word = " ".join(dm.group(0).split()).lower()
    tail = dm.end()
    jm = r.join.match(work, tail)  # "prior to and throughout the study"
    if jm:
        tail = jm.end()
    best = _best_anchor(work, tail, r)
    prior_from = word == "from" and best is None and re.match(r"(?:the\s+)?(?:prior|previous|last|any)\b", work[tail : tail + 20], re.I)
    if dname == "from" and (word == "since" or prior_from) and (best is None or best[0] != "diagnosis"):
        phrase = re.match(r"[^.;,()\[\]]{2,80}", work[tail:])  # "since prior chemotherapy": the event, no anchor
        if phrase:
            text = phrase.group(0)
            stop = r.since_stop.search(text)
            text = text[: stop.start()] if stop and stop.start() > 1 else text
            span = (tail, tail + len(text.rstrip()))
            return "before", "none", None, span[1], span
        return "before", "none", None, pos, None
    if best is None:
        em = r.event.match(work, tail)
        if em and em.group(0).strip():
            best = ("event", (tail, tail + len(em.group(0).rstrip())))
        elif dname != "from":
            ev = re.match(r"[^.;,()]{2,60}", work[tail:])
            if ev:
                best = ("event", (tail, tail + len(ev.group(0).rstrip())))
        if best is not None and dname != "from":
            for name, pattern in r.anchor_inside:  # "prior to administration of chemotherapy on Day 1 of Cycle 1"
                if pattern.search(work[best[1][0] : best[1][1]]):
                    best = (name, best[1])
                    break
    if best is None:
        return None, "none", None, pos, None
    anchor, span = best
    if dname == "after" and anchor == "first_dose" and re.fullmatch(r"(?:the\s+)?(?:study\s+)?(?:treatment|therapy|dosing)",
                                                                    work[span[0] : span[1]], re.I):
        anchor = "last_dose"  # "for 30 days after treatment": after it ends
    if dname != "from":
        return dname, anchor, span, span[1], None
    if word.startswith(("at", "as")):
        return "before", anchor, span, span[1], None
    if anchor == "last_dose":
        return "after", anchor, span, span[1], None
    if anchor in _STUDY_ANCHORS:
        clause = work[_clause_start(work, pos) : pos]
        return ("after" if r.intent.search(clause) else "before"), anchor, span, span[1], None
    planned = re.search(r"\b(?:planned|scheduled|next|upcoming|future|any|each|every)\b", work[span[0] : span[1]], re.I)
    return ("before" if planned else "after"), anchor, span, span[1], None


def _kind(work: str, start: int, end: int, comparator: str | None, lead: _Lead, bare: bool,
          since: tuple[int, int] | None, anchor_span: tuple[int, int] | None, intake: bool, r: TimeRules) -> str:
    """state_duration when the duration says how long a state lasts (see the module docstring)."""
    clause = work[_clause_start(work, start) : end]
    if comparator == "within" and not lead.for_:
        near = work[max(_clause_start(work, start), start - 50) : end]
        return "state_duration" if r.state_within.search(near) else "window"
    if bare:
        return "state_duration"
    if r.state_strong.search(clause):
        return "state_duration"
    if since is not None or (anchor_span and re.match(r"post", work[anchor_span[0] : anchor_span[1]], re.I)):
        return "window"
    sentence = work[_sentence_start(work, start) : end]
    if lead.for_ and not intake:
        return "state_duration"
    return "state_duration" if r.state.search(sentence) else "window"


def _constrained(work: str, start: int) -> tuple[int, int] | None:
    """The clause before the window: the event, drug or condition it constrains."""
    clause = work[:start]
    cut = max((x.end() for x in re.finditer(r"[.;:](?=\s)|\(|\bor\b|\band\b|,", clause)), default=0)
    c_start = cut + (len(clause[cut:]) - len(clause[cut:].lstrip()))
    neg = re.match(r"(?:no|not|without|never|none\s+of|absence\s+of)\s+", work[c_start:start], re.I)
    if neg:
        c_start += neg.end()  # the negation is the context of what is constrained, not part of it
    c_end = start
    while c_end > c_start and work[c_end - 1] in " \t,":
        c_end -= 1
    return (c_start, c_end) if c_end > c_start and re.search(r"[a-z]", work[c_start:c_end], re.I) else None


def constrained_clause(text: str, start: int) -> tuple[int, int] | None:
    """The clause of `text` before offset `start` that a window there constrains (as `constrains` is found)."""
    return _constrained(text.replace("\n", " ").replace("\r", " "), start)


# --- windows without a number ------------------------------------------------------------------------------


def _overlaps(a: int, b: int, found: list[WindowDraft]) -> bool:
    return any(w.start < b and a < w.end for w in found)


def _half_lives_alone(work: str, found: list[WindowDraft], r: TimeRules) -> list[WindowDraft]:
    """'less than five half-lives after the interruption of ...': half-lives with no duration."""
    out = []
    for m in r.half_lives_alone.finditer(work):
        if _overlaps(m.start(), m.end(), found):
            continue
        lead = _comparator_before(work, m.start(), r)
        direction, anchor, anchor_span, end, _ = _direction_and_anchor(work, m.end(), r)
        out.append(WindowDraft(lead.start, max(end, m.end()), "window", lead.comparator or "within", None, None,
                               _number(m.group(1), r.words), None, direction or lead.rel, anchor, anchor_span,
                               _constrained(work, lead.start), explicit=lead.comparator is not None))
    return out


def _implicit_windows(work: str, found: list[WindowDraft], r: TimeRules) -> list[WindowDraft]:
    """'in the previous year', 'the week prior to admission', 'in the first postoperative year': one unit."""
    out: list[WindowDraft] = []
    for pattern in r.implicit:
        for m in pattern.finditer(work):
            if _overlaps(m.start(), m.end(), found + out):
                continue
            unit = _UNIT_WORD[m.group("unit").lower()]
            g = m.groupdict()
            rel = (g.get("rel") or "").lower()
            direction = "before" if rel in _BEFORE_REL else "after" if rel in _AFTER_REL else None
            anchor, anchor_span, end = "none", None, m.end()
            if g.get("post"):
                for name, pp in r.post_anchors:
                    if pp.fullmatch(g["post"].replace(" ", "")) or pp.match(g["post"]):
                        anchor, anchor_span, direction = name, m.span("post"), "after"
                        break
                if anchor == "none" and re.match(r"post", g["post"], re.I):
                    anchor, anchor_span, direction = "event", m.span("post"), "after"
            else:
                d2, a2, s2, e2, _ = _direction_and_anchor(work, m.end(), r)
                if a2 != "none":
                    direction, anchor, anchor_span, end = d2, a2, s2, e2
            if anchor == "none" and direction is None and not g.get("cmp"):
                continue  # "the week" with nothing it is before or after
            near = work[max(_clause_start(work, m.start()), m.start() - 50) : end]
            kind = "state_duration" if r.state_within.search(near) else "window"
            if _dangling(work, anchor, kind, anchor_span):
                continue
            out.append(WindowDraft(m.start(), end, kind, "within", iso_duration(1, unit), None, None, None, direction,
                                   anchor, anchor_span, _constrained(work, m.start()), own_time=bool(rel)))
    return out


def _any_time(work: str, found: list[WindowDraft], r: TimeRules) -> list[WindowDraft]:
    """'has ever been', 'at any point in their lifetime': a window at any time before now, without a duration."""
    out = []
    for m in r.any_time.finditer(work):
        if _overlaps(m.start(), m.end(), found):
            continue
        out.append(WindowDraft(m.start(), m.end(), "window", "within", None, None, None, None, "before", "any_time",
                               (m.start(), m.end()), _constrained(work, m.start()), own_time=True))
    return out


# --- windows that lean on each other -----------------------------------------------------------------------


def _link(work: str, out: list[WindowDraft]) -> None:
    """Ranges written with two units, alternatives in brackets, a gap named again, and an anchor shared across 'or' /
    'and'."""
    i = 0
    while i < len(out) - 1:  # "between 12 weeks to 24 weeks prior to randomization"
        a, b = out[i], out[i + 1]
        if a.anchor == "none" and a.duration and b.duration and a.duration_high is None and b.duration_high is None \
                and not b.explicit and a.duration[-1] == b.duration[-1] and a.duration.startswith("PT") == b.duration.startswith("PT") \
                and re.fullmatch(r"\s*(?:to|-|–|and)\s*", work[a.end : b.start]):
            a.duration_high, a.end = b.duration, b.end
            a.direction, a.anchor, a.anchor_span = b.direction or a.direction, b.anchor, b.anchor_span
            del out[i + 1]
            continue
        i += 1
    for i, b in enumerate(out):
        if i == 0:
            continue
        a = out[i - 1]
        between = work[a.end : b.start]
        in_sentence = not re.search(r"[.;](?:\s|$)", between)
        if (re.search(r"[(\[]\s*$", work[: b.start]) and in_sentence
                and len(between) <= 80 and b.duration is not None and a.duration is not None):
            # "At least 3 weeks since palliative chemotherapy (6 weeks for mitomycin or nitrosoureas)"
            b.comparator = b.comparator if b.explicit else a.comparator
            if b.anchor == "none":
                b.direction, b.anchor, b.kind = a.direction, a.anchor, a.kind
                close = re.match(r"[^()\[\]]{0,80}?[)\]]", work[b.end :])
                if close:
                    b.end += len(close.group(0)) - 1
            continue
        if b.gap and b.anchor == "none":
            prev = next((w for w in reversed(out[:i]) if w.gap and w.anchor != "none"), None)
            if prev is not None:
                b.anchor, b.direction = prev.anchor, prev.direction
    for a, b in zip(out, out[1:]):
        between = work[a.end : b.start]
        if a.anchor == "none" and b.anchor != "none" and not a.own_time and a.kind == b.kind and len(between) <= 60 \
                and re.search(r"\b(?:or|and)\b", between) and not re.search(r"[.;](?:\s|$)", between):
            a.anchor, a.direction = b.anchor, b.direction
