"""Pure: a criterion's text -> its time windows (durations and windows anchored to events).

A duration is a number (or a number word) with a time unit ("4 weeks", "28 days", "12 months", "2-4 weeks",
"three (3) months"). Its comparator comes from the words before it ("within", "at least", "more than", "up
to", "for"), its direction and anchor from the words after it ("prior to first dose of study treatment",
"after the last dose", "of entry", "before randomization"). "or 5 half-lives, whichever is longer" adds
an alternative combined by max. The event, drug or condition it constrains is the clause before it. States
that last ("stable for at least 4 weeks", "12 months of amenorrhea", contraception "for 4 months after the last
dose") are `state_duration`; the rest are `window`. Frequencies ("every 2 weeks"), ages, cycle lengths and
life expectancy are not time windows. The vocabulary is data in resources/time.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize.durations import iso_duration
from ..resources import time_resources
from ..schema import TextSpan, TimeWindow


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


@dataclass(frozen=True)
class TimeRules:
    duration: re.Pattern[str]
    unit_of: tuple[tuple[str, re.Pattern[str]], ...]
    words: dict
    comparators: tuple[tuple[str, re.Pattern[str]], ...]
    anchors: tuple[tuple[str, re.Pattern[str]], ...]
    before: re.Pattern[str]
    after: re.Pattern[str]
    any_time: re.Pattern[str]
    half_lives: re.Pattern[str]
    combine: tuple[tuple[str, re.Pattern[str]], ...]
    state: re.Pattern[str]
    skip_after: re.Pattern[str]
    skip_before: re.Pattern[str]
    bare_state: re.Pattern[str]
    gap: re.Pattern[str]
    event_nouns: re.Pattern[str]
    post_comparators: tuple[tuple[str, re.Pattern[str]], ...]
    implicit_one: re.Pattern[str]


def _named(rules: list[dict], key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((c[key], re.compile(c["pattern"], re.I)) for c in rules)


@lru_cache(maxsize=1)
def time_rules() -> TimeRules:
    d = time_resources()
    words = {k.lower(): v for k, v in d["number_words"].items()}
    num = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted((w for w in words if len(w) > 2), key=len, reverse=True)) + ")"
    unit = "|".join(f"(?:{p})" for p in d["units"].values())
    duration = re.compile(
        rf"(?<![\w.])(?P<n1>{num})(?:\s*\(\s*\d+\s*\))?(?:\s*(?:-|–|to|or)\s*(?P<n2>{num}))?[\s-]*(?:consecutive\s+|calendar\s+|full\s+)?(?P<unit>{unit})\b", re.I)
    return TimeRules(
        duration=duration,
        unit_of=tuple((k, re.compile(rf"^(?:{p})$", re.I)) for k, p in d["units"].items()),
        words=words,
        comparators=_named(d["comparators"], "comparator"),
        anchors=_named(d["anchors"], "anchor"),
        before=re.compile(rf"\s*(?:{d['direction_before']})\s+", re.I),
        after=re.compile(rf"\s*(?:{d['direction_after']})\s+", re.I),
        any_time=re.compile(d["any_time"], re.I),
        half_lives=re.compile(rf"\s*,?\s*{d['half_lives']}", re.I),
        combine=tuple((k, re.compile(v, re.I)) for k, v in d["combine"].items()),
        state=re.compile(d["state_cues"], re.I),
        skip_after=re.compile(d["skip_after"], re.I),
        skip_before=re.compile(d["skip_before"], re.I),
        bare_state=re.compile(d["bare_state"], re.I),
        gap=re.compile(d["gap_before_direction"], re.I),
        event_nouns=re.compile(d["event_nouns"], re.I),
        post_comparators=_named(d["post_comparators"], "comparator"),
        implicit_one=re.compile(d["implicit_one"], re.I),
    )


def _number(raw: str, words: dict) -> float:
    raw = raw.lower().replace(",", ".")
    return float(words[raw]) if raw in words else float(raw)


_CLAUSE_START = re.compile(r"[.;:](?=\s)|\(|\bor\b|\band\b|,")


def extract_windows(text: str) -> list[WindowDraft]:
    """Every time window of a criterion's text (offsets into it)."""
    r = time_rules()
    work = text.replace("\n", " ").replace("\r", " ")
    out = [w for m in r.duration.finditer(work) if (w := _window(work, m, r)) is not None]
    out += _implicit_windows(work, out, r)
    out.sort(key=lambda w: w.start)
    _share_anchors(work, out)
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


