"""Pure: the threshold expression that starts at a position of a criterion's working text.

An expression is a comparator (symbol or words: "≥", "\\>=", "> or =", "at least", "not exceeding", "up to",
"below", "in excess of", LaTeX "\\geq"), a number (1,500; 100 000; 1.5; 1,5; "50.000/mmc" read as fifty
thousand), then a reference (x ULN, times the upper limit of normal, x LLN, % of predicted) or a unit (/µL,
cells/mm3, x 10⁹/L, g/dL, mL/min/1.73 m², mg/mg, ms, mmHg, %, ...); or a range ("between X and Y", "X–Y",
"outside 100-160", "18~27 kg/m2", "50 kg - 90 kg", "5.0 feet - 6 feet 4 inches"); or a number with a trailing
comparator ("100,000/mm3 or more"); or "within normal limits". A value may be negative after a comparator ("≥ -1
cm"), a dipstick grade ("≤ 2+"), or a unit and its sub-unit ("6 feet 4 inches").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import Rules, parse_number, skip_ws, unit_matcher


@dataclass
class Expr:
    start: int
    end: int
    comparator: str
    value: float
    value_high: float | None = None
    unit: str | None = None
    unit_span: tuple[int, int] | None = None
    reference: str = "absolute"
    in_parens: bool = False
    second_value: float | None = None  # "150/95 mmHg": the diastolic value of a blood pressure
    dangling_multiplier: bool = False  # "AST <3x": a multiple whose reference comes later or is the ULN
    dipstick: bool = False  # "proteinuria ≤ 2+": a dipstick grade, no unit


RANGE_SEP = re.compile(r"[ \t]*(?:-|–|—|~|to|and)[ \t]*")
ECHO = re.compile(r"\s*(?:\(\s*[<>=≤≥]{1,2}\s*\)|[=≥≤](?=\s*\d))")
OUTSIDE = re.compile(r"outside\s+(?:of\s+)?(?:the\s+)?(?:(?:normal\s+|reference\s+)?range\s+(?:of\s+)?)?", re.I)
_BETWEEN = re.compile(r"(?:between|from)\s+", re.I)
_DASHES = ("-", "–", "—", "~")
_PERCENT_OF = re.compile(r"[ \t]*(?:(above|over|greater\s+than|higher\s+than|in\s+excess\s+of)[ \t]+|of[ \t]+)?(?:the[ \t]+)?(?=\S)", re.I)
_INNER_COMPARATOR = re.compile(r"\b(?:(?:higher|greater|more)\s+than|above|over)\b", re.I)
_DIPSTICK = re.compile(r"[ \t]*\+(?![\d+])")
ALLOWED_AFTER = {"and", "or", "in", "at", "on", "for", "if", "with", "without", "during", "within", "prior", "before",
                 "after", "while", "unless", "when", "but", "as", "by", "from", "to", "nor", "measured", "confirmed",
                 "determined", "obtained", "documented", "respectively", "of", "the", "per", "despite", "who", "which",
                 "that", "on", "is", "are", "was", "were", "must", "should", "will", "using", "according", "x",
                 "times", "upper", "lower", "normal", "uln", "lln", "except", "unless", "until", "since", "via",
                 "under", "over", "above", "below", "more", "less", "greater", "higher", "lower", "or", "e", "i"}


@dataclass
class _Tail:
    """What follows the number: a second value, a range end, a log scale, a reference or a unit."""

    pos: int
    second: float | None = None
    log: bool = False
    high_raw: str | None = None
    reference: str = "absolute"
    unit: str | None = None
    unit_span: tuple[int, int] | None = None
    dangling: bool = False
    dipstick: bool = False
    add_low: float = 0.0  # "6 feet 4 inches": the sub-unit's part, in the unit
    percent_of: str | None = None  # "25% above ULN" ("above": 1.25 x ULN), "75% of the LLN" ("of": 0.75 x LLN)
    add_high: float = 0.0


def parse_expression(text: str, pos: int, r: Rules, *, need_comparator: bool = True,
                     default_comparator: str | None = None) -> Expr | None:
    """The threshold expression starting at text[pos] (a comparator, 'between', 'within normal limits', or a
    number followed by a trailing comparator; with `default_comparator`, a bare number takes that comparator:
    "Hgb < 11 g/dL in women or 12 g/dL in men")."""
    start = skip_ws(text, pos)
    head = _head(text, start, r, need_comparator)
    if head is None or isinstance(head, Expr):
        return head
    comparator, between, q = head
    outside = comparator is None and not between and OUTSIDE.match(text, start) is not None
    if comparator and not between:
        relative = _relative(text, start, comparator, q, r)
        if isinstance(relative, Expr):
            return relative
        q = relative
    found = _number(text, q, r)
    if found is None:
        return None
    num, word_value, sign = found
    tail = _tail(text, num.end(), r, word_value, comparator, between, outside)
    if tail is None:
        return None
    if word_value is not None and tail.reference == "absolute" and tail.unit is None and not tail.dangling:
        return None
    if r.after_stop.match(text[tail.pos :]):
        return None  # "< 15% rise per day": a change, not a level
    if comparator is None:
        for pattern, canonical in r.post_comparator:
            pm = pattern.match(text, tail.pos)
            if pm:
                comparator, tail.pos = canonical, pm.end()
                break
    if outside and tail.high_raw is not None:
        comparator = "outside"
    elif tail.high_raw is not None:
        comparator = "between"
    if comparator is None and tail.reference == "ULN":  # "3 times higher than normal values"
        inner = _INNER_COMPARATOR.search(text, num.end(), tail.pos)
        comparator = ">" if inner else None
    if comparator is None:
        comparator = default_comparator
    if comparator is None:
        return None
    value = word_value if word_value is not None else sign * parse_number(num.group(0), tail.unit) + tail.add_low
    if tail.log:
        value = float(10 ** value)
    high = parse_number(tail.high_raw, tail.unit) + tail.add_high if tail.high_raw is not None else None
    if tail.percent_of is not None:  # "25% above ULN" -> 1.25 x ULN; "75% of the LLN" -> 0.75 x LLN
        base = 1.0 if tail.percent_of == "above" else 0.0
        value = round(base + value / 100, 10)
        high = round(base + high / 100, 10) if high is not None else None
    return Expr(start, tail.pos, comparator, value, high, tail.unit, tail.unit_span,
                "ULN" if tail.dangling else tail.reference, second_value=tail.second, dangling_multiplier=tail.dangling,
                dipstick=tail.dipstick)


def _head(text: str, start: int, r: Rules, need_comparator: bool) -> tuple[str | None, bool, int] | Expr | None:
    """The comparator (or 'between', 'outside', 'within normal limits') the expression opens with: (comparator,
    between, where the number is looked for), a whole 'within normal limits' expression, or None."""
    m = r.comparator.match(text, start)
    if m:
        q = m.end()
        echo = ECHO.match(text, q)  # "less than or equal to (=<) 40", "at least =15 mm"
        if echo:
            q = echo.end()
        return r.comparator_names[int(m.lastgroup[1:])], False, skip_ws(text, q)
    b = _BETWEEN.match(text[start:])
    if b:
        return None, True, skip_ws(text, start + b.end())
    o = OUTSIDE.match(text, start)
    if o:
        return None, False, skip_ws(text, o.end())
    n = r.normal.match(text, start)
    if n:
        return Expr(start, n.end(), "between", 1.0, 1.0, None, None, "normal_range")
    return None if need_comparator else (None, False, skip_ws(text, start))


def _relative(text: str, start: int, comparator: str, q: int, r: Rules) -> Expr | int:
    """After a comparator: a bare reference ('≤ ULN'), '= within normal limits', or where the number starts
    ('> x3 upper normal limit')."""
    n = r.normal.match(text, q)
    ref = r.reference.match(text, q)
    if ref and not text[q : q + 1].isdigit() and ref.lastgroup and r.reference_names[int(ref.lastgroup[1:])] in ("ULN", "LLN"):
        return Expr(start, ref.end(), comparator, 1.0, None, None, None, r.reference_names[int(ref.lastgroup[1:])])
    if n and comparator == "==":
        return Expr(start, n.end(), "between", 1.0, 1.0, None, None, "normal_range")
    x = re.match(r"[x×]\s*(?=\d)", text[q:])
    return q + x.end() if x else q


def _number(text: str, q: int, r: Rules) -> tuple[re.Match, float | None, int] | None:
    """The number (or a multiplier word, 'twice') at q, with the word's value and the sign ("≥ -1 cm": a minus
    right before the digits); None for an ordinal ('5th')."""
    sign = 1
    if text[q : q + 1] == "-" and text[q + 1 : q + 2].isdigit():
        sign, q = -1, q + 1
    num = r.number.match(text, q)
    word_value = None
    if not num:
        num = r.number_word.match(text, q)
        if not num:
            return None
        word_value = r.number_words[num.group(0).lower()]
    if re.match(r"(?:st|nd|rd|th)\b", text[num.end() : num.end() + 3]):
        return None  # "5th percentile"
    return num, word_value, sign


def _tail(text: str, pos: int, r: Rules, word_value: float | None, comparator: str | None, between: bool,
          outside: bool) -> _Tail | None:
    t = _Tail(pos)
    if word_value is None:
        sl = re.match(r"[ \t]*/[ \t]*(\d{2,3})(?![\d.,/])", text[pos:])  # "150/95 mmHg"
        if sl and not unit_matcher().match(text, pos):
            t.second, t.pos = float(sl.group(1)), pos + sl.end()
    log = re.match(r"[ \t]*log(?:10|₁₀)?[ \t]*(?=[A-Za-z])", text[t.pos :], re.I)
    if log:
        t.log, t.pos = True, t.pos + log.end()
    sep = RANGE_SEP.match(text, t.pos)
    word = text[t.pos : sep.end()].strip() if sep else ""
    if t.second is None and word_value is None and sep and (between or outside or comparator is None or word in _DASHES):
        num2 = r.number.match(text, sep.end())
        if num2 and (between or outside or word in (*_DASHES, "to")):
            t.high_raw, t.pos = num2.group(0), num2.end()
    t = _reference_or_unit(text, t, r, word_value)
    if t is not None and t.unit is not None and word_value is None:
        t.add_low = _sub_unit(text, t, r)
        if t.high_raw is None and t.second is None:
            _range_with_units(text, t, r, between or outside or comparator is None)
    return t


def _sub_unit(text: str, t: _Tail, r: Rules) -> float:
    """'6 feet 4 inches': the value of a sub-unit that follows the unit (in the unit), moving t.pos past it."""
    sub = r.sub_units.get(t.unit)
    if sub is None:
        return 0.0
    num = r.number.match(text, skip_ws(text, t.pos))
    if not num:
        return 0.0
    um = unit_matcher().match(text, num.end())
    if um is None or um[0] != sub[0]:
        return 0.0
    t.pos, t.unit_span = um[2], (t.unit_span[0], um[2]) if t.unit_span else None
    return parse_number(num.group(0), um[0]) * sub[1]


def _range_with_units(text: str, t: _Tail, r: Rules, open_range: bool) -> None:
    """'50 kg - 90 kg', '18 kg/m2 to 30 kg/m2', '5.0 feet - 6 feet 4 inches': a range whose ends both carry the
    unit (only where no comparator opened the expression, or after 'between')."""
    if not open_range:
        return
    sep = RANGE_SEP.match(text, t.pos)
    if not sep or text[t.pos : sep.end()].strip() not in (*_DASHES, "to"):
        return
    num2 = r.number.match(text, sep.end())
    if not num2:
        return
    um = unit_matcher().match(text, num2.end())
    if um is None or um[0] != t.unit:
        return
    high = _Tail(um[2], unit=um[0], unit_span=(um[1], um[2]))
    t.add_high = _sub_unit(text, high, r)
    t.high_raw, t.pos = num2.group(0), high.pos


def _reference_or_unit(text: str, t: _Tail, r: Rules, word_value: float | None) -> _Tail | None:
    """A reference ('x ULN', '% of predicted') or a unit after the number; a dangling multiple ('<3x'); None
    when a word follows that says the number counts something else ('more than 15 oocytes')."""
    dip = _DIPSTICK.match(text, t.pos)
    if dip and word_value is None:  # "≤ 2+": a dipstick grade
        t.dipstick, t.pos = True, dip.end()
        return t
    ref = r.reference.match(text, t.pos)
    if ref and ref.lastgroup:
        t.reference = r.reference_names[int(ref.lastgroup[1:])]
        if t.reference == "predicted":
            t.unit = "%"
        t.pos = ref.end()
        return t
    um = unit_matcher().match(text, t.pos)
    if um is None and text[skip_ws(text, t.pos) : skip_ws(text, t.pos) + 1] == "(":
        inner = unit_matcher().match(text, skip_ws(text, t.pos) + 1)  # "60(ml/min/1.73 m2)"
        if inner and text[inner[2] : inner[2] + 1] == ")":
            um = (inner[0], inner[1], inner[2] + 1)
    if um:
        t.unit, us, ue = um
        t.unit_span, t.pos = (us, ue), ue
        if t.unit == "%":  # "25% above ULN", "75% of the lower limit of normal": a share of a reference
            rel = _PERCENT_OF.match(text, t.pos)
            ref = r.reference.match(text, rel.end()) if rel else None
            if ref and ref.lastgroup and r.reference_names[int(ref.lastgroup[1:])] in ("ULN", "LLN"):
                t.reference = r.reference_names[int(ref.lastgroup[1:])]
                t.percent_of = "of" if rel.group(1) is None else "above"
                t.unit, t.unit_span, t.pos = None, None, ref.end()
    elif re.match(r"[ \t]*(?:[x×]|times|fold)(?![\w])", text[t.pos :], re.I):  # "<3x", "<3 times [...] UNL"
        t.dangling = True
        t.pos += re.match(r"[ \t]*(?:[x×]|times|fold)", text[t.pos :], re.I).end()
    elif word_value is None:
        after = re.match(r"[ \t]*([A-Za-z][A-Za-z-]*)", text[t.pos :])
        if after and after.group(1).lower() not in ALLOWED_AFTER:
            return None
    return t