def _skipped(work: str, m: re.Match, r: TimeRules) -> bool:
    """Frequencies, ages, cycle lengths, life expectancy, a specimen ("24-h urine")."""
    before_text = work[max(0, m.start() - 40) : m.start()]
    after_text = work[m.end() : m.end() + 120]
    if r.skip_after.match(after_text) or r.skip_before.search(before_text):
        return True
    if m.group("unit").lower() == "h":
        return not re.search(r"within|prior|before|after", before_text + after_text[:20], re.I)
    return False


def _window(work: str, m: re.Match, r: TimeRules) -> WindowDraft | None:
    if _skipped(work, m, r):
        return None
    unit = next(k for k, p in r.unit_of if p.match(m.group("unit")))
    try:
        v1 = _number(m.group("n1"), r.words)
        v2 = _number(m.group("n2"), r.words) if m.group("n2") else None
    except ValueError:
        return None
    comparator, start = _comparator_before(work, m, r)
    half, combine, pos = _alternative(work, m.end(), r)
    direction, anchor, anchor_span, pos = _direction_and_anchor(work, pos, r)
    if anchor == "none" and r.any_time.search(work[m.start() - 30 : m.end() + 30]):
        anchor = "any_time"
    end = anchor_span[1] if anchor_span else pos
    if combine:
        end = max(end, pos)
    comparator = comparator or _comparator_after(work, m.end(), direction, r)
    kind = _kind(work, start, end, r)
    if kind == "window" and direction == "before" and re.fullmatch(r"for\s*", work[start : m.start()], re.I):
        comparator = "within"  # "intake of X for 1 month prior to enrollment": the event falls in that month
    while end > start and work[end - 1] in " \t,":
        end -= 1
    return WindowDraft(start, end, kind, comparator, iso_duration(v1, unit),
                       iso_duration(v2, unit) if v2 is not None else None, half, combine, direction, anchor,
                       anchor_span, _constrained(work, start))


def _comparator_before(work: str, m: re.Match, r: TimeRules) -> tuple[str | None, int]:
    """The comparator from the words right before the duration, and where the window starts."""
    before_text = work[max(0, m.start() - 40) : m.start()]
    for name, pattern in r.comparators:
        cm = pattern.search(before_text)
        if cm and cm.group(0).strip():
            return name, m.start() - (len(before_text) - cm.start())
    return None, m.start()


def _alternative(work: str, pos: int, r: TimeRules) -> tuple[float | None, str | None, int]:
    """'or 5 half-lives', 'whichever is longer': (half-lives, combine, where the rest starts)."""
    half, combine = None, None
    hm = r.half_lives.match(work, pos)
    if hm:
        half, pos = _number(hm.group(1), r.words), hm.end()
    rest = work[pos : pos + 120]
    comb_probe = re.match(r"\s*(?:of\s+(?:the\s+)?(?:agent|drug|treatment|therapy|medication)s?\s*)?,?\s*", rest)
    for which, pattern in r.combine:
        cm = pattern.match(rest, comb_probe.end() if comb_probe else 0)
        if cm:
            combine = which
            pos += cm.end()
            pos += len(work[pos:]) - len(work[pos:].lstrip(" ,"))
            break
    return half, combine, pos


def _direction_and_anchor(work: str, pos: int, r: TimeRules) -> tuple[str | None, str, tuple[int, int] | None, int]:
    """'prior to first dose', 'after the last dose', 'of entry', 'since diagnosis' after the duration: direction,
    anchor, the anchor's span, and where the window's words end when no anchor is found."""
    gap = r.gap.match(work, pos)  # "90 days for male patients after last dose"
    if gap:
        pos = gap.end()
    paren = re.match(r"\s*\(\s*", work[pos:])
    probe = pos + paren.end() if paren else pos
    for dname, pattern in (("before", r.before), ("after", r.after)):
        dm = pattern.match(work, pos) or (pattern.match(work, probe) if paren else None)
        if dm:
            return (*_anchor_after(work, dname, dm, r), pos)
    return None, "none", None, pos


def _anchor_after(work: str, dname: str, dm: re.Match, r: TimeRules) -> tuple[str | None, str, tuple[int, int] | None]:
    word = dm.group(0).strip().lower()
    direction = dname if not (dname == "before" and word in ("of", "from", "since")) else "before"
    tail_start = dm.end()
    anchor, anchor_span = "none", None
    for aname, ap in r.anchors:
        am = ap.match(work, tail_start)
        if am and am.group(0).strip():
            anchor, anchor_span = aname, (am.start() + (len(am.group(0)) - len(am.group(0).lstrip())), am.end())
            break
    if anchor == "none" and word in ("of", "from", "since"):
        em = r.event_nouns.match(work, tail_start)
        if em:
            anchor, anchor_span = "event", (tail_start, tail_start + len(em.group(0).rstrip()))
    if anchor == "none" and dname in ("before", "after") and word not in ("of", "from", "since"):
        ev = re.match(r"[^.;,()]{2,60}", work[tail_start:])
        if ev:
            anchor, anchor_span = "event", (tail_start, tail_start + len(ev.group(0).rstrip()))
    if word == "of" and anchor == "none":
        direction = None
    return direction, anchor, anchor_span


def _comparator_after(work: str, pos: int, direction: str | None, r: TimeRules) -> str:
    """With no comparator before the duration: 'or more', '12 months of amenorrhea', or from the direction."""
    for name, pattern in r.post_comparators:
        if pattern.match(work[pos:]):
            return name
    if r.bare_state.match(work[pos : pos + 40]):
        return "at_least"  # "12 months of amenorrhea"
    return "at_least" if direction == "after" else "within"


def _constrained(work: str, start: int) -> tuple[int, int] | None:
    """The clause before the window: the event, drug or condition it constrains."""
    clause = work[:start]
    cut = max((x.end() for x in _CLAUSE_START.finditer(clause)), default=0)
    c_start = cut + (len(clause[cut:]) - len(clause[cut:].lstrip()))
    c_end = start
    while c_end > c_start and work[c_end - 1] in " \t,":
        c_end -= 1
    return (c_start, c_end) if c_end > c_start else None


def constrained_clause(text: str, start: int) -> tuple[int, int] | None:
    """The clause of `text` before offset `start` that a window there constrains (as `constrains` is found)."""
    return _constrained(text.replace("\n", " ").replace("\r", " "), start)


def _kind(work: str, start: int, end: int, r: TimeRules) -> str:
    """state_duration when the sentence speaks of a state that lasts ("stable", "amenorrhea", ...)."""
    s0 = max((x.end() for x in re.finditer(r"[.;](?=\s)", work[:start])), default=0)
    s1 = re.search(r"[.;](?=\s|$)", work[end:])
    return "state_duration" if r.state.search(work[s0 : end + (s1.start() if s1 else len(work) - end)]) else "window"


def _implicit_windows(work: str, found: list[WindowDraft], r: TimeRules) -> list[WindowDraft]:
    """'in the previous year', 'during the past month': one unit, no number written."""
    out = []
    for m in r.implicit_one.finditer(work):
        if any(w.start <= m.start() < w.end for w in found + out):
            continue
        unit = next(k for k, p in r.unit_of if p.match(m.group("unit")))
        direction, anchor, anchor_span = None, "none", None
        paren = re.match(r"\s*\(\s*", work[m.end() :])
        probe = m.end() + (paren.end() if paren else 0)
        dm = r.before.match(work, m.end()) or r.before.match(work, probe)
        if dm:
            for aname, ap in r.anchors:
                am = ap.match(work, dm.end())
                if am and am.group(0).strip():
                    direction, anchor, anchor_span = "before", aname, (dm.end(), am.end())
                    break
        end = anchor_span[1] if anchor_span else m.end()
        out.append(WindowDraft(m.start(), end, "window", "within", iso_duration(1, unit), None, None, None, direction,
                               anchor, anchor_span, None))
    return out


def _share_anchors(work: str, out: list[WindowDraft]) -> None:
    """'within 2 weeks or any other radiation therapy within 4 weeks before first dose': a window with no
    anchor takes the anchor of the next one in the same sentence when 'or' / 'and' joins them."""
    for a, b in zip(out, out[1:]):
        between = work[a.end : b.start]
        if a.anchor == "none" and b.anchor != "none" and len(between) <= 60 and re.search(r"\b(?:or|and)\b", between) \
                and not re.search(r"[.;](?:\s|$)", between):
            a.anchor, a.direction = b.anchor, b.direction
